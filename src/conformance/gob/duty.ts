/**
 * The one-page IUT duty of `conformance gob`, printed by `go-netrpc conformance gob --help` and
 * repeated in the README's "Conformance kit" section.
 */
export const GOB_IUT_DUTY = `The implementation under test (IUT) of \`go-netrpc conformance gob\`

Shape    A filter, started once per case: --exec CMD ARGS... (or --iut NAME). It reads one gob
         stream on stdin, written by Go (fixtures/gob, fixtures/conformance/gob), to its end.
Duty     --mode bytes (default): write the same values to stdout as ONE fresh Encoder would
         (definitions before first use, each type once), then exit 0. Go decodes the output into
         the case's Go types and compares: equal values and Go's exact bytes = pass; equal
         values, other bytes (e.g. another valid definition order) = non-strict; else fail.
         --mode json: print each value as one line of wire-view JSON (\`go-netrpc gob dump
         --json\`): ints as numbers up to 2^53-1, else decimal strings; floats as numbers or
         "NaN" "+Inf" "-Inf" "-0"; complex [re, im]; []byte and GobEncoder/BinaryMarshaler
         payloads base64; non-UTF-8 string bytes as U+DC80..U+DCFF; arrays and slices as arrays;
         maps as [[key, value], ...] sorted by the key's JSON; structs as objects with every
         field (absent ones as the wire zero); interfaces null or {"$type": name, "$value": v}.
         Malformed or hostile input: exit non-zero (json mode: or print {"error": "..."}),
         within (10 s + 10 x the IUT's time on a small valid stream) x --time-scale and 128 MiB
         above its memory on that stream (max RSS, measured at exit). Crashes, hangs and
         unbounded allocation fail.
Env      GOB_CONFORMANCE_CASE  the corpus case (a typed IUT, like Go, picks its Go types from it:
                               go-testbed/internal/gobzoo and go-testbed/cmd/gobconform)
         GOB_CONFORMANCE_MODE  bytes or json
Optional capabilities (declare them with --caps; cases needing an undeclared one are n/a)
  typed  The IUT decodes into the case's Go types and rejects what they cannot hold
         (section 8: out of range, type mismatch, unregistered interface names).
Verdicts pass · non-strict (value-identical, other bytes) · fail · n/a · info.
         Exit status 0 only when no case fails.`;
