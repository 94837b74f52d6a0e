// Package latest resolves the "latest" element of a results path, so that
// the course can name results/latest/bench.txt and always mean the newest
// committed run.
//
// Results live in dated directories, results/2026-11-24/ and so on. In a
// path, an element "latest" that does not exist on disk stands for the
// directory beside it whose name sorts last among those that start with a
// date (YYYY-MM-DD) and that hold the rest of the path. So a dated directory
// with one small measurement in it does not hide the newest full run.
package latest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

var dated = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// Resolve returns path with its "latest" element, if any, replaced by the
// newest dated directory beside it that holds the rest of the path (the
// newest of all when none does, so that the caller's error names it). A
// path with no "latest" element, or whose "latest" exists on disk, is
// returned as it is.
func Resolve(path string) (string, error) {
	parts := strings.Split(filepath.ToSlash(path), "/")
	for i, p := range parts {
		if p != "latest" {
			continue
		}
		dir := filepath.FromSlash(strings.Join(parts[:i], "/"))
		if dir == "" {
			dir = "."
		}
		if _, err := os.Stat(filepath.Join(dir, "latest")); err == nil {
			return path, nil // a real directory or link called latest
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return "", err
		}
		var names []string
		for _, e := range entries {
			if e.IsDir() && dated.MatchString(e.Name()) {
				names = append(names, e.Name())
			}
		}
		if len(names) == 0 {
			return "", fmt.Errorf("%s: no dated directory in %s", path, dir)
		}
		slices.Sort(names)
		slices.Reverse(names)
		for _, name := range names {
			parts[i] = name
			resolved := filepath.FromSlash(strings.Join(parts, "/"))
			if _, err := os.Stat(resolved); err == nil || i == len(parts)-1 {
				return resolved, nil
			}
		}
		parts[i] = names[0]
		return filepath.FromSlash(strings.Join(parts, "/")), nil
	}
	return path, nil
}
