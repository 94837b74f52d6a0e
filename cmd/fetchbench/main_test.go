package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"fetchbench/fetchtest/sim"
)

// testdata is the golden files' directory, found before any test changes
// the working directory.
var testdata, _ = filepath.Abs("testdata")

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from what fetchbench prints")

// binary is the fetchbench command, built once by TestMain for the tests
// that need a process of its own: signals, and the open-file limit.
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
	// go test puts its own GOROOT's bin directory first in PATH, so this
	// finds the go command that runs the test.
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race") // find data races in the command too
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building fetchbench: %v\n%s", err, out)
		return 1
	}
	// A -race binary waits a second at exit, in case another goroutine is
	// about to report a race. Our runs have ended by then; skip it. A race
	// still makes the binary exit with status 66, failing the test.
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

// A fakeWeb runs fetchbench in a testing/synctest bubble, against sites in
// memory: time is fake, so every duration it prints is exact, and its
// output is the same on every run and every machine.
type fakeWeb struct {
	site *sim.Site // the site the URLs are on, or the demo's once it ran
	// cancelAt, if not zero, cancels the run this long after it starts,
	// as Ctrl-C would.
	cancelAt time.Duration
}

func (w *fakeWeb) env() env {
	return env{
		stdin: strings.NewReader(""),
		newSite: func(cfg sim.Config) *sim.Site {
			w.site = sim.NewInMemory(cfg)
			return w.site
		},
		newClient: func(int) *http.Client { return w.site.Client() },
		notify: func(ctx context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(ctx)
			if w.cancelAt == 0 {
				return ctx, cancel
			}
			timer := time.AfterFunc(w.cancelAt, cancel)
			return ctx, func() { timer.Stop(); cancel() }
		},
	}
}

// envTo is env with standard output to w.
func (w *fakeWeb) envTo(out io.Writer) env {
	e := w.env()
	e.stdout, e.stderr = out, out
	return e
}

// golden runs fetchbench in-process with args and checks its exit status,
// and its standard output and error against testdata/NAME.stdout and
// testdata/NAME.stderr (a missing file means no output), as benchstat's
// tests do. With -update, it writes the files instead.
func golden(t *testing.T, name string, e env, code int, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e.stdout, e.stderr = &stdout, &stderr
	assert.Equal(t, code, run(args, e), "exit status of fetchbench %s", strings.Join(args, " "))
	// Benchmark output names the machine: compare it as GOOS and GOARCH.
	out := strings.NewReplacer("goos: "+runtime.GOOS+"\n", "goos: GOOS\n", "goarch: "+runtime.GOARCH+"\n", "goarch: GOARCH\n").Replace(stdout.String())
	compare(t, name+".stdout", out)
	compare(t, name+".stderr", stderr.String())
}

func compare(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join(testdata, file)
	if *update {
		if got == "" {
			require.NoError(t, ignoreNotExist(os.Remove(path)))
			return
		}
		require.NoError(t, os.WriteFile(path, []byte(got), 0o666))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, ignoreNotExist(err))
	assert.Equal(t, string(want), got, "%s differs (go test -update rewrites it)", path)
}

func ignoreNotExist(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// inBubble runs f in a synctest bubble.
func inBubble(t *testing.T, f func(t *testing.T, w *fakeWeb)) {
	synctest.Test(t, func(t *testing.T) { f(t, &fakeWeb{}) })
}
