package main

import (
	"context"
	"net/http"
	"strings"

	"fetchbench"
	"fetchbench/channels"
	"fetchbench/errgroup"
	"fetchbench/goroutines"
	"fetchbench/selectloop"
	"fetchbench/sequential"
)

// A style is one way to orchestrate the fetches.
type style struct {
	name  string
	fetch fetchbench.FetchFunc

	// stream, if not nil, sends each page the moment it is done, so that
	// output can follow completion order. Only channels has one.
	stream func(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) <-chan channels.Result
}

// styles are every style, sequential first: it is the baseline that the
// demo's speedups divide by.
var styles = []style{
	{name: "sequential", fetch: sequential.FetchAll},
	{name: "goroutines", fetch: goroutines.FetchAll},
	{name: "channels", fetch: channels.FetchAll, stream: channels.Stream},
	{name: "errgroup", fetch: errgroup.FetchAll},
	{name: "selectloop", fetch: selectloop.FetchAll},
}

// defaultStyle is the style for URLs. channels is collect-all, so one bad
// URL does not cancel the rest (errgroup would), and it streams, so a page
// prints as soon as it is done instead of after the slowest one.
const defaultStyle = "channels"

func lookupStyle(name string) (style, bool) {
	for _, s := range styles {
		if s.name == name {
			return s, true
		}
	}
	return style{}, false
}

// styleNames lists the styles for an error message: "a, b, c".
func styleNames() string {
	names := make([]string, len(styles))
	for i, s := range styles {
		names[i] = s.name
	}
	return strings.Join(names, ", ")
}
