//go:build !race

package sharedstate_test

// raceEnabled says this test binary was built with -race.
const raceEnabled = false
