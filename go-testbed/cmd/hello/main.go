// Command hello is a trivial program used to check that the go-testbed toolchain works.
package main

import (
	"fmt"
	"runtime"
)

func main() { fmt.Println(runtime.Version()) }
