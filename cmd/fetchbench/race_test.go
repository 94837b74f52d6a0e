//go:build race

package main

// raceEnabled says the tests run with -race, so TestMain builds the binary
// with -race too.
const raceEnabled = true
