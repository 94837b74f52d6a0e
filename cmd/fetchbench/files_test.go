package main

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	"fetchbench/fetchtest/sim"
)

func TestCheckOpenFiles(t *testing.T) {
	const available = 20000
	for _, tc := range []struct {
		name string
		c    *config
		want string // in the error; "" for none
	}{
		{"issue 11's run", &config{urls: make([]string, 74630), limit: 100000}, "-limit 100000 with 74630 URLs"},
		{"a demo with no limit", &config{limit: 0, site: defaults.site}, ""},
		{"a big demo with no limit", &config{limit: 0, site: bigSite(74630)}, "no -limit with the demo's 74630 pages"},
		{"a big demo with the default limit", &config{limit: defaults.limit, site: bigSite(74630)}, ""},
		{"the default limit", &config{urls: make([]string, 74630), limit: defaults.limit}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkOpenFiles(tc.c, available)
			if tc.want == "" {
				if err != nil {
					t.Errorf("checkOpenFiles = %v; want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("checkOpenFiles = %v; want an error saying %q", err, tc.want)
			}
			// The limit it suggests is the largest that fits.
			var best int
			if _, after, ok := strings.Cut(err.Error(), "use -limit "); ok {
				fmt.Sscan(after, &best)
			}
			if best < 1 || filesNeeded(tc.c, best) > available || filesNeeded(tc.c, best+1) <= available {
				t.Errorf("%v: suggests -limit %d; want the largest limit that needs at most %d files", err, best, available)
			}
		})
	}
}

func bigSite(pages int) (s sim.Config) {
	s = defaults.site
	s.Pages = pages
	return s
}

// TestOpenFileLimitBinary runs the demo under a low open-file limit: with
// no -limit it must refuse to start, rather than fail pages with "too many
// open files"; with the default limit it runs.
func TestOpenFileLimitBinary(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no ulimit on Windows")
	}
	ulimit := func(args ...string) result {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "/bin/sh", append([]string{"-c", `ulimit -n 128 && exec "$0" "$@"`, binary}, args...)...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.Run()
		return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
	}
	r := ulimit("-pages", "500", "-latency", "1ms", "-jitter", "0s", "-limit", "0")
	r.wantCode(t, exitUsage)
	if !strings.Contains(r.stderr, "may open 128 (ulimit -n): use -limit 32 or less") {
		t.Errorf("stderr = %q; want it to name the limit of 128 files and a -limit that fits", r.stderr)
	}
	ulimit("-pages", "500", "-latency", "1ms", "-jitter", "0s", "-style", "channels").wantCode(t, exitOK)
}
