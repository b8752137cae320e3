/**
 * The one-page IUT duty of `conformance rpc`, printed by `go-netrpc conformance --help` and
 * repeated in the README's "Conformance kit" section.
 */
import { SCENARIOS } from './service.js';

export const RPC_IUT_DUTY = `The implementation under test (IUT) of \`go-netrpc conformance rpc\` (net/rpc, gob codec)

Service  Conf, with Go's method rules (gob types: Args{A, B int64}, Payload{Text string;
         Data []byte}, Report{Scenario string; Lines []string}):
           Conf.Add(Args) int64      A + B
           Conf.Echo(Payload) Payload the argument
           Conf.Delay(int64) int64   sleeps that many ms (0..60000), replies it
           Conf.Fail(string) string  returns an error whose text is the argument
           Conf.Big(int64) []byte    n bytes (0..64 MiB), byte i = i % 251
Server   --role server: serve Conf on every connection (one gob stream per direction, calls
role     answered concurrently, as rpc.ServeConn does). Reach: --connect HOST:PORT (it
         listens), or --exec CMD: the kit starts CMD with RPC_CONFORMANCE_ROLE=server and
         RPC_CONFORMANCE_LISTEN=127.0.0.1:0; print "listening HOST:PORT" as the first stdout line.
Client   --role client: dial the kit again and again (--listen HOST:PORT, or --exec CMD with
role     RPC_CONFORMANCE_ROLE=client and RPC_CONFORMANCE_DIAL=HOST:PORT). On each connection
         call Conf.Next("") → scenario name ("" = stop); make the scenario's calls on that
         connection with your client; close it; dial again and call Conf.Report(Report{name,
         one line per call, in call order}). A line is "ok <reply>" (an int in decimal; an
         Echo reply "<Text> <len(Data)> <sum>"; a Big reply "<len> <sum>", sum = the bytes'
         sum mod 2^32) or "err <error text>". Stop when a dial is refused. Scenarios:
${Object.entries(SCENARIOS).map(([k, v]) => `           ${k.padEnd(13)}${v}`).join('\n')}
Verdicts pass · non-strict (works, deviates from Go) · fail · n/a · info (recorded only).
         Exit status 0 only when no case fails.`;
