// Package styles lists fetchbench's five styles, for the benchmarks and the
// command that run them all.
package styles

import (
	"context"
	"net/http"

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
	About string // one line for fetchbench -h
	Fetch fetchbench.FetchFunc

	// Sequential and FailFast are the style's fetchtest.Traits, spelled out
	// because package fetchtest links testing, which a command must not.
	Sequential, FailFast bool

	// Stream, if not nil, fetches like Fetch but sends each page as soon
	// as it is done, one Result for every URL, and closes the channel
	// after the last.
	Stream func(ctx context.Context, client *http.Client, urls []string, opts fetchbench.Options) <-chan channels.Result
}

// All is every style, in the order they run. sequential is first because
// the plain loop is the baseline: with -col /style, benchstat compares every
// column with the first one it reads. The others follow in the order the
// course teaches them.
var All = []Style{
	{Name: "sequential", About: "one page after another: the baseline",
		Fetch: sequential.FetchAll, Sequential: true},
	{Name: "goroutines", About: "a goroutine per URL and a sync.WaitGroup",
		Fetch: goroutines.FetchAll},
	{Name: "channels", About: "a pool of -limit workers fed by a channel",
		Fetch: channels.FetchAll, Stream: channels.Stream},
	{Name: "errgroup", About: "golang.org/x/sync/errgroup: stops at the first failed page",
		Fetch: errgroup.FetchAll, FailFast: true},
	{Name: "selectloop", About: "one for-select loop that owns the run and keeps every clock",
		Fetch: selectloop.FetchAll},
}
