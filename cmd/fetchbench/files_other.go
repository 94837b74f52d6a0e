//go:build !unix

package main

// openFileLimit reports no limit: other systems have no RLIMIT_NOFILE.
func openFileLimit() (int, bool) { return 0, false }
