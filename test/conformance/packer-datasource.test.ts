/**
 * A TS Packer datasource (the `greet` datasource of the multi-component test plugin, SDK
 * 4-field handshake) driven by a Go host built on packer-plugin-sdk v0.6.4's rpc client
 * (go-testbed/packer-sdk/cmd/packer-ds-host), the calls Packer ≥ 1.7 makes for an HCL2 `data`
 * block: ConfigSpec → Configure (cty JSON) → OutputSpec → Execute. Go decodes our gob
 * `hcldec.ObjectSpec`s and our gob `cty.Value` (big.Float numbers, lists, maps, objects,
 * tuples, nulls) and prints them as cty JSON; errors come back with the SDK's texts. Under real
 * Packer 1.11 the same datasource runs in `npm run test:packer-current`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goBin, runProgram } from '../helpers/go-peer.js';
import { tsPluginCommand } from '../helpers/plugins/upstream.js';

let dir = '';
let plugin = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'packer-ds-'));
  const { cmd, args } = tsPluginCommand('packer-components.ts');
  const quoted = [cmd, ...args, 'set'].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  plugin = join(dir, 'packer-plugin-tsset');
  writeFileSync(plugin, `#!/bin/sh\nGONETRPC_PACKER_PROTOCOL=sdk exec ${quoted} "$@"\n`);
  chmodSync(plugin, 0o755);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface HostResult {
  readonly raw: string;
  readonly config_type: unknown;
  readonly output_type: unknown;
  readonly value?: { [k: string]: unknown };
  readonly value_type?: unknown;
  readonly configure_error?: string;
  readonly execute_error?: string;
}

async function drive(config: object): Promise<HostResult> {
  const r = await runProgram(goBin('packer-ds-host'), ['-name', 'greet', '-config', JSON.stringify(config), '--', plugin], undefined, 90_000);
  expect(r.code, r.stderr).toBe(0);
  const raw = r.stdout.toString('utf8').trim();
  return { raw, ...(JSON.parse(raw) as Omit<HostResult, 'raw'>) };
}

const OUTPUT_TYPE = [
  'object',
  {
    big: 'number',
    greeting: 'string',
    length: 'number',
    meta: ['map', 'string'],
    missing: 'string',
    nested: ['object', { ok: 'bool', sizes: ['list', 'number'] }],
    pair: ['tuple', ['string', 'number']],
    ratio: 'number',
    words: ['list', 'string'],
  },
];

describe('a TS datasource under the packer-plugin-sdk rpc client', () => {
  it('Go decodes its ConfigSpec, OutputSpec and the executed cty value exactly', async () => {
    const r = await drive({ name: 'big world', fail_execute: null });
    expect(r.config_type).toEqual(['object', { fail_execute: 'bool', name: 'string' }]);
    expect(r.output_type).toEqual(OUTPUT_TYPE);
    expect(r.value_type).toEqual(OUTPUT_TYPE);
    expect(r.configure_error).toBeUndefined();
    expect(r.execute_error).toBeUndefined();
    expect(r.value).toMatchObject({
      greeting: 'hello big world',
      length: 9,
      ratio: -0.1,
      words: ['big', 'world'],
      meta: { source: 'go-netrpc' },
      pair: ['x', 7],
      missing: null,
    });
    const sizes = (r.value?.['nested'] as { ok: boolean; sizes: number[] }).sizes;
    expect(sizes).toEqual([1, 2.5, 1e300, 5e-324, -3, 2 ** 70]);
    expect((r.value?.['nested'] as { ok: boolean }).ok).toBe(true);
    // 2^53 + 1 as a bigint: every digit survives (big.Float with 64-bit precision).
    expect(r.raw).toContain('"big":9007199254740993,');
  });

  it("a Configure error reaches the host as the datasource's text", async () => {
    const r = await drive({ name: 'bad', fail_execute: null });
    expect(r.configure_error).toBe('name must not be "bad"');
  });

  it('an Execute error reaches the host with the SDK prefix and no value', async () => {
    const r = await drive({ name: 'x', fail_execute: true });
    expect(r.execute_error).toBe('Datasource.Execute failed: the TS datasource failed on purpose');
    expect(r.value).toBeUndefined();
  });
});
