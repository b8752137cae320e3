/**
 * The soak test's TypeScript plugin: go-plugin netrpc `serve()` of the Soak service
 * (soak-contract.ts), launched by the soak host (`node --import tsx test/soak/soak-plugin.ts`).
 */
import { implementService } from '../../src/rpc/index.js';
import { serve } from '../../src/plugin/index.js';
import { SOAK_HANDSHAKE, Soak } from './soak-contract.js';

await serve({
  handshake: SOAK_HANDSHAKE,
  plugins: {
    soak: () =>
      implementService(Soak, {
        Echo: (s) => s,
        Add: ({ A, B }) => A + B,
      }),
  },
});
