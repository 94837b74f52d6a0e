package main

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// TestProgress checks that the bar is drawn on a terminal in every mode,
// counting what it can see, and that its line is cleared at the end.
func TestProgress(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 4})
	defer site.Close()
	for _, tc := range []struct {
		args []string
		bar  string // how the bar starts, and what it counts
	}{
		{[]string{"-style", "channels"}, "channels   [ done "},
		{[]string{"-style", "sequential"}, "sequential [ requested "},
		{[]string{"-format", "bench", "-style", "all", "-count", "2"}, "selectloop 2/2 [ requested "},
		{[]string{"-pages", "6", "-latency", "2ms", "-style", "sequential"}, "sequential [ requested "}, // the demo
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			args := tc.args
			if tc.args[0] != "-pages" {
				args = append(args, site.URLs()...)
			}
			var stdout, stderr strings.Builder
			require.Equal(t, exitOK, run(args, env{stdout: &stdout, stderr: &stderr, progress: true}), stderr.String())
			start, word, _ := strings.Cut(tc.bar, "[")
			got := stderr.String()
			assert.Contains(t, got, start+"[")
			assert.Contains(t, got, word)
			assert.True(t, strings.HasSuffix(got, "\r\x1b[K"), "stderr %q ends with the line cleared", got)
			assert.NotContains(t, stdout.String(), "\r", "the bar stays off standard output")
		})
	}
}

// -public-only refuses loopback, even in disguise, before any request.
func TestPublicOnly(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 2})
	defer site.Close()
	mapped := strings.Replace(site.PageURL(1), "127.0.0.1", "[::ffff:127.0.0.1]", 1)
	var stdout, stderr strings.Builder
	assert.Equal(t, exitFail, run([]string{"-public-only", site.PageURL(0), mapped}, env{stdout: &stdout, stderr: &stderr}))
	for _, u := range []string{site.PageURL(0), mapped} {
		assert.Contains(t, stdout.String(), u+"  ")
	}
	assert.Equal(t, 2, strings.Count(stdout.String(), "blocked: public addresses only: 127.0.0.1 is a loopback address"), stdout.String())
	assert.Zero(t, site.Stats().Requests)
}

// A sixth style in styles.All shows in -h and in the unknown-style error,
// and runs in the demo: both lists come from styles.All.
func TestSixthStyle(t *testing.T) {
	all := styles.All
	t.Cleanup(func() { styles.All = all })
	sixth := all[2]
	sixth.Name, sixth.About = "sixth", "a copy of channels, for this test"
	styles.All = append(all[:len(all):len(all)], sixth)

	var stdout, stderr strings.Builder
	require.Equal(t, exitOK, run([]string{"-h"}, env{stdout: &stdout}))
	assert.Contains(t, stdout.String(), "  sixth        a copy of channels, for this test\n")
	assert.Equal(t, exitUsage, run([]string{"-style", "nope"}, env{stderr: &stderr}))
	assert.Contains(t, stderr.String(), "selectloop, sixth or all")
	inBubble(t, func(t *testing.T, w *fakeWeb) {
		var out strings.Builder
		require.Equal(t, exitOK, run([]string{"-pages", "4", "-latency", "2ms", "-jitter", "0s"}, w.envTo(&out)))
		assert.Regexp(t, fmt.Sprintf(`\nsixth +2ms .* %d ok +0\n`, sim.WantTotal(4)), out.String())
	})
}

func TestWriteTableCutShort(t *testing.T) {
	c := &config{limit: 10, site: sim.Config{Pages: 100, Latency: 50 * time.Millisecond}}
	results := []runResult{{style: styles.All[0], wall: 6 * time.Second}, {style: styles.All[2], wall: 300 * time.Millisecond, cutShort: true}}
	var out strings.Builder
	assert.False(t, writeTable(&out, c, results), "every run complete; want false for a cut-short run")
	assert.Contains(t, out.String(), "\nchannels    300ms  cut short by Ctrl-C: not a measurement\n")
}

// writeLines writes lines to a new file at path.
func writeLines(path string, lines []string) error {
	return os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o666)
}
