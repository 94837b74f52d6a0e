//go:build !unix

package fetchbench_test

import "time"

// processCPU reports false: getrusage is a Unix call, so the benchmarks
// leave out cpu-ms/page and x-bound elsewhere.
func processCPU() (time.Duration, bool) { return 0, false }
