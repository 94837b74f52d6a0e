// Command fetchbench fetches web pages, lists the <script> elements on each
// with any of fetchbench's styles, and times the run. With no URLs, it runs
// every style against a simulated site: the lesson in one table. Run
// "fetchbench -h" for the flags, the formats and the exit statuses.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/redact"
)

func main() {
	fi, err := os.Stderr.Stat()
	terminal := err == nil && fi.Mode()&os.ModeCharDevice != 0
	os.Exit(run(os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, progress: terminal}))
}

// env is the outside world of one run, so that tests can run it in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	progress       bool // draw a progress bar on stderr: only on a terminal

	// Tests set all three to run in a testing/synctest bubble, where time
	// is fake and the output exact; nil means the real ones.
	newSite   func(sim.Config) *sim.Site                                  // the demo's site
	newClient func(limit int) *http.Client                                // each run's client
	notify    func(context.Context) (context.Context, context.CancelFunc) // cancels on Ctrl-C or SIGTERM
}

// Exit statuses, part of the command's interface: see usage.
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
	c, err := parseArgs(args, e.stdin)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, usage())
		return exitOK
	case err != nil: // the message may quote an argument or a line of -f's file
		fmt.Fprintf(e.stderr, "fetchbench: %s\nRun 'fetchbench -h' for usage.\n", redact.Text(err.Error()))
		return exitUsage
	}
	if e.newSite == nil {
		e.newSite, e.newClient = sim.NewServer, fetchbench.NewClient
		e.notify = func(ctx context.Context) (context.Context, context.CancelFunc) {
			return signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		}
	}
	// Caught only now: while fetchbench reads URLs, Ctrl-C simply ends it.
	ctx, stop := e.notify(context.Background())
	defer stop()
	// A second Ctrl-C kills a run that is slow to wind down.
	context.AfterFunc(ctx, stop)
	if c.demo() {
		return runDemo(ctx, c, e)
	}
	return runURLs(ctx, c, e)
}

// reportInterrupt reports whether a signal cancelled ctx, and says so.
func reportInterrupt(ctx context.Context, e env) bool {
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "fetchbench: interrupted")
	}
	return ctx.Err() != nil
}
