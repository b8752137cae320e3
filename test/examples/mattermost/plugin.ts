// A Mattermost server plugin in TypeScript. Types: mattermost.gen.ts (go-netrpc gen).
import { text } from 'node:stream/consumers';
import * as gob from 'go-netrpc/gob';
import { serve } from 'go-netrpc/plugin';
import { implementService, type ServiceClient } from 'go-netrpc/rpc';
import * as mm from './mattermost.gen.js';

mm.register(); // *model.AppError, *plugin.ErrorString, … travel as interface values
let api: ServiceClient<typeof mm.ApiRPCServer.methods>; // the server's API, dialled in OnActivate
const log = (msg: string, ...kv: string[]) => api.LogInfo({ A: msg, B: kv.map((v) => new gob.GoInterface(gob.string, v, 'string')) });

await serve({
  handshake: { protocolVersion: 1, magicCookieKey: 'MATTERMOST_PLUGIN', magicCookieValue: 'Securely message teams, anywhere.' },
  plugins: {
    hooks: ({ broker }) =>
      implementService(mm.HooksRPCServer, {
        Implemented: () => Object.keys(mm.HooksRPCServer.methods).filter((m) => m !== 'Implemented'),
        OnActivate: async ({ APIMuxId = 0, DriverMuxId = 0 }) => {
          api = (await broker.dialClient(APIMuxId)).service(mm.ApiRPCServer);
          (await broker.dial(DriverMuxId)).destroy(); // no database access needed
          const { A: config } = await api.GetConfig({});
          await log('activated', 'site', config?.ServiceSettings?.SiteURL ?? '?');
          await api.KVSet({ A: 'greeting', B: new TextEncoder().encode('hello from TypeScript') });
          return {};
        },
        OnDeactivate: async () => (await log('deactivated'), {}),
        MessageWillBePosted: ({ B: post }) =>
          post?.Message?.includes('spam') ? { B: 'no spam, please' } : { A: { ...post, Message: `${post?.Message} (checked by TypeScript)` } },
        MessagesWillBeConsumed: ({ A: posts = [] }) => ({ A: posts.map((p) => p && { ...p, Message: (p.Message ?? '').replace('secret', '******') }) }),
        ExecuteCommand: ({ B: args }) =>
          args?.Command?.startsWith('/echo ') ? { A: { ResponseType: 'ephemeral', Text: args.Command.slice(6) } } : { B: { Id: 'unknown_command', Message: `unknown command ${args?.Command}`, StatusCode: 404 } },
        ServeHTTP: async ({ ResponseWriterStream = 0, RequestBodyStream = 0, Request }) => {
          const body = RequestBodyStream === 0 ? '' : await broker.dial(RequestBodyStream).then((s) => text(s.end(Uint8Array.of(0x80, 0x80, 0x80, 0x01)))); // pull ≤ 1 MiB (Go PutVarint)
          const conn = await broker.dialClient(ResponseWriterStream), w = conn.service(mm.HttpResponseWriterRPCServer); // the server's ResponseWriter
          await w.SyncHeader(new Map([['Content-Type', ['text/plain']], ['X-Plugin', ['go-netrpc']]]));
          await w.WriteHeader(201);
          await w.Write(new TextEncoder().encode(`${Request?.Method} ${Request?.RequestURI}: ${body}`));
          await conn.close();
          return {};
        },
      }),
  },
});
