// Package waterfall draws a run's network waterfall as plain SVG, the way a
// browser's devtools draw one page load: one row per page, one colour per
// phase, time across. Under the rows, a strip shows how many pages were in
// flight at each moment, with the run's limit as a dashed line.
package waterfall

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"fetchbench"
	"fetchbench/internal/redact"
	"fetchbench/internal/svg"
)

// A Chart is one run to draw.
type Chart struct {
	Title    string
	Subtitle string // one line under the title, e.g. the scenario
	Limit    int    // Options.Limit of the run; 0 for none
	URLs     []string
	Timings  []fetchbench.Timing // from the run's fetchbench.Timeline
	Comments []string            // written into the SVG, e.g. the command that drew it

	// Clock says whose time the axis shows, e.g. "fake time: the schedule
	// alone" for a run in a testing/synctest bubble.
	Clock string
}

// The phases' colours, in the order a page goes through them.
var phases = []struct {
	name  fetchbench.PhaseName
	color string
	label string
}{
	{fetchbench.PhaseQueue, "#B8B8B8", "queued for a connection"},
	{fetchbench.PhaseConnect, svg.Orange, "TCP connect"},
	{fetchbench.PhaseTLS, svg.ReddishPurple, "TLS handshake"},
	{fetchbench.PhaseWait, svg.SkyBlue, "waiting for the response"},
	{fetchbench.PhaseBody, svg.Blue, "body read and parsed"},
}

const (
	width   = 960
	labelW  = 200 // room for the row labels
	plotX   = labelW + 10
	plotW   = width - plotX - 30
	top     = 78 // the title, the subtitle and the time axis
	stripH  = 70 // the in-flight strip
	legendH = 64
	failRed = svg.Vermillion
	ink     = svg.Ink
)

// WriteSVG draws c. Rows follow c.URLs, so a repeated URL gets one row per
// time it appears; a URL that Get never ran for is marked "not fetched".
func (c Chart) WriteSVG(w io.Writer) error {
	rows := c.rows()
	rowH := 18.0
	if n := len(rows); n > 30 {
		rowH = math.Max(5, 540/float64(n))
	}
	rowsH := rowH * float64(len(rows))
	stripTop := top + rowsH + 34
	height := stripTop + stripH + 40 + legendH

	var end time.Duration
	for _, t := range c.Timings {
		end = max(end, t.End)
	}
	step := tickStep(end)
	axisEnd := time.Duration(math.Ceil(float64(max(end, 1))/float64(step))) * step
	px := func(d time.Duration) float64 { return plotX + float64(d)/float64(axisEnd)*plotW }

	sw := svg.New(w, width, height, c.Comments...)
	p, esc := sw.Line, svg.Esc
	p(`<text x="10" y="22" font-size="15" font-weight="bold">%s</text>`, esc(c.Title))
	p(`<text x="10" y="42" fill="%s">%s</text>`, ink, esc(c.Subtitle))

	// The time axis, with a grid line down through the rows and the strip.
	p(`<g fill="%s" text-anchor="middle">`, ink)
	for t := time.Duration(0); t <= axisEnd; t += step {
		p(`<line x1="%s" y1="%d" x2="%s" y2="%s" stroke="%s"/>`, f(px(t)), top-6, f(px(t)), f(stripTop+stripH), svg.Grid)
		p(`<text x="%s" y="%d">%s</text>`, f(px(t)), top-10, fmtDur(t))
		p(`<text x="%s" y="%s">%s</text>`, f(px(t)), f(stripTop+stripH+16), fmtDur(t))
	}
	p(`</g>`)
	axisLabel := "time since the run started"
	if c.Clock != "" {
		axisLabel += " (" + c.Clock + ")"
	}
	p(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, f(plotX+plotW/2), f(stripTop+stripH+34), ink, esc(axisLabel))

	// The rows.
	for i, r := range rows {
		y := top + float64(i)*rowH
		mid := y + rowH/2
		if rowH >= 11 {
			color, label := ink, r.label
			switch {
			case r.timing == nil:
				color, label = "#888888", label+" (not fetched)"
			case r.timing.Failed:
				color = failRed
			}
			p(`<text x="%d" y="%s" text-anchor="end" dominant-baseline="middle" fill="%s">%s</text>`, labelW, f(mid), color, esc(label))
		}
		t := r.timing
		if t == nil {
			continue
		}
		barH := math.Max(2, rowH*0.6)
		p(`<g><title>%s: %s to %s%s</title>`, esc(r.url), fmtDur(t.Start), fmtDur(t.End), esc(describe(t)))
		p(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888888"/>`, f(px(t.Start)), f(mid), f(px(t.End)), f(mid))
		for _, ph := range t.Phases {
			p(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, f(px(ph.Start)), f(mid-barH/2), f(math.Max(1, px(ph.End)-px(ph.Start))), f(barH), colorOf(ph.Name))
		}
		if t.Failed {
			x, s := px(t.End), barH/2
			p(`<path d="M%s %s L%s %s M%s %s L%s %s" stroke="%s" stroke-width="2"/>`, f(x-s), f(mid-s), f(x+s), f(mid+s), f(x-s), f(mid+s), f(x+s), f(mid-s), failRed)
		}
		p(`</g>`)
	}

	c.writeStrip(p, px, stripTop, axisEnd)
	c.writeLegend(p, stripTop+stripH+50)
	return sw.Close()
}

// writeStrip draws how many pages were in Get at each moment, and the limit.
func (c Chart) writeStrip(p func(string, ...any), px func(time.Duration) float64, y0 float64, axisEnd time.Duration) {
	steps := inFlight(c.Timings)
	most := c.Limit
	for _, s := range steps {
		most = max(most, s.n)
	}
	top := float64(max(most, 1)) * 1.35 // headroom, so the limit's line clears the frame
	py := func(n int) float64 { return y0 + stripH - float64(n)/top*stripH }
	p(`<rect x="%d" y="%s" width="%d" height="%d" fill="none" stroke="%s"/>`, plotX, f(y0), plotW, stripH, ink)
	p(`<text x="%d" y="%s" text-anchor="end" fill="%s">in flight</text>`, labelW, f(y0+12), ink)
	p(`<text x="%d" y="%s" text-anchor="end" fill="%s">(most: %d)</text>`, labelW, f(y0+28), ink, MostInFlight(c.Timings))
	pts := []string{f(px(0)) + "," + f(py(0))}
	for _, s := range steps {
		pts = append(pts, f(px(s.at))+","+f(py(s.prev)), f(px(s.at))+","+f(py(s.n)))
	}
	pts = append(pts, f(px(axisEnd))+","+f(py(0)))
	p(`<polyline points="%s" fill="%s" fill-opacity="0.25" stroke="%s"/>`, strings.Join(pts, " "), svg.Blue, svg.Blue)
	if c.Limit > 0 {
		p(`<line x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-dasharray="6 3" stroke-width="1.5"/>`, plotX, f(py(c.Limit)), plotX+plotW, f(py(c.Limit)), failRed)
		p(`<text x="%d" y="%s" fill="%s">limit %d</text>`, plotX+4, f(py(c.Limit)-4), failRed, c.Limit)
	}
}

// writeLegend explains the marks the chart uses, three to a line.
func (c Chart) writeLegend(p func(string, ...any), y float64) {
	used := map[fetchbench.PhaseName]bool{}
	failed := false
	for _, t := range c.Timings {
		for _, ph := range t.Phases {
			used[ph.Name] = true
		}
		failed = failed || t.Failed
	}
	var marks []func(x, y float64)
	for _, ph := range phases {
		if used[ph.name] {
			marks = append(marks, func(x, y float64) {
				p(`<rect x="%s" y="%s" width="14" height="10" fill="%s"/>`, f(x), f(y-9), ph.color)
				p(`<text x="%s" y="%s" fill="%s">%s</text>`, f(x+20), f(y), ink, ph.label)
			})
		}
	}
	marks = append(marks, func(x, y float64) {
		p(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888888"/>`, f(x), f(y-4), f(x+14), f(y-4))
		p(`<text x="%s" y="%s" fill="%s">in Get, no request open</text>`, f(x+20), f(y), ink)
	})
	if failed {
		marks = append(marks, func(x, y float64) {
			p(`<path d="M%s %s L%s %s M%s %s L%s %s" stroke="%s" stroke-width="2"/>`, f(x+2), f(y-9), f(x+12), f(y+1), f(x+2), f(y+1), f(x+12), f(y-9), failRed)
			p(`<text x="%s" y="%s" fill="%s">the page failed (its label is red)</text>`, f(x+20), f(y), ink)
		})
	}
	for i, mark := range marks {
		mark(float64(plotX+i%3*250), y+float64(i/3*20))
	}
}

type row struct {
	label  string             // short enough for the label column
	url    string             // the whole URL, for the row's tooltip
	timing *fetchbench.Timing // nil when Get never ran for the URL
}

// rows pairs each URL with a timing of it, taking a repeated URL's timings
// in the order they started.
func (c Chart) rows() []row {
	unused := make(map[string][]*fetchbench.Timing)
	for i := range c.Timings {
		t := &c.Timings[i]
		unused[t.URL] = append(unused[t.URL], t)
	}
	rows := make([]row, len(c.URLs))
	for i, u := range c.URLs {
		rows[i].label, rows[i].url = shortURL(u), redact.Passwords(u)
		if ts := unused[u]; len(ts) > 0 {
			rows[i].timing, unused[u] = ts[0], ts[1:]
		}
	}
	return rows
}

type step struct {
	at      time.Duration
	prev, n int
}

// inFlight returns the number of pages in Get after each start and end.
func inFlight(timings []fetchbench.Timing) []step {
	type edge struct {
		at    time.Duration
		delta int
	}
	var edges []edge
	for _, t := range timings {
		edges = append(edges, edge{t.Start, +1}, edge{t.End, -1})
	}
	// Ends before starts at the same moment: a page that hands its slot to
	// the next one is not two in flight.
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.delta, b.delta)) })
	var steps []step
	n := 0
	for i, e := range edges {
		n += e.delta
		if i+1 < len(edges) && edges[i+1].at == e.at {
			continue // one step per moment: a hand-off is not a dip
		}
		prev := 0
		if len(steps) > 0 {
			prev = steps[len(steps)-1].n
		}
		if n != prev {
			steps = append(steps, step{e.at, prev, n})
		}
	}
	return steps
}

// MostInFlight returns the most pages that were in fetchbench.Get at once.
// A page that ends at the moment another starts is not in flight with it,
// so in fake time the count does not depend on which of the two the
// scheduler ran first.
func MostInFlight(timings []fetchbench.Timing) int {
	most := 0
	for _, s := range inFlight(timings) {
		most = max(most, s.n)
	}
	return most
}

func colorOf(name fetchbench.PhaseName) string {
	for _, ph := range phases {
		if ph.name == name {
			return ph.color
		}
	}
	return svg.Black
}

func describe(t *fetchbench.Timing) string {
	var b strings.Builder
	for _, ph := range t.Phases {
		fmt.Fprintf(&b, "; %s %s", ph.Name, fmtDur(ph.End-ph.Start))
	}
	if t.Proto != "" {
		fmt.Fprintf(&b, "; %s", t.Proto)
	}
	if t.Reused {
		b.WriteString(", reused connection")
	}
	if t.Failed {
		b.WriteString("; failed")
	}
	return b.String()
}

// shortURL drops the scheme, the user and password, and the simulated web's
// domain (h3/page/7), and cuts the middle of a long path, keeping the host
// and the path's end, so that it fits the label column. A URL that does not
// parse keeps its end, less its password.
func shortURL(raw string) string {
	const most = 30 // runes: about what the label column holds
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		label := []rune(redact.Passwords(raw))
		if len(label) > most {
			return "…" + string(label[len(label)-most+1:])
		}
		return string(label)
	}
	host := strings.TrimSuffix(u.Host, ".fetchtest.test")
	label := host + u.RequestURI()
	if utf8.RuneCountInString(label) > most {
		path := []rune(u.RequestURI())
		keep := min(len(path), max(most-utf8.RuneCountInString(host)-2, 10))
		label = host + "/…" + string(path[len(path)-keep:])
	}
	return label
}

// tickStep picks a round step for about 8 ticks.
func tickStep(end time.Duration) time.Duration {
	return time.Duration(svg.Step(float64(max(end, time.Millisecond)) / 8))
}

func fmtDur(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	return fmt.Sprint(float64(d)/float64(time.Millisecond)) + " ms"
}

// f is svg.Coord, in one letter because nearly every line of a chart calls it.
var f = svg.Coord
