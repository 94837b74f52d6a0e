package main

import (
	"fmt"
	"strings"
	"time"
)

// usage is what -h prints, with the defaults filled in from defaults.
// TestUsageListsEveryFlag checks that it describes every flag and its
// default.
func usage() string {
	d := defaults
	// The demo's rough length: sequential fetches one page at a time, at
	// about latency + jitter/2 a page; the others take well under a second.
	seq := time.Duration(d.site.Pages) * (d.site.Latency + d.site.Jitter/2)
	return strings.NewReplacer(
		"{style}", defaultStyle,
		"{limit}", fmt.Sprint(d.limit),
		"{timeout}", d.timeout.String(),
		"{max-body}", fmt.Sprint(d.maxBody),
		"{format}", d.format,
		"{count}", fmt.Sprint(d.count),
		"{pages}", fmt.Sprint(d.site.Pages),
		"{latency}", d.site.Latency.String(),
		"{jitter}", d.site.Jitter.String(),
		"{size}", fmt.Sprint(d.site.PageSize),
		"{tail}", fmt.Sprint(d.site.TailEvery),
		"{tail-latency}", d.site.TailLatency.String(),
		"{seq}", seq.Round(time.Second).String(),
		"{exit-interrupt}", fmt.Sprint(exitInterrupt),
		"{benchstat}", benchstatVersion,
	).Replace(usageText)
}

// benchstatVersion is the golang.org/x/perf version that go.mod pins for
// go tool benchstat; TestBenchstatVersion keeps the two the same.
const benchstatVersion = "v0.0.0-20260908200009-22c9c6c9d4da"

const usageText = `Usage:
  fetchbench [flags]            the demo: five styles against a simulated site
  fetchbench [flags] URL...     fetch the URLs
  fetchbench [flags] -f FILE    fetch the URLs in FILE, one per line
  fetchbench [flags] -          fetch the URLs on standard input
  fetchbench -crawl [flags] URL...  crawl from the URLs: see fetchbench -crawl -h

fetchbench fetches web pages and lists the <script> elements on each, using
one of five styles of Go concurrency, and times the run.

The demo (no URLs) starts a simulated site in-process, fetches every page
with each style in turn, sequential first, and prints a table: wall time,
pages/s, speedup over sequential, how far each style is from the ideal, the
most requests the site saw at once, and the scripts found, checked against
what the site served. With defaults, sequential takes about {seq}, and each
of the others well under a second.

URL lists (-f FILE, or - for standard input) hold one URL per line. Blank
lines are skipped, and so are comments: a # at the start of a line, or
after a space or tab (https://example.com/ # my note). A # right after the
URL is part of it, as its fragment (https://example.com/#top). Only http
and https URLs with a host are fetched: any other URL fails on its own
line, and the rest still run.

Styles (-style):
  sequential   one page after another: the baseline
  goroutines   a goroutine per URL and a sync.WaitGroup
  channels     a pool of -limit workers fed by a channel
  errgroup     golang.org/x/sync/errgroup: stops at the first failed page
  selectloop   one for-select loop that owns the run and keeps every clock
  all          every style in turn (demo and -format bench only)
The default is all for the demo, and {style} for URLs: it is collect-all,
so one bad URL does not cancel the others, and it streams, so each page
prints the moment it is done.

Flags:
  -style name     the style to run (see above)
  -limit n        the most requests in flight at once (default {limit}). 0
                  means no limit, which only the demo allows: never flood a
                  real site. A limit that needs more open files than the
                  process may have (ulimit -n) is refused
  -timeout d      the time limit for each page, fetch and parse together
                  (default {timeout}). It cannot be turned off
  -max-body n     the most body bytes read from a page (default {max-body});
                  a longer page fails. It cannot be turned off
  -f file         read URLs from file ("-" means standard input)
  -json           shorthand for -format json
  -format f       text, json or bench (default {format})
  -count n        run each style n times (-format bench only; default {count})
  -waterfall f.svg
                  draw the run as a network waterfall, an SVG file: one row
                  per page, a colour per phase (connect, TLS, waiting for
                  the response, body), and the pages in flight against
                  -limit. The demo draws one per style, f-STYLE.svg
  -public-only    connect only to public addresses: those the IANA
                  special-purpose address registries call globally
                  reachable, and for IPv6 only inside 2000::/3. Loopback,
                  private, link-local, multicast, documentation and other
                  special addresses are refused. It is checked on every
                  connection, after DNS, so redirects and names that
                  resolve to such addresses are refused too

Demo flags (no URLs):
  -pages n        pages on the simulated site (default {pages})
  -latency d      how long each page takes to answer (default {latency})
  -jitter d       up to this much extra latency per page (default {jitter})
  -size n         pad each page to about n bytes (default {size})
  -tail k         make every k-th page slow (default {tail}: none)
  -tail-latency d the latency of those slow pages (default {tail-latency})

Output (-format):
  text   for each page: its URL (and after a redirect, "→ final URL"),
         status, time taken and script count, then one indented line per
         script (its src, or "inline (N bytes)", with type=, async and
         defer), or the error on the same line. Last, after a blank line,
         a summary: pages, failures, scripts, wall time and pages/s (of the
         pages fetched: not those a cancel cut short or never began). In the
         demo, the table. Text that is not printable (control characters,
         bidi controls, bytes that are not UTF-8) is printed as a quoted Go
         string, and a password in a URL as xxxxx.
  json   JSON Lines: one object per page, with url, final_url, status,
         bytes, elapsed_ms, scripts [{src, type, async, defer, inline_len}]
         and error (left out on success); then one last object, {"summary":
         {style, limit, pages, failed, scripts, bytes, wall_ms, pages_per_s,
         interrupted}}. Characters that are not printable are \u escapes,
         and a password in a URL is xxxxx.
  bench  Go benchmark format, for benchstat: one line per run of a style,
         named BenchmarkFetch/site=HOST/pages=N/limit=L/style=STYLE, with
         ns/op (the wall time of the whole run), pages/s, scripts, errors
         and B (body bytes). HOST is the URLs' host, HOST+k when they span
         k more hosts, or "fetchtest" for the demo. Nothing else is printed
         on standard output; page errors go to standard error. Runs of
         -style all are interleaved, so a drift in the network hits every
         style alike. Compare styles, or days, with benchstat: inside the
         fetchbench module,
             fetchbench -format bench -style all -count 10 URL... >new.txt
             go tool benchstat -col /style new.txt
             go tool benchstat old.txt new.txt
         and anywhere else, with the same version,
             go run golang.org/x/perf/cmd/benchstat@{benchstat} -col /style new.txt

When standard error is a terminal, a progress bar shows there while pages
are fetched.

Order: with -style channels, pages print in the order they finish. Every
other style returns all its pages at once, and they print in input order.

Ctrl-C (or SIGTERM) cancels the run: fetchbench prints what finished, the
unfinished pages with their cancellation error and the summary, and exits
with status {exit-interrupt}: 128 + SIGINT, what shells report for Ctrl-C.
SIGTERM gets the same status (a shell would say 143), so that a script has
one value to test for "stopped from outside". A demo row or a -format bench
run that was cut short is marked as such, or left out: it is no
measurement. A second Ctrl-C kills fetchbench at once.

Exit status:
  0    every page succeeded (in the demo: and every style found every script)
  1    a page failed
  2    a usage error, such as an unknown flag or style, no URLs in a file,
       or a -limit the open-file limit cannot honour: nothing was fetched
  {exit-interrupt}  interrupted by Ctrl-C or SIGTERM
`
