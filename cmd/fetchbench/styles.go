package main

import (
	"context"
	"net/http"
	"strings"

	"fetchbench"
	"fetchbench/channels"
	"fetchbench/internal/styles"
)

// defaultStyle is the style for URLs. channels is collect-all, so one bad
// URL does not cancel the rest (errgroup would), and it streams, so a page
// prints as soon as it is done instead of after the slowest one.
const defaultStyle = "channels"

// A streamFunc sends each page the moment it is done, so that output can
// follow completion order.
type streamFunc func(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) <-chan channels.Result

// streams holds each style that can stream, by name. Only channels can.
var streams = map[string]streamFunc{"channels": channels.Stream}

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
