/**
 * Wire constants of the yamux protocol, mirroring hashicorp/yamux v0.1.2 const.go
 * (`protoVersion`, `typeData`…`typeGoAway`, `flagSYN`…`flagRST`, `goAwayNormal`…,
 * `initialStreamWindow`, `headerSize`) and the stream-id limit of `Session.OpenStream`.
 */

/** Protocol version byte; anything else is fatal (yamux `protoVersion`). */
export const PROTO_VERSION = 0;

/** Frame types (yamux `typeData`, `typeWindowUpdate`, `typePing`, `typeGoAway`). */
export const FrameType = {
  Data: 0,
  WindowUpdate: 1,
  Ping: 2,
  GoAway: 3,
} as const;
export type FrameType = (typeof FrameType)[keyof typeof FrameType];

/** Header flags, a bit set (yamux `flagSYN`, `flagACK`, `flagFIN`, `flagRST`). */
export const Flag = {
  SYN: 0x1,
  ACK: 0x2,
  FIN: 0x4,
  RST: 0x8,
} as const;

/** GoAway codes carried in the Length field (yamux `goAwayNormal`, `goAwayProtoErr`, `goAwayInternalErr`). */
export const GoAwayCode = {
  Normal: 0,
  ProtocolError: 1,
  InternalError: 2,
} as const;
export type GoAwayCode = (typeof GoAwayCode)[keyof typeof GoAwayCode];

/** Size of every frame header in bytes (yamux `headerSize`). */
export const HEADER_SIZE = 12;

/** Initial per-stream window in each direction, 256 KiB (yamux `initialStreamWindow`). */
export const INITIAL_STREAM_WINDOW = 256 * 1024;

/** Ids at or above this are never allocated (yamux `OpenStream`: `id >= math.MaxUint32-1`). */
export const MAX_STREAM_ID = 0xffff_ffff - 1;
