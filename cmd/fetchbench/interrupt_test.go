package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"fetchbench/fetchtest/sim"
)

// TestInterrupt sends Ctrl-C while slow pages are in flight. fetchbench
// must stop promptly, keep the pages that finished, print the others with
// their cancellation error and a summary saying it was interrupted, and
// exit 130.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	// Odd pages take an hour; the site's handlers give up when the request
	// is cancelled, so Close does not wait for them.
	site := sim.NewServer(sim.Config{Pages: 4, TailEvery: 2, TailLatency: time.Hour})
	defer site.Close()
	slow := []string{site.PageURL(1), site.PageURL(3)}
	fast := []string{site.PageURL(0), site.PageURL(2)}

	// Slow URLs first: the fast pages printing before them also shows that
	// the default style streams pages in the order they finish.
	cmd, stdout, stderr := startBinary(t, append(slow, fast...)...)
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()

	// Wait, with no sleeps, until both fast pages have printed and all four
	// requests have reached the site.
	deadline := time.After(10 * time.Second)
	poll := time.NewTicker(5 * time.Millisecond)
	defer poll.Stop()
	var out []string
	for printed := 0; printed < len(fast) || site.Stats().Requests < len(slow)+len(fast); {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("fetchbench ended early:\n%s\n%s", strings.Join(out, "\n"), stderr.String())
			}
			out = append(out, line)
			if !strings.HasPrefix(line, " ") {
				printed++
			}
		case <-poll.C:
		case <-deadline:
			t.Fatalf("after 10s, %d pages printed and %d requests at the site", printed, site.Stats().Requests)
		}
	}

	start := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for line := range lines {
		out = append(out, line)
	}
	err := cmd.Wait()
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("fetchbench took %v to exit after Ctrl-C; want it prompt", elapsed)
	}
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupt {
		t.Errorf("exit status %d (%v); want %d", code, err, exitInterrupt)
	}

	text := strings.Join(out, "\n") + "\n"
	if sum := summaryOf(t, text); sum[0] != "4" || sum[1] != "2" || sum[4] != "; interrupted" {
		t.Errorf("summary fields %q; want 4 pages, 2 failed, interrupted", sum)
	}
	pages, order := parseText(t, text)
	if len(order) != 4 {
		t.Fatalf("%d pages printed; want all 4:\n%s", len(order), strings.Join(out, "\n"))
	}
	for _, u := range fast {
		if p := printedPage(t, pages, u); len(p.fields) < 2 || p.fields[1] != "200" || len(p.scripts) == 0 {
			t.Errorf("finished page %s printed as %q; want it whole", u, p.fields)
		}
	}
	for _, u := range slow {
		// A request in flight fails with the signal context's error; a page
		// that no worker had begun says "not fetched".
		p := printedPage(t, pages, u)
		msg := p.fields[len(p.fields)-1] // Split gives at least one field
		if !strings.Contains(msg, "interrupt signal received") && !strings.Contains(msg, "context canceled") {
			t.Errorf("cancelled page %s printed as %q; want a cancellation error", u, p.fields)
		}
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr = %q; want it to say the run was interrupted", stderr.String())
	}
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
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupt {
		t.Errorf("exit status %d; want %d\n%s\n%s", code, exitInterrupt, strings.Join(out, "\n"), stderr.String())
	}
	var row []string
	for _, line := range out {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "sequential" {
			row = f
		}
	}
	if len(row) != 9 || strings.Join(row[2:], " ") != "cut short by Ctrl-C: not a measurement" {
		t.Errorf("sequential row %q; want its wall time and \"cut short by Ctrl-C: not a measurement\"\n%s",
			row, strings.Join(out, "\n"))
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr = %q; want it to say the run was interrupted", stderr.String())
	}
}

func TestWriteTableCutShort(t *testing.T) {
	c := &config{limit: 10, site: defaults.site}
	results := []runResult{{style: "sequential", wall: 6 * time.Second}, {style: "channels", wall: 300 * time.Millisecond, cutShort: true}}
	var out strings.Builder
	if writeTable(&out, c, results) {
		t.Errorf("writeTable reported every run complete; want false for a cut-short run")
	}
	for line := range strings.Lines(out.String()) {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "channels" {
			if got := strings.Join(f, " "); got != "channels 300ms cut short by Ctrl-C: not a measurement" {
				t.Errorf("cut-short row %q; want only its wall time and the note", got)
			}
			return
		}
	}
	t.Errorf("no channels row in\n%s", out.String())
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
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout, stderr
}
