// Command gobconform is the Go side of `go-netrpc conformance gob`: Go's encoding/gob as the
// reference that writes the corpus, judges an implementation's output and is itself an IUT.
//
//	gobconform gen -out DIR     write the kit's corpus manifest (every case: its stream file or
//	                            generator, Go's decode error for hostile streams) and the streams
//	                            of the cases defined here (fixtures/conformance/gob)
//	gobconform stream NAME      Go's stream of case NAME on stdout (fresh type ids)
//	gobconform check NAME       stdin: an IUT's output for case NAME; Go decodes it into the
//	                            case's Go types and compares with the case's values (value
//	                            identity) and with Go's own re-encoding (byte identity); one
//	                            JSON verdict on stdout
//	gobconform expect NAME      the case's values as wire-view JSON (gobzoo/wire.go), one line
//	                            per value (what an IUT prints in --mode json)
//	gobconform filter [-json]   the Go IUT: decodes stdin into the Go types of case
//	                            $GOB_CONFORMANCE_CASE and re-encodes them with a fresh Encoder
//	                            (or prints wire-view JSON lines); exit 1 with Go's error
//	gobconform run -timeout-ms N -- CMD ARGS…
//	                            runs CMD on this process's stdin/stdout/stderr and writes its
//	                            exit status, max RSS (wait4 rusage) and times as JSON to fd 3
//
// Go's type ids are process-global: every command handles one case in a fresh process, so
// "Go's encoding" always starts from a fresh id counter, as a fresh Encoder in another
// implementation does.
package main

import (
	"fmt"
	"os"

	"github.com/go-netrpc/go-testbed/internal/gobzoo"
)

func main() {
	gobzoo.Register()
	if len(os.Args) < 2 {
		usage()
	}
	args := os.Args[2:]
	var err error
	switch os.Args[1] {
	case "gen":
		err = genMain(args)
	case "stream":
		err = streamMain(args)
	case "check":
		err = checkMain(args)
	case "expect":
		err = expectMain(args)
	case "filter":
		err = filterMain(args)
	case "run":
		err = runMain(args)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gobconform:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: gobconform gen -out DIR | stream NAME | check NAME | expect NAME | filter [-json] [-fault accept] | run -timeout-ms N -- CMD ARGS...")
	os.Exit(2)
}

// findCase returns a case of the zoo (fixtures/gob) or of this command (local.go).
func findCase(name string) (gobzoo.Case, error) {
	for _, c := range localCases {
		if c.ID == name {
			return c, nil
		}
	}
	if c, ok := gobzoo.Find(name); ok {
		return c, nil
	}
	return gobzoo.Case{}, fmt.Errorf("unknown case %q", name)
}
