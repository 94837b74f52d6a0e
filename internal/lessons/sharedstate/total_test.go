package sharedstate_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"fetchbench/internal/lessons/sharedstate"
)

// TestTotalRace passes when the race detector reports RacyTotal's race: a
// race makes the test that has it fail, so it runs RacyTotal in a child
// process, built with -race, and reads what the child printed. To watch the
// race, run the child yourself:
//
//	SHOW_RACE=1 go test -race -run TestTotalRace ./internal/lessons/sharedstate
func TestTotalRace(t *testing.T) {
	if os.Getenv("SHOW_RACE") != "" {
		t.Logf("RacyTotal = %d", sharedstate.RacyTotal(pages()))
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestTotalRace$", "-test.v")
	if !raceEnabled {
		cmd = exec.Command("go", "test", "-race", "-run=^TestTotalRace$", "-v", ".")
	}
	cmd.Env = append(os.Environ(), "SHOW_RACE=1")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "WARNING: DATA RACE") {
		t.Fatalf("the child, SHOW_RACE=1 %s, reported no race (%v):\n%s", strings.Join(cmd.Args, " "), err, out)
	}
}
