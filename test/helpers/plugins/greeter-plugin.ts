/**
 * A TypeScript replacement for go-plugin's examples/basic/plugin/greeter (cookie BASIC_PLUGIN=hello,
 * plugin "greeter", `Plugin.Greet(interface{}) string` → "Hello!"), loaded by the upstream Go host
 * `examples/basic` built unmodified from the go-plugin module.
 */
import { implementService } from '../../../src/rpc/service.js';
import { serve } from '../../../src/plugin/index.js';
import { BASIC_HANDSHAKE, Greeter } from './testbed-contract.js';

const served = await serve({
  handshake: BASIC_HANDSHAKE,
  plugins: {
    greeter: ({ logger }) =>
      implementService(Greeter, {
        Greet: () => {
          logger.debug('message from GreeterHello.Greet');
          return 'Hello from TypeScript!';
        },
      }),
  },
});
served.logger.debug('message from plugin', { foo: 'bar' });
