package fetchbench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scan must pass every policy test that parse, its reference, passes.
func TestScanPolicy(t *testing.T) { testPolicy(t, scan) }

// html5libInputs returns the input of every tree-construction test in
// testdata/html5lib: the "#data" section of each, up to its "#errors".
func html5libInputs(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/html5lib/*.dat")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var inputs []string
	for _, file := range files {
		f, err := os.Open(file)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		var data []string
		inData := false
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "#data":
				inData, data = true, data[:0]
			case inData && line == "#errors":
				inData = false
				inputs = append(inputs, strings.Join(data, "\n"))
			case inData:
				data = append(data, line)
			}
		}
		require.NoError(t, sc.Err())
		f.Close()
	}
	return inputs
}

// TestHTML5Lib runs scan and parse on every input of html5lib's
// tree-construction tests, the HTML spec's own, and checks that they agree on
// everything: the scripts, the base and the error. It also compares parse
// with html.Parse, a full parser, and counts where they differ by the
// divergences ParseScripts' doc comment lists; any other difference fails.
func TestHTML5Lib(t *testing.T) {
	inputs := html5libInputs(t)
	diverge := map[string]int{}
	withScripts, scripts, withBase := 0, 0, 0
	for _, input := range inputs {
		want, wantErr := parse(strings.NewReader(input), 0)
		if len(want.scripts) > 0 {
			withScripts++
			scripts += len(want.scripts)
		}
		if strings.Contains(strings.ToLower(input), "<base") {
			withBase++
		}
		got, err := scan(strings.NewReader(input), 0)
		require.Equal(t, wantErr, err, "input %q", input)
		require.Equal(t, want, got, "input %q", input)

		tree, err := treeScripts(input)
		if err != nil {
			diverge["html.Parse fails"]++
			continue
		}
		base, baseAt := mustTreeBase(t, input)
		// Without a <base>, baseAt is moot: every src resolves against the
		// page's URL.
		sameBase := base == want.base && (base == "" || baseAt == want.baseAt)
		if slices.Equal(tree, withoutInlineLen(want.scripts)) && sameBase {
			continue
		}
		why := divergence(input)
		assert.NotEmpty(t, why, "parse and html.Parse differ, and no divergence explains it: %q\nparse: %+v base %q at %d\ntree: %+v base %q at %d",
			input, want.scripts, want.base, want.baseAt, tree, base, baseAt)
		diverge[why]++
	}
	t.Logf("%d inputs, %d with scripts (%d scripts), %d with a <base> tag: scan and parse agree on all",
		len(inputs), withScripts, scripts, withBase)
	differ := 0
	for why, n := range diverge {
		t.Logf("parse and html.Parse differ on %d: %s", n, why)
		differ += n
	}
	t.Logf("parse and html.Parse agree on %d inputs and differ on %d", len(inputs)-differ, differ)
}

// divergence names the documented divergence from a full parser that input
// may fall into, or returns "".
func divergence(input string) string {
	lower := strings.ToLower(input)
	switch {
	case strings.Contains(lower, "<frameset"):
		return "a parser drops scripts in a frameset"
	case strings.Contains(lower, "<template") && strings.Contains(lower, "<col"):
		return "a parser drops a script after <col> in a template"
	case strings.Contains(lower, "<svg") || strings.Contains(lower, "<math"):
		return "an HTML end tag closes an element around foreign content"
	}
	return ""
}

// A page of small SVGs costs scan about the tokenizer's allocations: each
// hand-over of foreign content reads at least handBackAfter bytes with its
// new tokenizer. Handing back at once made this page 20 times slower.
func TestScanSVGPageAllocs(t *testing.T) {
	page := strings.Repeat("<svg></svg>", (64<<10)/len("<svg></svg>"))
	scanAllocs := testing.AllocsPerRun(3, func() { scan(strings.NewReader(page), 0) })
	parseAllocs := testing.AllocsPerRun(3, func() { parse(strings.NewReader(page), 0) })
	assert.LessOrEqual(t, scanAllocs, parseAllocs*1.05)
}

// hostilePages are small versions of the hostile pages in hostile_test.go,
// as fuzz seeds.
var hostilePages = []string{
	`<base href="/` + strings.Repeat("A", 300) + `/">` + strings.Repeat(`<script src=#></script>`, 20),
	strings.Repeat(`<svg><script/>`, 50),
	strings.Repeat(`<svg><script/>`, 5) + strings.Repeat("<p>filler</p>", 20),
	`<base href="/` + strings.Repeat(" ", 100) + `/">` + strings.Repeat(`<script src=/x.js></script>`, 8),
	`<p>café</p><script src=a.js></script>`,
	`<script src="a.js"></script><script src="//cdn.test/b.js"></script>`,
	"<p" + strings.Repeat(" a", 200) + ">",
	"<!--" + strings.Repeat("x", 300) + "-->",
	"<script>" + strings.Repeat("x", 300) + "</script>",
	"<p>" + strings.Repeat("x", 300),
}

// FuzzScanEqual checks that scan gives parse's answer, to the byte, on any
// input: the same scripts, base and error, whether the reader gives all of
// it at once or one byte at a time or fails halfway, with a cap on scripts,
// and with a token cap small enough for the fuzzer to reach. Its buffer holds 64 bytes, and
// its hand-overs of foreign content hand back as soon as they may, so that
// short inputs cross buffer and hand-over boundaries. The seeds are
// html5lib's inputs, the policy tables and small hostile pages.
//
//	go test -run='^$' -fuzz=FuzzScanEqual -fuzztime=10m -timeout=0 .
func FuzzScanEqual(f *testing.F) {
	for _, input := range html5libInputs(f) {
		f.Add(input)
	}
	for _, tc := range policyCases {
		f.Add(tc.input)
	}
	for _, tc := range baseCases {
		f.Add(tc.input)
	}
	for _, page := range hostilePages {
		f.Add(page)
	}
	f.Fuzz(func(t *testing.T, input string) {
		for _, c := range []struct {
			maxScripts, maxToken int
			oneByte              bool
			handBackAfter        int
			failHalfway          bool // a read error after half the input
		}{
			{0, MaxTokenBytes, false, handBackAfter, false},
			{0, MaxTokenBytes, true, 0, false},
			{1, MaxTokenBytes, false, 0, false},
			{0, 24, false, 16, false},
			{2, 40, true, 0, false},
			{1, MaxTokenBytes, true, 0, true},
		} {
			if c.oneByte && len(input) > 4<<10 {
				continue // the tokenizer copies its token on every read: too slow
			}
			read := func() io.Reader {
				var r io.Reader = strings.NewReader(input)
				if c.failHalfway {
					r = io.MultiReader(strings.NewReader(input[:len(input)/2]), iotest.ErrReader(errBroken))
				}
				if c.oneByte {
					r = iotest.OneByteReader(r)
				}
				return r
			}
			want, wantErr := parseCapped(read(), c.maxScripts, c.maxToken)
			s := scanner{r: read(), buf: make([]byte, 0, 64), maxToken: c.maxToken,
				handBackAfter: c.handBackAfter, st: parseState{maxScripts: c.maxScripts}}
			err := s.run()
			got := parsed{}
			if err == nil {
				got = s.st.finish()
			}
			if !sameErr(err, wantErr) || !equalParsed(got, want) {
				t.Fatalf("%+v: scan gives %+v, %v;\nparse gives %+v, %v", c, got, err, want, wantErr)
			}
		}
	})
}

var errBroken = errors.New("connection reset")

// sameErr reports whether scan's error is parse's: nil, or the same kind.
func sameErr(a, b error) bool {
	for _, kind := range []error{ErrTooLarge, ErrTooManyScripts} {
		if errors.Is(a, kind) || errors.Is(b, kind) {
			return errors.Is(a, kind) && errors.Is(b, kind)
		}
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func equalParsed(a, b parsed) bool {
	return slices.Equal(a.scripts, b.scripts) && a.base == b.base && a.baseAt == b.baseAt
}

// Values with character references go through one tokenizer for the whole
// page, not one each: a page of 1,000 of them costs scan about what it costs
// parse (one each: 50 times as much). The check allows twice, for noise.
func TestScanDecodesValuesWithOneTokenizer(t *testing.T) {
	var page strings.Builder
	for i := range 500 {
		fmt.Fprintf(&page, "<script src=\"/a.js?x=1&amp;y=%d\" type='a&#x6D;b'></script><base href=\"/&lt;%d\">", i, i)
	}
	want, err := parse(strings.NewReader(page.String()), 0)
	require.NoError(t, err)
	got, err := scan(strings.NewReader(page.String()), 0)
	require.NoError(t, err)
	require.Equal(t, want, got)
	assert.Equal(t, "/a.js?x=1&y=499", got.scripts[499].Src)

	allocated := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	scanBytes := allocated(func() { scan(strings.NewReader(page.String()), 0) })
	parseBytes := allocated(func() { parse(strings.NewReader(page.String()), 0) })
	assert.LessOrEqual(t, scanBytes, 2*parseBytes, "bytes allocated")
}
