package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// runDemo starts the simulated site and runs each style against it: the
// Python lesson's blocking-then-concurrent comparison, in five styles.
func runDemo(ctx context.Context, c *config, e env) int {
	site := sim.NewServer(c.site)
	defer site.Close()
	urls := site.URLs()

	run := func(s styles.Style, label string) runResult {
		// The site's counters start again for each run, so max in flight
		// is this style's alone.
		site.ResetStats()
		// The bar counts the requests the site has received: that needs
		// no help from the style, and is the same for all of them.
		bar := startProgress(e, label, len(urls), "requested", func() int { return site.Stats().Requests })
		r := runStyle(ctx, s, urls, c)
		bar.stop()
		r.maxInFlight = site.Stats().MaxInFlight
		return r
	}
	if c.format == "bench" {
		return runBench(ctx, c, e, "fetchtest", len(urls), run)
	}

	s := c.site
	wrap(e.stdout, fmt.Sprintf("fetchbench demo: %d pages at %v latency (+0 to %v jitter), %s",
		s.Pages, s.Latency, s.Jitter, c.limitText()))
	fmt.Fprintf(e.stdout, "simulated site: %s\n\n", site.URL)
	var results []runResult
	for _, st := range c.styles {
		r := run(st, st.Name)
		if !r.cutShort {
			reportFailures(e.stderr, r, 1) // the table counts errors; stderr says which
		}
		results = append(results, r)
		if err := c.drawWaterfall(demoWaterfallPath(c.waterfall, st.Name), st.Name, urls, r.timeline); err != nil {
			fmt.Fprintf(e.stderr, "fetchbench: %v\n", err)
			return exitFail
		}
		if r.cutShort {
			break // the table still shows what ran
		}
	}
	ok := writeTable(e.stdout, c, results)
	switch {
	case reportInterrupt(ctx, e):
		return exitInterrupt
	case !ok:
		return exitFail
	}
	return exitOK
}

// writeTable prints the demo's results and footnotes, and reports whether
// every run found every script with no errors. A run cut short by Ctrl-C
// gets no numbers, only its wall time and a note: it measured nothing.
func writeTable(w io.Writer, c *config, results []runResult) bool {
	want := sim.WantTotal(c.site.Pages)
	var base time.Duration // sequential's wall time, if it ran
	for _, r := range results {
		if r.style == "sequential" && !r.cutShort {
			base = r.wall
		}
	}
	ideal := time.Duration(rounds(c)) * c.site.Latency

	ok := true
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "style\twall\tpages/s\tspeedup\t×ideal\tmax in flight\tscripts\terrors")
	for _, r := range results {
		if r.cutShort {
			// The note is the row's last cell, so it widens no column.
			fmt.Fprintf(tw, "%s\t%v\tcut short by Ctrl-C: not a measurement\n", r.style, round(r.wall))
			ok = false
			continue
		}
		t := r.tally()
		check := "ok"
		if t.scripts != want {
			check = fmt.Sprintf("(want %d)", want)
		}
		if t.scripts != want || t.failed > 0 || r.err != nil {
			ok = false
		}
		fmt.Fprintf(tw, "%s\t%v\t%.1f\t%s\t%s\t%d\t%d %s\t%d\n",
			r.style, round(r.wall), t.rate(r.wall), ratio(base, r.wall), ratio(r.wall, ideal),
			r.maxInFlight, t.scripts, check, t.failed)
	}
	tw.Flush()

	howMany := fmt.Sprintf("⌈%d pages ÷ limit %d⌉ = %s", c.site.Pages, c.limit, plural(rounds(c), "round"))
	if c.limit <= 0 {
		howMany = "1 round (no limit)"
	}
	fmt.Fprintln(w)
	if base > 0 {
		wrap(w, "speedup = sequential's wall time ÷ the style's.")
	}
	if ideal > 0 {
		note := fmt.Sprintf("×ideal = wall ÷ %v: %s of %v, as if every page took exactly -latency "+
			"and -limit pages were always in flight. 1.00 is out of reach: jitter adds 0 to %v to each page",
			ideal, howMany, c.site.Latency, c.site.Jitter)
		if c.site.TailEvery > 0 {
			note += fmt.Sprintf(", and %s takes %v", everyNth(c.site.TailEvery), c.site.TailLatency)
		}
		wrap(w, note+".")
	}
	wrap(w, "max in flight = the most requests the site saw at once.")
	wrap(w, fmt.Sprintf("scripts = found, checked against the %d served.", want))
	return ok
}

// footnoteWidth is the widest line of the demo's text: a terminal's 80
// columns.
const footnoteWidth = 80

// wrap prints text as lines of at most footnoteWidth columns, the lines
// after the first indented by two spaces. A word longer than a line (a
// long site URL) gets a line of its own.
func wrap(w io.Writer, text string) {
	line, indent := "", ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = indent + word
		case len([]rune(line))+1+len([]rune(word)) <= footnoteWidth:
			line += " " + word
		default:
			fmt.Fprintln(w, line)
			indent = "  "
			line = indent + word
		}
	}
	fmt.Fprintln(w, line)
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
