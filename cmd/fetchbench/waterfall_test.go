package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// -waterfall draws one row per URL, in real time, for real URLs and for
// each style of the demo.
func TestWaterfall(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 3})
	defer site.Close()
	dir := t.TempDir()

	out := filepath.Join(dir, "run.svg")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"-limit", "2", "-waterfall", out}, site.URLs()...), env{stdout: &stdout, stderr: &stderr})
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr.String())
	}
	svg := readSVG(t, out)
	for _, u := range site.URLs() {
		if !strings.Contains(svg, strings.TrimPrefix(u, "http://")) {
			t.Errorf("no row for %s in %s", u, out)
		}
	}
	if !strings.Contains(svg, "real time") || !strings.Contains(svg, "limit 2") {
		t.Errorf("%s does not say its clock is real time and its limit is 2", out)
	}

	demo := filepath.Join(dir, "demo.svg")
	stdout.Reset()
	code = run([]string{"-pages", "4", "-latency", "2ms", "-jitter", "0", "-waterfall", demo}, env{stdout: &stdout, stderr: &stderr})
	if code != exitOK {
		t.Fatalf("demo: exit %d; stderr:\n%s", code, stderr.String())
	}
	for _, s := range styles.All {
		readSVG(t, filepath.Join(dir, "demo-"+s.Name+".svg"))
	}
}

// A -waterfall that cannot be drawn is a usage error, before anything is
// fetched.
func TestWaterfallUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-format", "bench", "-waterfall", filepath.Join(t.TempDir(), "x.svg")},
		{"-waterfall", filepath.Join(t.TempDir(), "no", "such", "dir", "x.svg")},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, env{stdout: &stdout, stderr: &stderr})
		if code != exitUsage || !strings.Contains(stderr.String(), "-waterfall") || stdout.Len() > 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want a usage error about -waterfall and no output", args, code, stdout.String(), stderr.String())
		}
	}
}

func readSVG(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("<svg")) {
		t.Fatalf("%s is not an SVG: %.40q", path, data)
	}
	return string(data)
}
