/**
 * A TypeScript plugin served with its own gob registry (`serve({ registry })`): "main.Shape" is
 * a struct { Text string } here, in no other registry. Plugin `shapes`:
 * `Plugin.Echo(interface{}) interface{}` returns a Shape whose Text is the received one's + "!".
 */
import * as gob from '../../../src/gob/index.js';
import { serve } from '../../../src/plugin/index.js';
import { describeService, implementService } from '../../../src/rpc/index.js';
import { TESTBED_HANDSHAKE } from './testbed-contract.js';

/** main.Shape as this plugin (and its host) know it. */
export const LabelShape = gob.struct('Shape', { Text: gob.string });
/** The plugin's service. */
export const ShapeEcho = describeService('Plugin', { Echo: { args: gob.interface, reply: gob.interface } });

if (process.argv[1]?.endsWith('rpc-registry-plugin.ts') === true) {
  await serve({
    handshake: TESTBED_HANDSHAKE,
    registry: new gob.Registry().register('main.Shape', LabelShape),
    plugins: {
      shapes: () =>
        implementService(ShapeEcho, {
          Echo: (v) => gob.iface('main.Shape', { Text: `${(v?.value as { Text?: string } | undefined)?.Text ?? ''}!` }),
        }),
    },
  });
}
