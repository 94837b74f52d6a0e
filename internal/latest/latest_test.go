package latest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestResolve(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"results/2026-01-05", "results/2026-11-24", "results/2026-11-24-rerun", "results/notes", "other/latest"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "results", "2027-01-01.txt"), nil, 0o644); err != nil {
		t.Fatal(err) // a file, not a directory: ignored
	}
	// bench.txt is in an older directory than the newest; slip.txt only in the newest.
	for _, f := range []string{"results/2026-11-24/bench.txt", "results/2026-11-24-rerun/slip.txt"} {
		if err := os.WriteFile(filepath.Join(root, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"results/latest/bench.txt", "results/2026-11-24/bench.txt"}, // the newest that holds it
		{"results/latest/slip.txt", "results/2026-11-24-rerun/slip.txt"},
		{"results/latest/none.txt", "results/2026-11-24-rerun/none.txt"}, // held by none: the newest
		{"results/latest", "results/2026-11-24-rerun"},
		{"results/2026-01-05/bench.txt", "results/2026-01-05/bench.txt"},
		{"other/latest/x.txt", "other/latest/x.txt"}, // a real directory called latest
		{"README.md", "README.md"},
	} {
		got, err := Resolve(filepath.Join(root, tc.in))
		if err != nil || got != filepath.Join(root, tc.want) {
			t.Errorf("Resolve(%s) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	if _, err := Resolve(filepath.Join(root, "other/x/latest/y")); err == nil {
		t.Error("Resolve with no such directory succeeded")
	}
	if _, err := Resolve(filepath.Join(root, "results/notes/latest/y")); err == nil {
		t.Error("Resolve with no dated directory succeeded")
	}
}
