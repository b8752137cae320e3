/**
 * Wire constants of Go's encoding/gob (type.go bootstrap ids, decoder.go/encoder.go limits).
 */

/** Builtin type ids (gob `tBool` … `tInterface`, type.go). */
export const T_BOOL = 1;
export const T_INT = 2;
export const T_UINT = 3;
export const T_FLOAT = 4;
export const T_BYTES = 5;
export const T_STRING = 6;
export const T_COMPLEX = 7;
export const T_INTERFACE = 8;

/** gob `firstUserId`: the lowest id a stream may define. */
export const FIRST_USER_ID = 64;
/** First id Go's encoder hands out since Go 1.21 (`len(idToTypeSlice)` after bootstrap = 64). */
export const FIRST_ENCODER_ID = 64;

/** gob `tooBig` on 64-bit Go: 8 GiB. */
export const GO_TOO_BIG = 8 * 1024 * 1024 * 1024;
/**
 * Default `maxMessageBytes`: 64 MiB. Deviation from Go: Go accepts messages up to `tooBig`
 * (8 GiB on 64-bit) but grows its buffer as data arrives; we buffer whole messages in memory, so
 * the default is far lower. Raise it with the option (it is capped at 2^53).
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/**
 * Default Decoder `maxDepth`: 2000 levels of type or value nesting. Deviation from Go: Go's
 * limit (`maxIgnoreNestingDepth`, decode.go) is 10000 and covers skipped values only, since Go
 * recurses on growable goroutine stacks. We recurse on the JS stack (about 1 MB on Node's main
 * thread), which holds some 4,400 levels of the costliest shape measured (skipped struct
 * chains) and 5,000 to 9,800 of others; 2000 keeps a 2x margin, so the limit is the real one.
 * Raise it only together with the stack (`node --stack-size`, a Worker's
 * `resourceLimits.stackSizeMb`); past the stack, decoding still fails with DEPTH_EXCEEDED.
 */
export const DEFAULT_MAX_DEPTH = 2000;
/** Longest interface type name Go accepts (decode.go `decodeInterface`: `name too long`). */
export const MAX_INTERFACE_NAME = 1024;
/** Space reserved in front of every message for its uint byte count (gob `maxLength`). */
export const MAX_COUNT_LENGTH = 9;
