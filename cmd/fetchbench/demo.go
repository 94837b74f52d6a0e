package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// runDemo runs each style against a simulated site: the lesson, in Go.
func runDemo(ctx context.Context, c *config, e env) int {
	site := e.newSite(c.site)
	defer site.Close()
	urls := site.URLs()
	if c.format == "bench" {
		return runBench(ctx, c, e, urls)
	}

	wrap(e.stdout, fmt.Sprintf("fetchbench demo: %d pages at %v latency (+0 to %v jitter), %s",
		c.site.Pages, c.site.Latency, c.site.Jitter, c.limitText(styles.Style{})))
	fmt.Fprintf(e.stdout, "simulated site: %s\n\n", site.URL)
	var results []runResult
	for _, s := range c.styles {
		site.ResetStats() // so that max in flight is this run's alone
		r := runStyle(ctx, e, c, s, urls, s.Name, nil)
		r.maxInFlight = site.Stats().MaxInFlight
		results = append(results, r)
		if err := c.drawWaterfall(e, r, urls); err != nil {
			fmt.Fprintf(e.stderr, "fetchbench: %v\n", err)
			return exitFail
		}
		if r.cutShort {
			break // the table still shows what ran
		}
		reportFailures(e.stderr, r, 1) // the table counts errors; stderr says which
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

// writeTable prints the demo's table and footnotes, and reports whether
// every run found every script with no errors. A run cut short gets only
// its wall time and a note: it measured nothing.
func writeTable(w io.Writer, c *config, results []runResult) bool {
	want := sim.WantTotal(c.site.Pages)
	var base time.Duration // sequential's wall time, if it ran
	for _, r := range results {
		if r.style.Sequential && !r.cutShort {
			base = r.wall
		}
	}
	rounds, howMany := 1, "1 round (no limit)"
	if c.limit > 0 {
		rounds = (c.site.Pages + c.limit - 1) / c.limit
		howMany = fmt.Sprintf("⌈%d pages ÷ limit %d⌉ = %s", c.site.Pages, c.limit, plural(rounds, "round"))
	}
	ideal := time.Duration(rounds) * c.site.Latency

	ok := true
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "style\twall\tpages/s\tspeedup\t×ideal\tmax in flight\tscripts\terrors")
	for _, r := range results {
		if r.cutShort {
			// The note is the row's last cell, so it widens no column.
			fmt.Fprintf(tw, "%s\t%v\tcut short by Ctrl-C: not a measurement\n", r.style.Name, round(r.wall))
			ok = false
			continue
		}
		t, check := r.tally(), "ok"
		if t.Scripts != want {
			check = fmt.Sprintf("(want %d)", want)
		}
		ok = ok && t.Scripts == want && t.Failed == 0 && r.err == nil
		fmt.Fprintf(tw, "%s\t%v\t%.1f\t%s\t%s\t%d\t%d %s\t%d\n",
			r.style.Name, round(r.wall), t.rate(r.wall), ratio(base, r.wall), ratio(r.wall, ideal),
			r.maxInFlight, t.Scripts, check, t.Failed)
	}
	tw.Flush()

	fmt.Fprintln(w)
	speedup := "speedup = sequential's wall time ÷ the style's"
	if base == 0 {
		speedup += ": - with no sequential run"
	}
	wrap(w, speedup+".")
	if ideal > 0 {
		note := fmt.Sprintf("×ideal = wall ÷ %v: %s of %v, as if every page took exactly -latency "+
			"and -limit pages were always in flight.", ideal, howMany, c.site.Latency)
		var slower []string
		if c.site.Jitter > 0 {
			slower = append(slower, fmt.Sprintf("jitter adds 0 to %v to each page", c.site.Jitter))
		}
		if c.site.TailEvery > 0 {
			slower = append(slower, fmt.Sprintf("1 page in %d takes %v", c.site.TailEvery, c.site.TailLatency))
		}
		if len(slower) > 0 {
			note += " 1.00 is out of reach: " + strings.Join(slower, ", and ") + "."
		}
		wrap(w, note)
	}
	wrap(w, "max in flight = the most requests the site saw at once.")
	wrap(w, fmt.Sprintf("scripts = found, checked against the %d served.", want))
	return ok
}

// wrap prints text in lines of at most 80 columns, a terminal's width, but
// a longer word, and indents the lines after the first.
func wrap(w io.Writer, text string) {
	const width = 80
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line+" "+word) > width:
			fmt.Fprintln(w, line)
			line = "  " + word
		default:
			line += " " + word
		}
	}
	fmt.Fprintln(w, line)
}

// ratio formats a/b as "9.81", or "-" when there is no b to divide by.
func ratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}
