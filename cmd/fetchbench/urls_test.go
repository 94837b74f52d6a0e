package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchfmt"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// textPage is one page of text output: its first line's fields, and its
// indented script lines.
type textPage struct {
	fields  []string // URL, status, elapsed, then "N scripts" or "error: …"
	final   string   // the URL after "→ ", printed after a redirect
	scripts []string
}

// parseText splits text output into pages, keyed by URL, and returns the
// URLs in the order they were printed. The summary after the pages (a
// blank line, then one line) is left out: summaryOf returns it.
func parseText(t *testing.T, out string) (map[string]*textPage, []string) {
	t.Helper()
	pages := map[string]*textPage{}
	var order []string
	var last *textPage
	for line := range strings.Lines(out) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			break // the summary follows
		}
		if script, ok := strings.CutPrefix(line, "    "); ok {
			if last == nil {
				t.Fatalf("script line before any page: %q", line)
			}
			last.scripts = append(last.scripts, script)
			continue
		}
		last = &textPage{fields: strings.Split(line, "  ")}
		if len(last.fields) > 1 {
			if final, ok := strings.CutPrefix(last.fields[1], "→ "); ok {
				last.final = final
				last.fields = slices.Delete(last.fields, 1, 2)
			}
		}
		pages[last.fields[0]] = last
		order = append(order, last.fields[0])
	}
	return pages, order
}

// summaryRE matches the summary line, and captures pages, failed, scripts
// and the style.
var summaryRE = regexp.MustCompile(`^(\d+) pages?, (\d+) failed, (\d+) scripts? in [0-9.]+[µnm]?s: [0-9.]+ pages/s \((\w+), limit \d+\)(; interrupted)?$`)

// summaryOf returns the fields of the summary at the end of text output:
// pages, failed, scripts, style and "; interrupted" or "". It fails the
// test unless the output ends with a blank line and a summary.
func summaryOf(t *testing.T, out string) []string {
	t.Helper()
	_, line, ok := strings.Cut(out, "\n\n")
	if !ok || strings.Count(line, "\n") != 1 || !strings.HasSuffix(line, "\n") {
		t.Fatalf("output does not end with a blank line and one summary line:\n%s", out)
	}
	m := summaryRE.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
	if m == nil {
		t.Fatalf("summary %q does not match %s", line, summaryRE)
	}
	return m[1:]
}

// printedPage returns the page printed for url, and stops the test if
// none was.
func printedPage(t *testing.T, pages map[string]*textPage, url string) *textPage {
	t.Helper()
	p := pages[url]
	if p == nil {
		t.Fatalf("no page printed for %s", url)
	}
	return p
}

func TestTextOutput(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 6, Jitter: 3 * time.Millisecond})
	defer site.Close()

	for _, style := range []string{"channels", "sequential", "errgroup"} {
		t.Run(style, func(t *testing.T) {
			urls := site.URLs()
			r := runBinary(t, "", append([]string{"-style", style}, urls...)...)
			r.wantCode(t, exitOK)
			pages, order := parseText(t, r.stdout)
			if len(order) != len(urls) {
				t.Fatalf("%d pages printed; want %d:\n%s", len(order), len(urls), r.stdout)
			}
			if style != "channels" && !slices.Equal(order, urls) {
				// Only channels streams; the others print in input order.
				t.Errorf("-style %s printed pages in order %q; want input order", style, order)
			}
			for i, u := range urls {
				p := printedPage(t, pages, u)
				want := plural(sim.WantScripts(i), "script")
				if len(p.fields) != 4 || p.fields[1] != "200" || p.fields[3] != want {
					t.Errorf("page %d printed as %q; want [URL 200 elapsed %q]", i, p.fields, want)
					continue
				}
				if len(p.scripts) != sim.WantScripts(i) {
					t.Errorf("page %d: %d script lines; want %d", i, len(p.scripts), sim.WantScripts(i))
				}
			}
			// Page 3 has one script of each kind.
			got := printedPage(t, pages, site.PageURL(3)).scripts
			want := []string{
				site.URL + "/page/js/app.js  defer",
				"inline (",
				site.URL + "/js/module.js  type=module",
				"https://cdn.example/lib.js  async",
			}
			for i := range want {
				if i >= len(got) || !strings.HasPrefix(got[i], want[i]) {
					t.Fatalf("page 3 scripts:\n%s\nwant lines starting with:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
			}
			if !strings.HasSuffix(got[1], " bytes)") {
				t.Errorf("inline script printed as %q; want \"inline (N bytes)\"", got[1])
			}
			wantSum := []string{"6", "0", fmt.Sprint(sim.WantTotal(6)), style, ""}
			if sum := summaryOf(t, r.stdout); !slices.Equal(sum, wantSum) {
				t.Errorf("summary fields %q; want %q", sum, wantSum)
			}
		})
	}
}

func TestJSONOutput(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	urls := []string{site.PageURL(3), site.FaultURL(sim.Redirect), site.FaultURL(sim.NotFound)}

	r := runBinary(t, "", append([]string{"-json"}, urls...)...)
	r.wantCode(t, exitFail) // the 404
	type script struct {
		Src       string `json:"src"`
		Type      string `json:"type"`
		Async     bool   `json:"async"`
		Defer     bool   `json:"defer"`
		InlineLen int    `json:"inline_len"`
	}
	type page struct {
		URL       string   `json:"url"`
		FinalURL  string   `json:"final_url"`
		Status    int      `json:"status"`
		Bytes     int64    `json:"bytes"`
		ElapsedMS float64  `json:"elapsed_ms"`
		Scripts   []script `json:"scripts"`
		Error     string   `json:"error"`
	}
	lines := slices.Collect(strings.Lines(r.stdout))
	if len(lines) == 0 {
		t.Fatal("no output")
	}
	checkJSONSummary(t, lines[len(lines)-1], len(urls), 1)
	got := map[string]page{}
	for _, line := range lines[:len(lines)-1] {
		var p page
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&p); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		var keys map[string]any
		json.Unmarshal([]byte(line), &keys)
		wantKeys := []string{"bytes", "elapsed_ms", "final_url", "scripts", "status", "url"}
		if p.Error != "" {
			wantKeys = append(wantKeys, "error")
			slices.Sort(wantKeys)
		}
		if k := slices.Sorted(maps.Keys(keys)); !slices.Equal(k, wantKeys) {
			t.Errorf("line %q has keys %q; want %q", line, k, wantKeys)
		}
		got[p.URL] = p
	}
	if len(got) != len(urls) {
		t.Fatalf("%d JSON lines for %d URLs:\n%s", len(got), len(urls), r.stdout)
	}

	p3 := got[urls[0]]
	want3 := []script{
		{Src: site.URL + "/page/js/app.js", Defer: true},
		{InlineLen: p3.Scripts[1].InlineLen},
		{Src: site.URL + "/js/module.js", Type: "module"},
		{Src: "https://cdn.example/lib.js", Async: true},
	}
	if p3.Status != 200 || p3.FinalURL != urls[0] || p3.Bytes <= 0 || p3.ElapsedMS <= 0 || p3.Error != "" ||
		!slices.Equal(p3.Scripts, want3) || p3.Scripts[1].InlineLen <= 0 {
		t.Errorf("page 3 = %+v; want status 200, bytes and elapsed_ms > 0, scripts %+v", p3, want3)
	}
	if redir := got[urls[1]]; redir.FinalURL != site.PageURL(0) || len(redir.Scripts) != 1 {
		t.Errorf("redirect = %+v; want final_url %s and page 0's one script", redir, site.PageURL(0))
	}
	if nf := got[urls[2]]; nf.Status != 404 || nf.Error == "" || nf.Scripts == nil || len(nf.Scripts) != 0 {
		t.Errorf("404 page = %+v; want status 404, an error, and scripts [] (not null)", nf)
	}
}

// checkJSONSummary checks the last line of -json output: one record,
// {"summary": {...}}, with exactly the documented keys.
func checkJSONSummary(t *testing.T, line string, pages, failed int) {
	t.Helper()
	type summary struct {
		Style       string  `json:"style"`
		Limit       int     `json:"limit"`
		Pages       int     `json:"pages"`
		Failed      int     `json:"failed"`
		Scripts     int     `json:"scripts"`
		Bytes       int64   `json:"bytes"`
		WallMS      float64 `json:"wall_ms"`
		PagesPerS   float64 `json:"pages_per_s"`
		Interrupted bool    `json:"interrupted"`
	}
	var rec struct {
		Summary *summary `json:"summary"`
	}
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil || rec.Summary == nil {
		t.Fatalf("last line %q is not a summary record: %v", line, err)
	}
	var keys map[string]map[string]any
	json.Unmarshal([]byte(line), &keys)
	if n := len(keys["summary"]); n != 9 {
		t.Errorf("summary %q has %d keys; want all 9", line, n)
	}
	if s := rec.Summary; s.Style != "channels" || s.Limit != 10 || s.Pages != pages || s.Failed != failed ||
		s.WallMS <= 0 || s.PagesPerS <= 0 || s.Interrupted {
		t.Errorf("summary %+v; want channels, limit 10, %d pages, %d failed, a positive wall_ms and pages_per_s", *s, pages, failed)
	}
}

func TestBenchFormat(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 5})
	defer site.Close()

	const count = 2
	r := runBinary(t, "", append([]string{"-format", "bench", "-style", "all", "-count", fmt.Sprint(count)}, site.URLs()...)...)
	r.wantCode(t, exitOK)
	if r.stderr != "" {
		t.Errorf("stderr = %q; want nothing", r.stderr)
	}

	results, config := readBench(t, r.stdout)
	// The name holds the host but not the port, which changes on every start.
	host := strings.TrimPrefix(site.URL, "http://")
	host = host[:strings.LastIndex(host, ":")]
	perStyle := map[string]int{}
	for _, res := range results {
		base, parts := res.Name.Parts()
		want := []string{"/site=" + host, "/pages=5", "/limit=10"}
		if string(base) != "Fetch" || len(parts) != 4 || !slices.Equal(toStrings(parts[:3]), want) {
			t.Errorf("benchmark name %q; want Fetch%s/style=…", res.Name.Full(), strings.Join(want, ""))
			continue
		}
		perStyle[strings.TrimPrefix(string(parts[3]), "/style=")]++
		wantValues(t, res, map[string]float64{"scripts": float64(sim.WantTotal(5)), "errors": 0})
	}
	for _, s := range styles.All {
		if perStyle[s.Name] != count {
			t.Errorf("%d results for style %s; want %d", perStyle[s.Name], s.Name, count)
		}
	}
	for _, key := range []string{"goos", "goarch", "pkg", "timeout", "max-body"} {
		if config[key] == "" {
			t.Errorf("no %q configuration line", key)
		}
	}
}

// readBench parses benchmark output with benchstat's own parser. It fails
// on any syntax error and on any line that is neither configuration nor a
// result, since benchstat would silently misread it.
func readBench(t *testing.T, out string) ([]*benchfmt.Result, map[string]string) {
	t.Helper()
	var results []*benchfmt.Result
	config := map[string]string{}
	rd := benchfmt.NewReader(strings.NewReader(out), "stdout")
	for rd.Scan() {
		switch rec := rd.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("benchmark output: %v\n%s", rec, out)
		case *benchfmt.Result:
			results = append(results, rec.Clone())
			for _, c := range rec.Config {
				if c.File {
					config[c.Key] = string(c.Value)
				}
			}
		}
	}
	if err := rd.Err(); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(out, "\n"); lines != len(results)+len(config) {
		t.Errorf("%d lines of output, but %d results and %d configuration lines: stray output\n%s",
			lines, len(results), len(config), out)
	}
	if len(results) == 0 {
		t.Fatalf("no results in\n%s", out)
	}
	return results, config
}

// wantValues checks a result's values: a positive time, and the given units.
func wantValues(t *testing.T, res *benchfmt.Result, want map[string]float64) {
	t.Helper()
	for _, unit := range []string{"sec/op", "pages/s", "B"} {
		if v, ok := res.Value(unit); !ok || v <= 0 {
			t.Errorf("%s: %s = %v, %v; want a positive value", res.Name.Full(), unit, v, ok)
		}
	}
	for unit, w := range want {
		if v, ok := res.Value(unit); !ok || v != w {
			t.Errorf("%s: %s = %v, %v; want %v", res.Name.Full(), unit, v, ok, w)
		}
	}
}

func toStrings(bs [][]byte) []string {
	s := make([]string, len(bs))
	for i, b := range bs {
		s[i] = string(b)
	}
	return s
}

func TestFailFastStyle(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 2})
	defer site.Close()
	urls := []string{site.FaultURL(sim.NotFound), site.PageURL(0), site.PageURL(1)}

	r := runBinary(t, "", append([]string{"-style", "errgroup"}, urls...)...)
	r.wantCode(t, exitFail)
	if _, order := parseText(t, r.stdout); !slices.Equal(order, urls) {
		t.Errorf("printed %q; want every URL, in input order", order)
	}
	if want := "errgroup stopped the run: HTTP status 404"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr = %q; want %q", r.stderr, want)
	}
}

func TestPublicOnlyBinary(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 2})
	defer site.Close()
	mapped := strings.Replace(site.PageURL(1), "127.0.0.1", "[::ffff:127.0.0.1]", 1)
	urls := []string{site.PageURL(0), mapped}

	r := runBinary(t, "", append([]string{"-public-only"}, urls...)...)
	r.wantCode(t, exitFail)
	pages, _ := parseText(t, r.stdout)
	for _, u := range urls {
		p := pages[u]
		if p == nil || !strings.Contains(strings.Join(p.fields, "  "), "blocked: public addresses only: 127.0.0.1 is a loopback address") {
			t.Errorf("%s printed as %v; want it blocked as loopback\n%s", u, p, r.stdout)
		}
	}
	if n := site.Stats().Requests; n != 0 {
		t.Errorf("the site saw %d requests; want 0", n)
	}
}
