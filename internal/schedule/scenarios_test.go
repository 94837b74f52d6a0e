package schedule

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// A scenario is a web, a list of URLs and the options of a run, and the
// variants to run on it.
type scenario struct {
	name, about string
	web         sim.WebConfig
	pages       int
	urls        func(*sim.Web) []string // nil: web.URLs(pages)
	opts        optsSpec
	variants    []variant

	// ideal is the least time the network model allows, and formula says
	// how it is worked out.
	ideal   time.Duration
	formula string
}

type optsSpec struct {
	limit   int
	timeout time.Duration
}

// A variant is a style, and how its client is set up.
type variant struct {
	style  styles.Style
	http1  bool // HTTP/1.1 only, on a web that would offer HTTP/2
	slip   bool // a new Transport per request: the lesson's ClientSession per URL
	warm   bool // one page per host first, then the rest
	strict bool // HTTP2Config.StrictMaxConcurrentRequests on the client
	chart  bool // draw its waterfall

	// outcomeOnly marks a variant whose schedule changes from run to run:
	// the table leaves it out, and says where it is measured instead.
	outcomeOnly bool
}

func (v variant) label() string {
	parts := []string{v.style.Name}
	if v.http1 {
		parts = append(parts, "HTTP/1.1")
	}
	if v.slip {
		parts = append(parts, "Transport per page")
	}
	if v.warm {
		parts = append(parts, "warm-up first")
	}
	if v.strict {
		parts = append(parts, "strict")
	}
	return strings.Join(parts, ", ")
}

// slug names the variant's chart file.
func (v variant) slug() string {
	s := strings.ToLower(v.label())
	s = strings.NewReplacer(", ", "-", " ", "-", "/", "", ".", "").Replace(s)
	return s
}

func style(name string) styles.Style {
	i := slices.IndexFunc(styles.All, func(s styles.Style) bool { return s.Name == name })
	return styles.All[i]
}

func every(chart bool, names ...string) []variant {
	var vs []variant
	for _, n := range names {
		vs = append(vs, variant{style: style(n), chart: chart})
	}
	return vs
}

const ms = time.Millisecond

// scenarios are the named schedules of results/schedule.txt. goroutines
// runs only where every order of its pages gives the same schedule: under
// a limit, its goroutines take the semaphore in no fixed order, so with
// pages of different lengths its time would change from run to run.
var scenarios = []scenario{
	{
		name:  "lesson",
		about: "6 pages on 6 hosts, each reached over http:// and redirected to https://; RTT 20 to 120 ms, server think 50 ms; no limit",
		web: sim.WebConfig{
			Hosts: 6, Site: sim.Config{Pages: 6, Latency: 50 * ms}, TLS: true, RedirectHTTP: true,
			HostLinks: []sim.Link{{RTT: 20 * ms}, {RTT: 40 * ms}, {RTT: 60 * ms}, {RTT: 80 * ms}, {RTT: 100 * ms}, {RTT: 120 * ms}},
		},
		pages: 6,
		urls: func(w *sim.Web) []string {
			var urls []string
			for _, u := range w.URLs(6) {
				urls = append(urls, strings.Replace(u, "https://", "http://", 1))
			}
			return urls
		},
		variants: append(every(false, "sequential", "goroutines", "channels", "errgroup", "selectloop"),
			variant{style: style("sequential"), slip: true}, variant{style: style("goroutines"), slip: true}),
		ideal:   5*120*ms + 50*ms,
		formula: "the farthest page at once: 5 RTT (TCP and the redirect on :80, TCP, TLS and the page on :443) + think = 5×120 + 50 ms",
	},
	{
		name:  "styles",
		about: "12 pages on 1 host over HTTP/2; RTT 40 ms, server think 60 ms; limit 4",
		web:   sim.WebConfig{Site: sim.Config{Pages: 12, Latency: 60 * ms}, Link: sim.Link{RTT: 40 * ms}, TLS: true},
		pages: 12, opts: optsSpec{limit: 4},
		variants: every(true, "sequential", "goroutines", "channels", "errgroup", "selectloop"),
		ideal:    2*40*ms + 3*(40*ms+60*ms),
		formula:  "TCP and TLS once (2 RTT), then ⌈12 pages ÷ limit 4⌉ = 3 rounds of RTT + think = 80 + 3×100 ms",
	},
	{
		name:  "h2-vs-h1",
		about: "40 pages on 1 host; RTT 50 ms, server think 20 ms; limit 8",
		web:   sim.WebConfig{Site: sim.Config{Pages: 40, Latency: 20 * ms}, Link: sim.Link{RTT: 50 * ms}, TLS: true},
		pages: 40, opts: optsSpec{limit: 8},
		variants: []variant{
			{style: style("channels"), chart: true},
			{style: style("channels"), http1: true, chart: true},
			{style: style("channels"), warm: true, chart: true},
			{style: style("channels"), http1: true, warm: true},
		},
		ideal:   2*50*ms + 5*(50*ms+20*ms),
		formula: "TCP and TLS once (2 RTT), then ⌈40 ÷ 8⌉ = 5 rounds of RTT + think = 100 + 5×70 ms",
	},
	{
		name:  "tail",
		about: "16 pages on 1 host over HTTP/2; RTT 20 ms, think 30 ms, but pages 7 and 15 take 2 s; timeout 300 ms; limit 4",
		web: sim.WebConfig{Site: sim.Config{Pages: 16, Latency: 30 * ms, TailEvery: 8, TailLatency: 2 * time.Second},
			Link: sim.Link{RTT: 20 * ms}, TLS: true},
		pages: 16, opts: optsSpec{limit: 4, timeout: 300 * ms},
		variants: []variant{
			{style: style("sequential")},
			{style: style("channels"), chart: true},
			{style: style("errgroup"), chart: true},
			{style: style("selectloop"), chart: true},
		},
		ideal:   2*20*ms + (14*(20*ms+30*ms)+2*300*ms)/4,
		formula: "TCP and TLS once, then the pages' own time shared by limit 4: 40 + (14×50 + 2×300) ÷ 4 ms",
	},
	{
		name:  "one-failing",
		about: "16 pages on 1 host over HTTP/2, the 6th a 404; RTT 20 ms, server think 30 ms; limit 4",
		web:   sim.WebConfig{Site: sim.Config{Pages: 16, Latency: 30 * ms}, Link: sim.Link{RTT: 20 * ms}, TLS: true},
		pages: 16, opts: optsSpec{limit: 4},
		urls: func(w *sim.Web) []string {
			urls := w.URLs(16)
			urls[5] = w.Site(0).FaultURL(sim.NotFound)
			return urls
		},
		variants: []variant{
			{style: style("sequential")},
			{style: style("channels"), chart: true},
			{style: style("errgroup"), chart: true},
		},
		ideal:   2*20*ms + 4*(20*ms+30*ms),
		formula: "TCP and TLS once, then ⌈16 ÷ 4⌉ = 4 rounds of RTT + think = 40 + 4×50 ms",
	},
	{
		name:  "slip",
		about: "24 pages on 3 hosts over HTTP/2; RTT 50 ms, server think 20 ms; limit 4",
		web:   sim.WebConfig{Hosts: 3, Site: sim.Config{Pages: 24, Latency: 20 * ms}, Link: sim.Link{RTT: 50 * ms}, TLS: true},
		pages: 24, opts: optsSpec{limit: 4},
		variants: []variant{
			{style: style("sequential")},
			{style: style("sequential"), slip: true},
			{style: style("channels"), chart: true},
			{style: style("channels"), slip: true, chart: true},
		},
		ideal:   2*50*ms + 6*(50*ms+20*ms),
		formula: "TCP and TLS once, then ⌈24 ÷ 4⌉ = 6 rounds of RTT + think = 100 + 6×70 ms",
	},
	{
		name:  "streams",
		about: "32 pages on 1 host over HTTP/2 that allows 4 streams per connection; RTT 50 ms, think 100 ms; limit 8",
		web: sim.WebConfig{Site: sim.Config{Pages: 32, Latency: 100 * ms}, Link: sim.Link{RTT: 50 * ms}, TLS: true,
			MaxConcurrentStreams: 4},
		pages: 32, opts: optsSpec{limit: 8, timeout: 2 * time.Second},
		variants: []variant{
			{style: style("channels"), warm: true, chart: true},
			{style: style("channels"), warm: true, strict: true, outcomeOnly: true},
		},
		ideal:   2*50*ms + 4*(50*ms+100*ms),
		formula: "TCP and TLS once, then ⌈32 ÷ 8⌉ = 4 rounds of RTT + think = 100 + 4×150 ms",
	},
}

func (sc scenario) String() string { return fmt.Sprintf("%s: %s", sc.name, sc.about) }
