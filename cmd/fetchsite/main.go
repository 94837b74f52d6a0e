// Command fetchsite keeps a simulated site running on loopback, so that any
// client (curl, the Python versions in docs/python, another Go program) can
// be measured against the same pages as the benchmarks:
//
//	go run ./cmd/fetchsite -pages 100 -latency 50ms
//
// It prints one line on standard output, the URL of its list of page URLs
// (one per line, at /urls), says on standard error where the pages are, and
// serves until Ctrl-C (SIGINT) or SIGTERM:
//
//	curl -s "$(go run ./cmd/fetchsite | head -1)"   # or read the line yourself
//
// Page i, at /page/i, has sim.WantScripts(i) scripts, so a client's count
// can be checked: 100 pages hold 250. A page's own links point into the
// page itself, so a crawl takes up its seeds and nothing more.
//
// With -links n, each page links to n others and /robots.txt disallows
// /page/7 and every path that starts so, /page/70 too: a site for
// fetchbench -crawl.
//
//	go run ./cmd/fetchsite -links 4
//	go run ./cmd/fetchbench -crawl -depth 2 http://127.0.0.1:PORT/page/0
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"fetchbench/fetchtest/sim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "fetchsite:", err)
		os.Exit(2)
	}
}

const usage = "usage: fetchsite [-port n] [-pages n] [-latency d] [-jitter d] [-size n] [-tail k] [-tail-latency d] [-links n]"

// run serves the site until ctx is done, then shuts it down and returns nil.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fetchsite", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run says what went wrong, once
	var cfg sim.Config
	port := fs.Int("port", 0, "the port on 127.0.0.1 (0: any free port)")
	fs.IntVar(&cfg.Pages, "pages", 100, "pages on the site")
	fs.DurationVar(&cfg.Latency, "latency", 50*time.Millisecond, "how long each page takes to answer")
	fs.DurationVar(&cfg.Jitter, "jitter", 0, "up to this much extra latency per page")
	fs.IntVar(&cfg.PageSize, "size", 16384, "pad each page to about this many bytes")
	fs.IntVar(&cfg.TailEvery, "tail", 0, "make every k-th page slow (0: none)")
	fs.DurationVar(&cfg.TailLatency, "tail-latency", 500*time.Millisecond, "the latency of those slow pages")
	links := fs.Int("links", 0, "links on each page to other pages, for a crawl; /robots.txt then disallows /page/7* (0: none, and no robots.txt)")
	switch err := fs.Parse(args); {
	case errors.Is(err, flag.ErrHelp): // asked for: the usage is the output, and no error
		fmt.Fprintln(stdout, usage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return nil
	case err != nil:
		return fmt.Errorf("%w (fetchsite -h lists the flags)", err)
	}
	if fs.NArg() > 0 || cfg.Pages < 0 || *links < 0 {
		return errors.New(usage)
	}

	// Loopback only: the site is for measuring, never for a network.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		return err
	}
	// An in-memory site opens no sockets of its own; this server is its
	// only way in, and adds /urls beside its pages.
	site := sim.NewCrawlSite(cfg, crawlConfig(*links))
	site.URL = "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /urls", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, strings.Join(site.URLs(), "\n")+"\n")
	})
	mux.Handle("/", site)
	var fresh freshConns
	srv := &http.Server{
		Handler:   mux,
		ConnState: fresh.track,
		// A client gets 10 s for a request's head and 30 s for all of it,
		// then the connection closes: half-sent heads cannot pile up. No
		// WriteTimeout, as -latency and -tail-latency may be long on
		// purpose.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	srv.RegisterOnShutdown(fresh.closeAll)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	fmt.Fprintln(stdout, site.URL+"/urls")
	linked := "no links between them"
	if *links > 0 {
		linked = fmt.Sprintf("%d links on each, /robots.txt disallows /page/7*", *links)
	}
	fmt.Fprintf(stderr, "fetchsite: %d pages, %s to /page/%d, %v latency, %d scripts in all, %s; the line above is the URL of their list. Ctrl-C stops it\n",
		cfg.Pages, site.PageURL(0), cfg.Pages-1, cfg.Latency, sim.WantTotal(cfg.Pages), linked)

	select {
	case <-ctx.Done():
	case err := <-served:
		site.Close()
		return err
	}
	site.Close() // wakes every handler still waiting out its latency
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	<-served // http.ErrServerClosed
	fmt.Fprintln(stderr, "fetchsite: stopped")
	return nil
}

// crawlConfig gives the pages links for a crawl to follow, or returns nil
// for none.
func crawlConfig(links int) *sim.CrawlConfig {
	if links == 0 {
		return nil
	}
	return &sim.CrawlConfig{Links: links, Duplicates: 1,
		Robots: []sim.Robots{{Body: "User-agent: *\nDisallow: /page/7\n"}}}
}

// freshConns tracks the connections that have not sent a whole request
// yet, so that Shutdown can drop them at once: net/http waits 5 s before it
// counts such a connection idle, longer than Shutdown's own deadline.
type freshConns struct {
	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	closing bool
}

// track is the server's ConnState hook.
func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case state != http.StateNew:
		delete(f.conns, c)
	case f.closing:
		c.Close() // accepted as Shutdown began
	default:
		if f.conns == nil {
			f.conns = map[net.Conn]struct{}{}
		}
		f.conns[c] = struct{}{}
	}
}

// closeAll closes every fresh connection, now and from now on.
func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closing = true
	for c := range f.conns {
		c.Close()
	}
}
