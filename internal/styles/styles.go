// Package styles lists fetchbench's five styles, for the benchmarks and the
// command that run them all.
package styles

import (
	"fetchbench"
	"fetchbench/channels"
	"fetchbench/errgroup"
	"fetchbench/goroutines"
	"fetchbench/selectloop"
	"fetchbench/sequential"
)

// A Style is one way to orchestrate the fetches.
type Style struct {
	Name  string
	Fetch fetchbench.FetchFunc

	// Sequential and FailFast are the style's fetchtest.Traits, spelled out
	// because package fetchtest links testing, which a command must not.
	Sequential, FailFast bool
}

// All is every style, in the order they run. sequential is first because
// the plain loop is the baseline: with -col /style, benchstat compares every
// column with the first one it reads. The others follow in the order the
// course teaches them.
var All = []Style{
	{Name: "sequential", Fetch: sequential.FetchAll, Sequential: true},
	{Name: "goroutines", Fetch: goroutines.FetchAll},
	{Name: "channels", Fetch: channels.FetchAll},
	{Name: "errgroup", Fetch: errgroup.FetchAll, FailFast: true},
	{Name: "selectloop", Fetch: selectloop.FetchAll},
}
