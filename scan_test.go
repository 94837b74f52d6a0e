package fetchbench

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

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
