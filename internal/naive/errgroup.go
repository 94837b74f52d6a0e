package naive

import (
	"context"
	"net/http"

	"golang.org/x/sync/errgroup"

	"fetchbench"
)

// Errgroup is the first draft of the fail-fast style. It has four bugs.
//
//   - SetLimit(limit) with limit 0 does not mean "no limit": it means no
//     goroutine may run, and the first g.Go blocks forever.
//   - After the first failure, errgroup cancels gctx but not this loop. It
//     goes on waiting for free slots and starting a goroutine for every
//     remaining URL, each of which only finds out from Get that the run is
//     over.
//   - The recover cannot help: a panic in a goroutine started by g.Go (here,
//     Scripts[0] on a page with no scripts) crashes the whole program. A
//     recover catches only a panic in its own goroutine.
//   - gctx is cancelled when Wait returns, even after a run with no errors,
//     so the check after Wait always reports context.Canceled.
func Errgroup(ctx context.Context, client *http.Client, urls []string, limit int) (firstSrcs []string, err error) {
	defer func() {
		if r := recover(); r != nil { // never sees the goroutines' panics
			err = context.Canceled
		}
	}()
	firstSrcs = make([]string, len(urls))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	for i, url := range urls {
		g.Go(func() error {
			page := fetchbench.Get(gctx, client, url, fetchbench.Options{})
			if page.Err != nil {
				return page.Err
			}
			firstSrcs[i] = page.Scripts[0].Src // panics on a page with no scripts
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if gctx.Err() != nil { // always true here
		return nil, gctx.Err()
	}
	return firstSrcs, nil
}
