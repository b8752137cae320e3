/**
 * Deliberate faults of `conformance gob-iut --fault NAME`, the kit's self-test: each makes the
 * go-netrpc filter deviate the way a broken gob implementation would, so a test can assert
 * that the cases checking that rule fail (or turn non-strict) and that no case passes
 * vacuously.
 */
export const GOB_FAULTS = {
  'long-varint': 'writes every message length prefix as 9 bytes (valid, not minimal: non-strict)',
  'reorder-types': 'reverses the messages before each value message (definitions children-first: valid, not Go\'s order, so non-strict; it breaks interface values)',
  'wrong-type-id': 'writes each value message with its type id plus one',
  'drop-field': 'drops the last field present in each top-level struct value',
  'truncate-output': 'drops the last byte of the output',
  'extra-value': 'appends one more value (int 0) at the end of the stream',
  'chunk-reset': 'decodes each stdin read with a fresh Decoder (loses messages that span reads)',
  'accept-hostile': 'on a decode error, ends quietly with exit status 0',
  'unbounded': 'on a decode error, first allocates 256 MiB, as a decoder trusting a claimed length would',
  'hang-on-error': 'on a decode error, never ends',
} as const;

export type GobFault = keyof typeof GOB_FAULTS;

export function isGobFault(s: string): s is GobFault {
  return Object.hasOwn(GOB_FAULTS, s);
}
