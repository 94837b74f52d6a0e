//go:build !race

package naive

// raceEnabled says this test binary was built with -race.
const raceEnabled = false
