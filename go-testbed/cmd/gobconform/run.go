package main

// run.go: `gobconform run -timeout-ms N -- CMD ARGS…`, how the kit measures an IUT. CMD gets
// this process's stdin, stdout and stderr (no copying) in its own process group; when it ends,
// its exit status, maximum resident set size (from wait4's rusage, read once at exit: no
// polling) and CPU and wall times are written as one JSON object to file descriptor 3. After
// timeout-ms the whole group is killed with SIGKILL and "timedOut" is set; SIGTERM to this
// process kills the group too.

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

// Usage is what run reports on fd 3.
type Usage struct {
	ExitCode  int    `json:"exitCode"`
	Signal    string `json:"signal,omitempty"`
	MaxRSSKiB int64  `json:"maxRssKiB"`
	UserMs    int64  `json:"userMs"`
	SysMs     int64  `json:"sysMs"`
	WallMs    int64  `json:"wallMs"`
	TimedOut  bool   `json:"timedOut,omitempty"`
	StartErr  string `json:"startError,omitempty"`
}

func runMain(args []string) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	timeoutMs := fs.Int("timeout-ms", 60_000, "kill the command after this many milliseconds")
	if err := fs.Parse(args); err != nil {
		return err
	}
	argv := fs.Args()
	if len(argv) == 0 {
		return errors.New("run: no command")
	}
	status := os.NewFile(3, "status")
	if status == nil {
		return errors.New("run: file descriptor 3 is not open")
	}
	report := func(u Usage) error {
		js, _ := json.Marshal(u)
		_, err := status.Write(append(js, '\n'))
		return err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return report(Usage{ExitCode: -1, StartErr: err.Error()})
	}
	pid := cmd.Process.Pid
	var timedOut atomic.Bool
	timer := time.AfterFunc(time.Duration(*timeoutMs)*time.Millisecond, func() {
		timedOut.Store(true)
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	})
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-term
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}()
	_ = cmd.Wait()
	timer.Stop()
	u := Usage{WallMs: time.Since(start).Milliseconds(), TimedOut: timedOut.Load()}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok {
		u.ExitCode = ws.ExitStatus()
		if ws.Signaled() {
			u.Signal = ws.Signal().String()
		}
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		u.MaxRSSKiB = ru.Maxrss
		u.UserMs = ru.Utime.Sec*1000 + int64(ru.Utime.Usec)/1000
		u.SysMs = ru.Stime.Sec*1000 + int64(ru.Stime.Usec)/1000
	}
	// Whatever the command left running in its group goes with it.
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	return report(u)
}
