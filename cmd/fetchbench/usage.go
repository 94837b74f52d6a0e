package main

// usageText is what -h prints. Keep it in step with the flags in flags.go
// and with the package comment in main.go.
const usageText = `Usage:
  fetchbench [flags]            the demo: five styles against a simulated site
  fetchbench [flags] URL...     fetch the URLs
  fetchbench [flags] -f FILE    fetch the URLs in FILE, one per line
  fetchbench [flags] -          fetch the URLs on standard input

fetchbench fetches web pages and lists the <script> elements on each, using
one of five styles of Go concurrency, and times the run.

The demo (no URLs) starts a simulated site in-process, fetches every page
with each style in turn, sequential first, and prints a table: wall time,
pages/s, speedup over sequential, how far each style is from the ideal, the
most requests the site saw at once, and the scripts found, checked against
what the site served. With defaults it takes about 9 seconds: about 6 for
sequential, well under 1 for each of the others.

URL lists (-f FILE, or - for standard input) hold one URL per line; blank
lines and lines starting with # are skipped. Only http and https URLs with a
host are fetched: any other URL fails on its own line, and the rest still run.

Styles (-style):
  sequential   one page after another: the baseline
  goroutines   a goroutine per URL and a sync.WaitGroup
  channels     a pool of -limit workers fed by a channel
  errgroup     golang.org/x/sync/errgroup: stops at the first failed page
  selectloop   one for-select loop that owns the run and keeps every clock
  all          every style in turn (demo and -format bench only)
The default is all for the demo, and channels for URLs: it is collect-all,
so one bad URL does not cancel the others, and it streams, so each page
prints the moment it is done.

Flags:
  -style name     the style to run (see above)
  -limit n        the most requests in flight at once (default 10). 0 means
                  no limit, which only the demo allows: never flood a real site
  -timeout d      the time limit for each page, fetch and parse together
                  (default 15s). It cannot be turned off
  -max-body n     the most body bytes read from a page (default 10485760);
                  a longer page fails. It cannot be turned off
  -f file         read URLs from file ("-" means standard input)
  -json           shorthand for -format json
  -format f       text, json or bench (default text)
  -count n        run each style n times (-format bench only; default 1)
  -public-only    refuse to connect to loopback, private, link-local,
                  multicast and other non-public addresses. It is checked
                  on every connection, after DNS, so redirects and names
                  that resolve to such addresses are refused too

Demo flags (no URLs):
  -pages n        pages on the simulated site (default 100)
  -latency d      how long each page takes to answer (default 50ms)
  -jitter d       up to this much extra latency per page (default 20ms)
  -size n         pad each page to about n bytes (default 16384)
  -tail k         make every k-th page slow (default 0: none)
  -tail-latency d the latency of those slow pages (default 500ms)

Output (-format):
  text   for each page: its URL, status, time taken and script count, then
         one indented line per script (its src, or "inline (N bytes)", with
         type=, async and defer), or the error on the same line. In the demo,
         the table.
  json   JSON Lines: one object per page, with url, final_url, status, bytes,
         elapsed_ms, scripts [{src, type, async, defer, inline_len}] and
         error (left out on success).
  bench  Go benchmark format, for benchstat: one line per run of a style,
         named BenchmarkFetch/site=HOST/pages=N/limit=L/style=STYLE, with
         ns/op (the wall time of the whole run), pages/s, scripts, errors
         and B (body bytes). HOST is the URLs' host, HOST+k when they span
         k more hosts, or "fetchtest" for the demo. Nothing else is printed
         on standard output; page errors go to standard error. Runs of
         -style all are interleaved, so a drift in the network hits every
         style alike. Compare styles, or days, with
             fetchbench -format bench -style all -count 10 URL... >new.txt
             go tool benchstat -col /style new.txt
             go tool benchstat old.txt new.txt

Order: with -style channels, pages print in the order they finish. Every
other style returns all its pages at once, and they print in input order.

Ctrl-C (or SIGTERM) cancels the run: fetchbench prints what finished, the
unfinished pages with their cancellation error, and exits with status 1.

Exit status:
  0  every page succeeded (in the demo: and every style found every script)
  1  a page failed, or the run was interrupted
  2  a usage error, such as an unknown flag or style, or no URLs in a file:
     nothing was fetched
`
