package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// -waterfall draws one row per URL, with no password in it, for real URLs
// and for each style of the demo, whose files it names on stderr.
func TestWaterfall(t *testing.T) {
	t.Chdir(t.TempDir())
	inBubble(t, func(t *testing.T, w *fakeWeb) {
		w.site = sim.NewInMemory(sim.Config{Pages: 4, Latency: 50 * time.Millisecond, Jitter: 20 * time.Millisecond})
		defer w.site.Close()
		u := append(w.site.URLs()[:3], "http://user:secret@fetchtest.test/page/3")
		golden(t, "waterfall", w.env(), exitOK, append([]string{"-limit", "2", "-waterfall", "run.svg"}, u...)...)
		svg := readSVG(t, "run.svg")
		for _, u := range w.site.URLs()[:3] {
			assert.Contains(t, svg, strings.TrimPrefix(u, "http://"))
		}
		assert.Contains(t, svg, "user:xxxxx@")
		assert.NotContains(t, svg, "secret")
		assert.Contains(t, svg, "limit 2")
	})
	inBubble(t, func(t *testing.T, w *fakeWeb) {
		golden(t, "waterfall-demo", w.env(), exitOK, "-pages", "4", "-latency", "2ms", "-jitter", "0s", "-waterfall", "demo.svg")
	})
	for _, s := range styles.All {
		readSVG(t, "demo-"+s.Name+".svg")
	}
}

// A -waterfall that cannot be written is a usage error, before anything
// is fetched, and leaves no file behind.
func TestWaterfallUnwritable(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cases := [][]string{
		{"-waterfall", "charts/"}, // TestUsageGolden has the messages
		{"-waterfall", "notadir/x.svg", "http://fetchtest.test/"},
	}
	require.NoError(t, os.WriteFile("notadir", nil, 0o666))
	if runtime.GOOS == "linux" {
		// No one may create a file in /proc, not even root.
		cases = append(cases, []string{"-waterfall", "/proc/x.svg"}, []string{"-waterfall", "/proc/x.svg", "http://fetchtest.test/"})
	}
	for _, args := range cases {
		var stdout, stderr strings.Builder
		assert.Equal(t, exitUsage, run(args, env{stdout: &stdout, stderr: &stderr}), "%q: %s", args, stderr.String())
		assert.Contains(t, stderr.String(), "-waterfall")
		assert.Empty(t, stdout.String())
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "files left behind: want only notadir")
}

// The check up front leaves an existing chart as it was.
func TestWaterfallCheckKeepsOldChart(t *testing.T) {
	t.Chdir(t.TempDir())
	require.NoError(t, os.WriteFile("run.svg", []byte("<svg>old</svg>"), 0o666))
	c := &config{waterfall: "run.svg", urls: []string{"http://fetchtest.test/"}, styles: styles.All[:1]}
	require.NoError(t, c.checkWaterfall())
	got, err := os.ReadFile("run.svg")
	require.NoError(t, err)
	assert.Equal(t, "<svg>old</svg>", string(got))
}

func readSVG(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Clean(path))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(string(data), "<svg"), "%s is not an SVG: %.40q", path, data)
	return string(data)
}
