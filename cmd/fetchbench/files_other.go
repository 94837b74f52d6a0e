//go:build !unix

package main

// checkFileLimit checks nothing: other systems have no RLIMIT_NOFILE.
func checkFileLimit(*config) error { return nil }
