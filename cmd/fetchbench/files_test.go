//go:build unix

package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench/fetchtest/sim"
)

// urls returns n URLs on the given number of hosts, in turn.
func urls(n, hosts int) []string {
	u := make([]string, n)
	for i := range u {
		u[i] = fmt.Sprintf("https://h%d.example/page/%d", i%hosts, i)
	}
	return u
}

func TestCheckOpenFiles(t *testing.T) {
	demo := func(pages int) sim.Config { return sim.Config{Pages: pages} }
	for _, tc := range []struct {
		name      string
		c         *config
		available int
		want      string // the error; "" for none
	}{
		{"issue 11's run", &config{urls: urls(74630, 1000), limit: 100000}, 20000,
			"-limit 100000 with 74630 URLs may need 149324 open files at once, but this process may open 20000 (ulimit -n): use -limit 6645 or less, or raise the limit"},
		{"the default limit", &config{urls: urls(74630, 1000), limit: 10}, 20000, ""},
		{"a demo with no limit", &config{site: demo(100)}, 20000, ""},
		{"a big demo with no limit", &config{site: demo(74630)}, 20000,
			"no -limit with the demo's 74630 pages may need 149324 open files at once, but this process may open 20000 (ulimit -n): use -limit 9968 or less, or raise the limit"},
		{"a big demo with the default limit", &config{limit: 10, site: demo(74630)}, 20000, ""},
		// Issue 17: one host holds at most -limit connections, idle ones
		// included, however many URLs it serves.
		{"-limit 1 on one host", &config{urls: urls(100, 1), limit: 1}, 128, ""},
		{"-limit 40 on one host", &config{urls: urls(100, 1), limit: 40}, 128,
			"-limit 40 with 100 URLs may need 144 open files at once, but this process may open 128 (ulimit -n): use -limit 32 or less, or raise the limit"},
		// Every host may keep an idle connection: no -limit fits, so the
		// message offers none.
		{"-limit 1 on 100 hosts", &config{urls: urls(100, 100), limit: 1}, 128,
			"-limit 1 with 100 URLs may need 165 open files at once, but this process may open 128 (ulimit -n): raise the limit, or fetch fewer hosts in one run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkOpenFiles(tc.c, tc.available)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.EqualError(t, err, tc.want)
			// The limit it suggests is the largest that fits.
			if _, after, ok := strings.Cut(tc.want, "use -limit "); ok {
				var best int
				fmt.Sscan(after, &best)
				assert.LessOrEqual(t, filesNeeded(tc.c, best), tc.available)
				assert.Greater(t, filesNeeded(tc.c, best+1), tc.available)
			}
		})
	}
}

// TestOpenFileLimitBinary runs fetchbench under a low open-file limit:
// the demo with no -limit must refuse to start, rather than fail pages
// with "too many open files", and what the limit allows must run.
func TestOpenFileLimitBinary(t *testing.T) {
	ulimit := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "/bin/sh", append([]string{"-c", `ulimit -n 128 && exec "$0" "$@"`, binary}, args...)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		cmd.Run()
		return stderr.String(), cmd.ProcessState.ExitCode()
	}
	stderr, code := ulimit("-pages", "500", "-latency", "1ms", "-jitter", "0s", "-limit", "0")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "may open 128 (ulimit -n): use -limit 32 or less")
	_, code = ulimit("-pages", "500", "-latency", "1ms", "-jitter", "0s", "-style", "channels")
	assert.Equal(t, exitOK, code)

	// Issue 17: -limit 1 over 100 URLs of one site was refused.
	site := sim.NewServer(sim.Config{Pages: 100})
	defer site.Close()
	list := filepath.Join(t.TempDir(), "urls.txt")
	require.NoError(t, writeLines(list, site.URLs()))
	stderr, code = ulimit("-limit", "1", "-f", list)
	assert.Equal(t, exitOK, code, stderr)
}
