/**
 * The one-page IUT duty of `conformance yamux`, printed by `go-netrpc conformance --help` and
 * repeated in the README's "Conformance kit" section.
 */
export const YAMUX_IUT_DUTY = `The implementation under test (IUT) of \`go-netrpc conformance yamux\`

Role     --role server (default): the IUT is the yamux SERVER of every session (the kit opens
         odd stream ids, the IUT even ones). --role client: the IUT is the yamux CLIENT (the kit
         opens even ids, the IUT odd ones); --exec passes YAMUX_CONFORMANCE_ROLE=server|client.
         The duty is the same in both roles; --matrix runs every adapter in both.
         Every test case uses a fresh connection; serve any number of them, concurrently.
Reach    --connect HOST:PORT  the IUT listens; the kit connects once per case.
         --listen HOST:PORT   the kit listens; the IUT dials it, and keeps ONE idle connection
                              waiting: dial the next as soon as one receives its first byte (or
                              when an idle one closes); stop when a dial is refused.
         --exec CMD ARGS...   the kit listens on an ephemeral port and starts CMD with
                              YAMUX_CONFORMANCE_DIAL=HOST:PORT (dial as for --listen) and
                              YAMUX_CONFORMANCE_TIME_SCALE=F and YAMUX_CONFORMANCE_ROLE.
Duty     Accept every stream the kit opens (ACK it at once, as Go's AcceptStream does) and echo
         it: write back every byte read, honouring flow control, until the kit's FIN; then
         close the stream (FIN). Use the library's defaults (Go DefaultConfig: 256 KiB window,
         AcceptBacklog 256). Never exit on a bad connection.
Optional capabilities (declare them with --caps; cases needing an undeclared one are n/a)
  open      A stream whose first 5 bytes are "OPEN " is a command: read it to its end,
            "OPEN <n> <size>[ hold]\\n"; open n streams towards the kit, write <size> bytes on each,
            byte i = (id*31 + i) % 251 (id = that stream's id), close each (with "hold": only
            after the kit's FIN); drain and discard
            what the kit sends on them. Answer the command stream "OK\\n" (or "ERR why\\n"), FIN.
  timeouts  Use Go's DefaultConfig timeouts multiplied by YAMUX_CONFORMANCE_TIME_SCALE (or the
            --time-scale given to the kit): keepalive 30 s, connection write timeout 10 s (but
            never below 2 s), StreamOpenTimeout 75 s, StreamCloseTimeout 300 s.
Verdicts pass · non-strict (works, deviates from Go) · fail · n/a · info (recorded only).
         Exit status 0 only when no case fails.`;
