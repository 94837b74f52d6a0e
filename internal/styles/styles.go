// Package styles lists fetchbench's five styles, for the benchmarks and the
// command that run them all.
package styles

import (
	"fetchbench"
	"fetchbench/channels"
	"fetchbench/errgroup"
	"fetchbench/fetchtest/sim"
	"fetchbench/goroutines"
	"fetchbench/selectloop"
	"fetchbench/sequential"
)

// A Style is one way to orchestrate the fetches.
type Style struct {
	Name   string
	Fetch  fetchbench.FetchFunc
	Traits sim.Traits // the contract it promises, as fetchtest.Run checks it
}

// All is every style, in the order they run. sequential is first because
// the plain loop is the baseline: with -col /style, benchstat compares every
// column with the first one it reads. The others follow in the order the
// course teaches them.
var All = []Style{
	{Name: "sequential", Fetch: sequential.FetchAll, Traits: sim.Traits{Sequential: true}},
	{Name: "goroutines", Fetch: goroutines.FetchAll},
	{Name: "channels", Fetch: channels.FetchAll},
	{Name: "errgroup", Fetch: errgroup.FetchAll, Traits: sim.Traits{FailFast: true}},
	{Name: "selectloop", Fetch: selectloop.FetchAll},
}
