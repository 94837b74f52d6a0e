package sim_test

import (
	"os/exec"
	"strings"
	"testing"
)

// Package sim exists so that the commands, which serve a simulated site,
// link neither the testing package nor goleak: a test-only import anywhere
// on their path brings them back.
func TestCommandLinksNoTestingPackage(t *testing.T) {
	goCmd, err := exec.LookPath("go") // go test puts its own go first in PATH
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"fetchbench/cmd/fetchbench", "fetchbench/cmd/fetchsite"} {
		out, err := exec.Command(goCmd, "list", "-deps", cmd).CombinedOutput()
		if err != nil {
			t.Fatalf("go list: %v\n%s", err, out)
		}
		for dep := range strings.FieldsSeq(string(out)) {
			if dep == "testing" || strings.HasPrefix(dep, "go.uber.org/goleak") {
				t.Errorf("%s links %s; want no test-only package (go list -deps shows the path)", cmd, dep)
			}
		}
	}
}
