/**
 * go-netrpc/packer: Packer plugins in TypeScript over Packer's own plugin protocol (yamux +
 * MuxBroker + net/rpc with the ugorji msgpack codec).
 */
export { MsgpackRpcClient, mpMethod, msgpackService, serveMsgpack } from './rpc.js';
export type { MsgpackMethod } from './rpc.js';
