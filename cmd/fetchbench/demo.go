package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"fetchbench/fetchtest"
	"fetchbench/internal/styles"
)

// runDemo starts the simulated site and runs each style against it: the
// Python lesson's blocking-then-concurrent comparison, in five styles.
func runDemo(ctx context.Context, c *config, e env) int {
	site := fetchtest.NewServer(c.site)
	defer site.Close()
	urls := site.URLs()

	run := func(s styles.Style) runResult {
		// The site's counters start again for each run, so max in flight
		// is this style's alone.
		site.ResetStats()
		// FetchAll reports nothing until it returns, so the progress bar
		// counts the requests the site has received: that needs no help
		// from the style, and is the same for all of them.
		stop := startProgress(e, s.Name, len(urls), site.Requests)
		r := runStyle(ctx, s, urls, c)
		stop()
		r.maxInFlight = site.MaxInFlight()
		return r
	}
	if c.format == "bench" {
		return runBench(ctx, c, e, "fetchtest", len(urls), run)
	}

	s := c.site
	limit := fmt.Sprintf("limit %d", c.limit)
	if c.limit <= 0 {
		limit = "no limit"
	}
	fmt.Fprintf(e.stdout, "fetchbench demo: %d pages at %v latency (+0 to %v jitter), %s, site %s\n\n",
		s.Pages, s.Latency, s.Jitter, limit, site.URL)
	var results []runResult
	for _, st := range c.styles {
		r := run(st)
		reportFailures(e.stderr, r, 1) // the table counts errors; stderr says which
		results = append(results, r)
		if ctx.Err() != nil {
			break // the table still shows what ran
		}
	}
	ok := writeTable(e.stdout, c, results)
	if reportInterrupt(ctx, e) || !ok {
		return exitFail
	}
	return exitOK
}

// writeTable prints the demo's results and footnotes, and reports whether
// every run found every script with no errors.
func writeTable(w io.Writer, c *config, results []runResult) bool {
	want := fetchtest.WantTotal(c.site.Pages)
	var base time.Duration // sequential's wall time, if it ran
	for _, r := range results {
		if r.style == "sequential" {
			base = r.wall
		}
	}
	ideal := time.Duration(rounds(c)) * c.site.Latency

	ok := true
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "style\twall\tpages/s\tspeedup\t×ideal\tmax in flight\tscripts\terrors")
	for _, r := range results {
		scripts, failed, _ := r.totals()
		check := "ok"
		if scripts != want {
			check = fmt.Sprintf("(want %d)", want)
		}
		if scripts != want || failed > 0 || r.err != nil {
			ok = false
		}
		fmt.Fprintf(tw, "%s\t%v\t%.1f\t%s\t%s\t%d\t%d %s\t%d\n",
			r.style, round(r.wall), r.pagesPerSecond(), ratio(base, r.wall), ratio(r.wall, ideal),
			r.maxInFlight, scripts, check, failed)
	}
	tw.Flush()

	howMany := fmt.Sprintf("⌈%d pages ÷ limit %d⌉ = %d round", c.site.Pages, c.limit, rounds(c))
	if c.limit <= 0 {
		howMany = "1 round (no limit)"
	} else if rounds(c) > 1 {
		howMany += "s"
	}
	fmt.Fprintln(w)
	if base > 0 {
		fmt.Fprintln(w, "speedup = sequential's wall time ÷ the style's.")
	}
	if ideal > 0 {
		fmt.Fprintf(w, "×ideal = wall ÷ %v: %s of %v, as if every page took exactly\n", ideal, howMany, c.site.Latency)
		fmt.Fprintf(w, "  -latency and -limit pages were always in flight. 1.00 is out of reach: jitter adds 0 to %v\n", c.site.Jitter)
		fmt.Fprint(w, "  to each page")
		if c.site.TailEvery > 0 {
			fmt.Fprintf(w, ", and %s takes %v", everyNth(c.site.TailEvery), c.site.TailLatency)
		}
		fmt.Fprintln(w, ".")
	}
	fmt.Fprintf(w, "max in flight = the most requests the site saw at once. scripts = found, checked against the %d served.\n", want)
	return ok
}

// rounds is how many rounds of -latency the ideal run takes: ⌈pages/limit⌉,
// or a single round with no limit.
func rounds(c *config) int {
	if c.limit <= 0 {
		return 1
	}
	return (c.site.Pages + c.limit - 1) / c.limit
}

// ratio formats a/b as "9.81", or "-" when there is no b to divide by.
func ratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// everyNth says which pages -tail k makes slow: "every 7th page".
func everyNth(k int) string {
	suffix := "th"
	switch {
	case k == 1:
		return "every page"
	case k%100 >= 11 && k%100 <= 13:
	case k%10 == 1:
		suffix = "st"
	case k%10 == 2:
		suffix = "nd"
	case k%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("every %d%s page", k, suffix)
}
