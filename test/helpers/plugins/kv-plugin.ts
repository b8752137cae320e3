/**
 * A TypeScript replacement for go-plugin's examples/grpc/plugin-go-netrpc (cookie BASIC_PLUGIN=hello,
 * plugin "kv": `Plugin.Put(map[string]interface{}) interface{}`, `Plugin.Get(string) []byte`, files
 * `kv_<key>` in the working directory), loaded by the upstream Go host `examples/grpc` with
 * KV_PROTO=netrpc. With KV_TS_VERSION=2 it serves app protocol version 2 instead, for the upstream
 * examples/negotiated host.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { GoInterface } from '../../../src/gob/types.js';
import { implementService } from '../../../src/rpc/service.js';
import { serve } from '../../../src/plugin/index.js';
import { BASIC_HANDSHAKE, KV } from './testbed-contract.js';

function unwrap(v: GoInterface | null | undefined): unknown {
  return v instanceof GoInterface ? v.value : v;
}

const version = Number(process.env['KV_TS_VERSION'] ?? 1);
await serve({
  handshake: { ...BASIC_HANDSHAKE, protocolVersion: version },
  plugins: {
    kv: () =>
      implementService(KV, {
        Put: async (args) => {
          const key = String(unwrap(args?.get('key')));
          const value = unwrap(args?.get('value'));
          const bytes = value instanceof Uint8Array ? value : new TextEncoder().encode(String(value));
          await writeFile(`kv_${key}`, Buffer.concat([bytes, Buffer.from('\n\nWritten from plugin-ts-netrpc')]));
          return null;
        },
        Get: async (key) => new Uint8Array(await readFile(`kv_${key}`)),
      }),
  },
});
