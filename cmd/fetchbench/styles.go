package main

import (
	"strings"

	"fetchbench/internal/styles"
)

// defaultStyle is the style for URLs. channels is collect-all, so one bad
// URL does not cancel the rest (errgroup would), and it streams, so a page
// prints as soon as it is done instead of after the slowest one.
const defaultStyle = "channels"

// streamingStyle is the one style whose pages print as they finish: only
// channels has a Stream.
const streamingStyle = "channels"

// lookupStyle finds a style by name.
func lookupStyle(name string) (styles.Style, bool) {
	for _, s := range styles.All {
		if s.Name == name {
			return s, true
		}
	}
	return styles.Style{}, false
}

// styleNames lists the styles for an error message: "a, b, c".
func styleNames() string {
	names := make([]string, len(styles.All))
	for i, s := range styles.All {
		names[i] = s.Name
	}
	return strings.Join(names, ", ")
}
