// Command fetchbench fetches web pages and lists the <script> elements on
// each, using any of the five fetchbench styles, and times the run.
//
// Run with no URLs, it is the whole lesson in one command: it starts a
// simulated site in-process, fetches every page with each style in turn,
// sequential first, and prints a table: wall time, pages/s, speedup over
// sequential, how far each style is from the ideal, the most requests in
// flight, and the scripts found, checked against what the site served.
//
// Usage:
//
//	fetchbench [flags]            the demo: five styles against a simulated site
//	fetchbench [flags] URL...     fetch the URLs
//	fetchbench [flags] -f FILE    fetch the URLs in FILE, one per line
//	fetchbench [flags] -          fetch the URLs on standard input
//
// Given URLs, it fetches them with one style (-style), at most -limit at a
// time, each within -timeout and -max-body bytes. It prints each page as
// text, as JSON Lines (-json), or times whole runs in the Go benchmark
// format (-format bench) for benchstat. Text and JSON end with a summary.
// With -public-only it refuses to connect to loopback, private and other
// non-public addresses.
//
// Examples:
//
//	go run ./cmd/fetchbench
//	go run ./cmd/fetchbench -pages 200 -latency 20ms -limit 25
//	go run ./cmd/fetchbench https://go.dev/ https://pkg.go.dev/
//	go run ./cmd/fetchbench -json -public-only -f urls.txt | jq "select(.url).scripts"
//	go run ./cmd/fetchbench -format bench -style all -count 10 -f urls.txt >new.txt
//	go tool benchstat -col /style new.txt
//
// The exit status is 0 if every page succeeded, 1 if any failed, 2 for a
// usage error, and 130 if Ctrl-C interrupted the run. Run "fetchbench -h"
// for every flag, its default, and the output formats.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stderrIsTerminal := false
	if fi, err := os.Stderr.Stat(); err == nil {
		stderrIsTerminal = fi.Mode()&os.ModeCharDevice != 0
	}
	os.Exit(run(os.Args[1:], env{
		stdin:    os.Stdin,
		stdout:   os.Stdout,
		stderr:   os.Stderr,
		progress: stderrIsTerminal,
	}))
}

// env is the outside world of one run, so that tests can run it in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	progress       bool // draw a progress bar on stderr: only on a terminal
}

// Exit statuses. They are part of the command's interface: see usage.
const (
	exitOK        = 0   // every page succeeded
	exitFail      = 1   // a page failed
	exitUsage     = 2   // bad flags or bad input: nothing was fetched
	exitInterrupt = 130 // Ctrl-C, and SIGTERM too: 128 + SIGINT, as shells report Ctrl-C
)

// run is the whole command. It returns the exit status.
func run(args []string, e env) int {
	if crawlMode(args) {
		return runCrawl(args, e) // crawl.go: flags and output of its own
	}
	cfg, err := parseArgs(args, e.stdin)
	switch {
	case errors.Is(err, errHelp):
		fmt.Fprint(e.stdout, usage())
		return exitOK
	case err != nil:
		// The message may quote an argument or a line of -f's file.
		fmt.Fprintf(e.stderr, "fetchbench: %s\nRun 'fetchbench -h' for usage.\n", printable(err.Error()))
		return exitUsage
	}

	// The signal context starts only now, after the URLs are read: while
	// fetchbench waits for URLs on a terminal, Ctrl-C should simply end it.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, restore the default handling, so that a
	// second Ctrl-C kills a run that is slow to wind down.
	context.AfterFunc(ctx, stop)

	if cfg.demo() {
		return runDemo(ctx, cfg, e)
	}
	return runURLs(ctx, cfg, e)
}

// reportInterrupt reports whether ctx was cancelled by a signal, and if
// so says so on stderr. The pages already printed show what finished; the
// others carry the cancellation error.
func reportInterrupt(ctx context.Context, e env) bool {
	if ctx.Err() == nil {
		return false
	}
	fmt.Fprintln(e.stderr, "fetchbench: interrupted")
	return true
}
