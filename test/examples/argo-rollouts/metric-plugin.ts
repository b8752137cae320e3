// An Argo Rollouts metric-provider plugin in TypeScript. Types: argo-rollouts.gen.ts (go-netrpc gen).
import { GoTime } from 'go-netrpc/gob';
import type { GoInterface } from 'go-netrpc/gob';
import { serve } from 'go-netrpc/plugin';
import { implementService } from 'go-netrpc/rpc';
import * as argo from './argo-rollouts.gen.js';

argo.register(); // Argo sends the arguments as interface values: RunArgs, TerminateAndResumeArgs, …
const unwrap = <T>(args: GoInterface | null): T => args?.value as T;
const answer = process.argv[process.argv.indexOf('--answer') + 1] ?? '0'; // the ConfigMap's args
let inits = 0;

await serve({
  handshake: { protocolVersion: 1, magicCookieKey: 'ARGO_ROLLOUTS_RPC_PLUGIN', magicCookieValue: 'metricprovider' },
  plugins: {
    RpcMetricProviderPlugin: () =>
      implementService(argo.PluginService, {
        InitPlugin: () => (inits++, {}),
        Type: () => 'TypeScriptMetric',
        GetMetadata: (args) => new Map([['metric', unwrap<argo.GetMetadataArgs>(args).Metric?.Name ?? ''], ['inits', `${inits}`]]),
        Run: (args) => {
          const { AnalysisRun, Metric } = unwrap<argo.RunArgs>(args);
          const config = Metric?.Provider?.Plugin?.get('go-netrpc/ts-metric') ?? new Uint8Array();
          return {
            Phase: 'Successful',
            Value: answer,
            StartedAt: GoTime.fromUnix(1_800_000_000, 5),
            Metadata: new Map([['run', AnalysisRun?.ObjectMeta?.Name ?? ''], ['query', JSON.parse(new TextDecoder().decode(config)).query]]),
          };
        },
        Resume: (args) => {
          const { Measurement: m } = unwrap<argo.TerminateAndResumeArgs>(args);
          return { ...m, Phase: 'Successful', Message: `resumed at ${m?.StartedAt?.toString()}`, Value: `${Number(m?.Value) * 6}` };
        },
        Terminate: (args) => ({ ...unwrap<argo.TerminateAndResumeArgs>(args).Measurement, Phase: 'Failed', Message: 'terminated' }),
        GarbageCollect: (args) => {
          const { Limit = 0 } = unwrap<argo.GarbageCollectArgs>(args);
          return Limit < 0 ? { ErrorString: `limit ${Limit} < 0` } : {};
        },
      }),
  },
});
