/**
 * The Argo Rollouts example end to end, against Argo Rollouts v1.10.1's own packages
 * (go-testbed/argo): the controller's plugin loader (metricproviders/plugin.NewRpcPlugin →
 * plugin/client, configured by an argo-rollouts-config ConfigMap) runs the TypeScript
 * metric-provider plugin (metric-plugin.ts) through every method; the TypeScript host
 * (metric-host.ts) drives a Go metric plugin built with metricproviders/plugin/rpc; the
 * checked-in types are what `go-netrpc gen` generates from the module today.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goBin, repoRoot, runProgram } from '../../helpers/go-peer.js';
import { bundleExample, readmeExample, regenerate } from '../example-helpers.js';
import { measure } from './metric-host.js';

const here = join(repoRoot, 'test/examples/argo-rollouts');
const GEN_TIMEOUT_MS = 900_000; // a cold run builds the Go helper and the Kubernetes packages' export data

describe('Argo Rollouts: the controller loads the TypeScript metric plugin', () => {
  it('InitPlugin, Type, GetMetadata, Run, Resume, Terminate, GarbageCollect through metricproviders/plugin', async () => {
    const bundle = join(mkdtempSync(join(tmpdir(), 'argo-plugin-')), 'metric-plugin.mjs');
    await bundleExample(join(here, 'metric-plugin.ts'), bundle); // one file, as a plugin ships
    const r = await runProgram(goBin('argohost'), ['--', process.execPath, bundle], undefined, 110_000);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.toString().trim().split('\n').pop() ?? '') as Record<string, unknown>;
    expect(report).toEqual({
      type: 'TypeScriptMetric',
      type2: 'TypeScriptMetric',
      // InitPlugin ran once, when the controller started the plugin.
      metadata: { metric: 'error-rate', inits: '1' },
      // The plugin's args from the ConfigMap, the Metric's plugin config and the AnalysisRun reached it.
      run: {
        phase: 'Successful',
        value: '42',
        startedAt: '2027-01-15T08:00:00Z',
        metadata: { run: 'canary-42', query: 'sum(rate(errors[5m]))' },
      },
      // metav1.Time travelled both ways with its nanoseconds (JSON shows seconds only).
      resume: { phase: 'Successful', message: 'resumed at 2026-12-04T10:30:00.123456789Z', startedAt: '2026-12-04T10:30:00Z', value: '42' },
      terminate: { phase: 'Failed', message: 'terminated', startedAt: '2026-12-04T10:30:00Z' },
      gc: '',
      gcRefused: 'failed to garbage collect via plugin: limit -1 < 0',
    });
  });
});

describe('Argo Rollouts: a TypeScript host drives a Go metric plugin (metricproviders/plugin/rpc)', () => {
  it('every method, with interface-wrapped arguments registered by name', async () => {
    const r = await measure(goBin('argometric'), 'go-netrpc/go-metric');
    expect(r.init).toEqual({ ErrorString: '' });
    expect(r.type).toBe('GoMetric');
    expect(r.metadata).toEqual(new Map([['metric', 'latency'], ['inits', '1']]));
    expect(r.run).toMatchObject({ Phase: 'Successful', Value: 'run-7/latency', Metadata: new Map([['config', '{"p99":true}'], ['app', 'api']]) });
    expect(r.run.StartedAt?.toString()).toBe('2026-12-04T10:30:00.123456789Z');
    expect(r.resume).toMatchObject({ Phase: 'Successful', Message: 'resumed 3', Value: '3' });
    expect(r.resume.FinishedAt?.unixSeconds).toBe(1_800_000_090n);
    expect(r.terminate).toMatchObject({ Phase: 'Failed', Message: 'terminated', Value: '3' });
    expect(r.gc).toEqual({ ErrorString: 'limit -2 < 0' });
  });
});

describe('Argo Rollouts: generated types', () => {
  it('argo-rollouts.gen.ts is what its Regenerate command generates now', async () => {
    const { checkedIn, now } = await regenerate(join(here, 'argo-rollouts.gen.ts'));
    expect(now).toBe(checkedIn);
  }, GEN_TIMEOUT_MS);

  it('the README shows the whole plugin', () => {
    expect(readmeExample('test/examples/argo-rollouts/metric-plugin.ts')).toBe(readFileSync(join(here, 'metric-plugin.ts'), 'utf8'));
  });
});
