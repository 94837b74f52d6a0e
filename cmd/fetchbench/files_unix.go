//go:build unix

package main

import (
	"math"
	"syscall"
)

// openFileLimit returns RLIMIT_NOFILE's soft limit, which Go raised to the hard one.
func openFileLimit() (int, bool) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, false
	}
	return int(min(lim.Cur, math.MaxInt32)), true
}
