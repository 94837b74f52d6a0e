package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// binary is the fetchbench command, built once by TestMain for the
// end-to-end tests, which run it as a user would.
var binary string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "fetchbench-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)

	binary = filepath.Join(dir, "fetchbench")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	// go test puts its own GOROOT's bin directory first in PATH, so this
	// finds the go command that runs the test. A test binary run by hand
	// (after go test -c) gets the go on PATH, or else $GOROOT/bin/go.
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goroot := os.Getenv("GOROOT")
		if goroot == "" {
			fmt.Fprintf(os.Stderr, "building fetchbench: %v (and GOROOT is not set)\n", err)
			return 1
		}
		goCmd = filepath.Join(goroot, "bin", "go")
	}
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race") // find data races in the command too
	}
	build := exec.Command(goCmd, append(args, ".")...)
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building fetchbench: %v\n%s", err, out)
		return 1
	}
	// A -race binary waits a second at exit, in case another goroutine
	// is about to report a race. Our runs have ended by then; skip it.
	// A race still makes the binary exit with status 66, failing the test.
	os.Setenv("GORACE", strings.TrimSpace("atexit_sleep_ms=0 "+os.Getenv("GORACE")))
	code := m.Run()
	// The in-process tests must leave nothing running: run's progress bar,
	// streams and clients all clean up after themselves.
	if err := goleak.Find(); code == 0 && err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return code
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

// runBinary runs fetchbench with args, stdin as its standard input, and
// returns its output and exit status.
func runBinary(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("fetchbench %s: %v", strings.Join(args, " "), err)
	}
	r := result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
	if ctx.Err() != nil {
		t.Fatalf("fetchbench %s: killed after 30s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.stdout, r.stderr)
	}
	return r
}

// wantCode fails the test unless the run exited with code.
func (r result) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d; want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}
