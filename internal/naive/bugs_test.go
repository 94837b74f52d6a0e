package naive

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// Each test below asserts what a correct draft would do, so with the draft's
// bug it fails. Run directly it only checks that: it runs itself again in a
// child process with NAIVE_BUG=1, and passes when the child fails for the
// reason given. To watch a bug, run the child yourself:
//
//	NAIVE_BUG=1 go test -run TestSequentialHangs ./internal/naive

// hang is how long a test waits for a draft that should have returned in
// milliseconds: a bounded wait, so that a hang fails instead of hanging.
const hang = 2 * time.Second

// watchBug reports whether the test runs in the child, where the draft's
// bug must show. In the parent, it runs the child and checks that it failed
// with want in its output. A race test's child must be built with -race:
// then the parent runs go test -race unless it was built with -race itself.
func watchBug(t *testing.T, want string, race bool) (child bool) {
	t.Helper()
	if os.Getenv("NAIVE_BUG") != "" {
		return true
	}
	t.Parallel() // the children mostly wait
	run := "-test.run=^" + t.Name() + "$"
	cmd := exec.Command(os.Args[0], run, "-test.v", "-test.timeout=1m")
	if race && !raceEnabled {
		cmd = exec.Command("go", "test", "-race", "-run=^"+t.Name()+"$", "-v", "-timeout=1m", ".")
	}
	cmd.Env = append(os.Environ(), "NAIVE_BUG=1")
	out, err := cmd.CombinedOutput()
	t.Logf("the child, NAIVE_BUG=1 %s:\n%s", strings.Join(cmd.Args, " "), out)
	if err == nil {
		t.Fatalf("the child passed: the draft's bug did not show")
	}
	if !strings.Contains(string(out), want) {
		t.Fatalf("the child failed without %q in its output", want)
	}
	return false
}

// waitFor runs f and reports whether it returned within hang.
func waitFor(f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(hang):
		return false
	}
}

// checkLeaks fails t if goroutines are still running once the test's other
// deferred calls are done. It lists one line per goroutine, its state and the
// function on top of its stack, rather than goleak's full stack dump: the
// count and the place are the point.
// Goroutines that were running before the test, such as another test's, are
// passed in ignore, from goleak.IgnoreCurrent.
func checkLeaks(t *testing.T, what string, ignore goleak.Option) {
	t.Helper()
	err := goleak.Find(ignore)
	if err == nil {
		return
	}
	count := map[string]int{}
	var places []string // in the order goleak found them
	for _, m := range goleakRE.FindAllStringSubmatch(err.Error(), -1) {
		place := m[1] + ", in " + m[2]
		if count[place] == 0 {
			places = append(places, place)
		}
		count[place]++
	}
	var b strings.Builder
	for _, p := range places {
		fmt.Fprintf(&b, "\n\t%d × %s", count[p], p)
	}
	t.Errorf("%s returned, and left goroutines blocked:%s", what, b.String())
}

var goleakRE = regexp.MustCompile(`Goroutine \d+ in state ([^,]+), with (\S+) on top of the stack`)

func TestSequentialHangs(t *testing.T) {
	if !watchBug(t, "still waiting", false) {
		return
	}
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	urls := []string{site.PageURL(0), site.FaultURL(sim.SlowHeaders)}
	if !waitFor(func() { Sequential(urls) }) {
		t.Errorf("Sequential still waiting after %v for a server that never answers: nothing times out", hang)
	}
}

func TestChannelsHangs(t *testing.T) {
	if !watchBug(t, "still running", false) {
		return
	}
	site := sim.NewServer(sim.Config{Pages: 3})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()
	if !waitFor(func() { Channels(t.Context(), client, site.URLs(), 2) }) {
		t.Errorf("Channels(3 healthy pages) still running after %v: nothing closes jobs, so the workers never stop", hang)
	}
}

func TestChannelsLeaks(t *testing.T) {
	if !watchBug(t, "goroutines blocked", false) {
		return
	}
	defer checkLeaks(t, "Channels", goleak.IgnoreCurrent())
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()
	urls := append([]string{site.FaultURL(sim.NotFound)}, site.URLs()...)
	if _, err := Channels(t.Context(), client, urls, 2); err == nil {
		t.Errorf("Channels returned no error; want the 404")
	}
}

func TestErrgroupAlwaysCancelled(t *testing.T) {
	if !watchBug(t, "context canceled", false) {
		return
	}
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()
	if _, err := Errgroup(t.Context(), client, site.URLs(), 2); err != nil {
		t.Errorf("Errgroup(4 healthy pages) = %v; want nil", err)
	}
}

func TestErrgroupLimitZeroHangs(t *testing.T) {
	if !watchBug(t, "still running", false) {
		return
	}
	site := sim.NewServer(sim.Config{Pages: 2})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()
	if !waitFor(func() { Errgroup(t.Context(), client, site.URLs(), 0) }) {
		t.Errorf("Errgroup(limit 0) still running after %v: SetLimit(0) lets no goroutine start", hang)
	}
}

// The late page is written after SelectLoop has returned, while the test
// reads it: under -race, a data race.
func TestSelectLoopRace(t *testing.T) {
	if !watchBug(t, "WARNING: DATA RACE", true) {
		return
	}
	site := sim.NewServer(sim.Config{Pages: 2, TailEvery: 2, TailLatency: 100 * time.Millisecond})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()
	pages := SelectLoop(t.Context(), client, site.URLs(), 10*time.Millisecond)
	// A correct draft no longer writes pages: page 1 would stay empty.
	written := waitFor(func() {
		for pages[1].URL == "" {
			runtime.Gosched()
		}
	})
	if written {
		t.Errorf("pages[1] was written after SelectLoop returned: a data race")
	}
}

func TestSelectLoopLeaks(t *testing.T) {
	if !watchBug(t, "goroutines blocked", false) {
		return
	}
	defer checkLeaks(t, "SelectLoop", goleak.IgnoreCurrent())
	site := sim.NewServer(sim.Config{Pages: 2, TailEvery: 2, TailLatency: 100 * time.Millisecond})
	defer site.Close()
	client := fetchbench.NewClient(2)
	defer client.CloseIdleConnections()
	SelectLoop(context.Background(), client, site.URLs(), 10*time.Millisecond)
}

// goroutines.go is left out of the build because go vet rejects its first
// bug; this runs vet on it to show that.
func TestGoroutinesVet(t *testing.T) {
	out, err := exec.Command("go", "vet", "goroutines.go").CombinedOutput()
	t.Logf("go vet goroutines.go:\n%s", out)
	if err == nil || !strings.Contains(string(out), "WaitGroup.Add called from inside new goroutine") {
		t.Errorf("go vet goroutines.go passed, or failed for another reason (%v)", err)
	}
}
