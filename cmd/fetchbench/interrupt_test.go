package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/fetchtest/sim"
)

// TestInterrupt sends Ctrl-C to the binary while slow pages are in flight
// and more wait their turn. fetchbench must stop promptly, keep the pages
// that finished, print those in flight with their cancellation error, the
// ones never begun in one line, and a summary saying it was interrupted,
// and exit 130. (TestInterruptGolden shows the whole output.)
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	// Odd pages take an hour; the site's handlers give up when the request
	// is cancelled, so Close does not wait for them.
	site := sim.NewServer(sim.Config{Pages: 6, TailEvery: 2, TailLatency: time.Hour})
	defer site.Close()
	slow := []string{site.PageURL(1), site.PageURL(3)}
	fast := []string{site.PageURL(0), site.PageURL(2)}
	later := slices.Repeat([]string{site.PageURL(5)}, 20)

	// Slow URLs first: the fast pages printing before them also shows that
	// the default style streams pages in the order they finish. With
	// -limit 4, the four workers then all wait on slow pages.
	cmd, stdout, stderr := startBinary(t, append(append([]string{"-limit", "4"}, slow...), append(fast, later...)...)...)
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	// Wait, with no sleeps, until both fast pages have printed and four
	// requests wait at the site.
	deadline := time.After(10 * time.Second)
	poll := time.NewTicker(5 * time.Millisecond)
	defer poll.Stop()
	var out []string
	for printed := 0; printed < len(fast) || site.Stats().Requests < 6; {
		select {
		case line, ok := <-lines:
			require.True(t, ok, "fetchbench ended early:\n%s\n%s", strings.Join(out, "\n"), stderr)
			out = append(out, line)
			if !strings.HasPrefix(line, " ") {
				printed++
			}
		case <-poll.C:
		case <-deadline:
			require.FailNowf(t, "timed out", "after 10s, %d pages printed and %d requests at the site", printed, site.Stats().Requests)
		}
	}

	start := time.Now()
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	for line := range lines {
		out = append(out, line)
	}
	cmd.Wait()
	assert.Less(t, time.Since(start), 5*time.Second, "time to exit after Ctrl-C")
	assert.Equal(t, exitInterrupt, cmd.ProcessState.ExitCode())
	assert.Equal(t, "fetchbench: interrupted\n", stderr.String())

	// Two pages done, four cut short, and one line for the other 18.
	var done, cut []string
	for _, line := range out[:len(out)-3] {
		switch {
		case strings.HasPrefix(line, " "):
		case strings.HasSuffix(line, ": context canceled"):
			cut = append(cut, strings.Fields(line)[0])
		default:
			done = append(done, strings.Fields(line)[0])
		}
	}
	assert.ElementsMatch(t, fast, done)
	assert.ElementsMatch(t, append(slow, later[:2]...), cut)
	assert.Equal(t, "18 pages not fetched: context canceled", out[len(out)-3])
	assert.Empty(t, out[len(out)-2])
	scripts := sim.WantScripts(0) + sim.WantScripts(2)
	assert.Regexp(t, fmt.Sprintf(`^24 pages, 22 failed, %d scripts in [0-9.]+[µm]?s: [0-9.]+ pages/s \(channels, limit 4\); interrupted$`, scripts), out[len(out)-1])
}

// TestInterruptDemo sends Ctrl-C while the demo's first style waits on a
// page that takes an hour. The row of that run must say it was cut short,
// with no numbers that could pass for a measurement, and fetchbench must
// exit 130.
func TestInterruptDemo(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	cmd, stdout, stderr := startBinary(t, "-pages", "2", "-tail", "1", "-tail-latency", "1h", "-style", "sequential")
	// The demo prints its site's address, then runs: wait for that line.
	sc := bufio.NewScanner(stdout)
	var out []string
	for sc.Scan() {
		out = append(out, sc.Text())
		if strings.HasPrefix(sc.Text(), "simulated site:") {
			break
		}
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	cmd.Wait()
	assert.Equal(t, exitInterrupt, cmd.ProcessState.ExitCode(), "%s\n%s", strings.Join(out, "\n"), stderr)
	var row []string
	for _, line := range out {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "sequential" {
			row = f
		}
	}
	require.Len(t, row, 9, "the sequential row in\n%s", strings.Join(out, "\n"))
	assert.Equal(t, "cut short by Ctrl-C: not a measurement", strings.Join(row[2:], " "))
	assert.Equal(t, "fetchbench: interrupted\n", stderr.String())
}

// TestUsageErrorBinary checks the exit status of a usage error as the
// shell sees it.
func TestUsageErrorBinary(t *testing.T) {
	cmd, _, stderr := startBinary(t, "-style", "nope", "https://example.com/")
	cmd.Wait()
	assert.Equal(t, exitUsage, cmd.ProcessState.ExitCode(), stderr.String())
}

// startBinary starts the built command with args, and returns it with a
// pipe from its standard output and a buffer that collects its standard
// error.
func startBinary(t *testing.T, args ...string) (*exec.Cmd, io.ReadCloser, *bytes.Buffer) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), binary, args...)
	stderr := new(bytes.Buffer)
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	return cmd, stdout, stderr
}
