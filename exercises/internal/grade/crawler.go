package grade

import (
	"context"
	"net/http"
	"testing"

	"fetchbench/crawl"
	"fetchbench/fetchtest"
)

// Crawler grades exercise 07, the Go Tour's crawler, with fetchtest.RunCrawl.
func Crawler(t *testing.T, f crawl.Func) {
	t.Helper()
	skipIfNotStarted(t, func() error {
		_, err := f(context.Background(), http.DefaultClient, nil, crawl.Options{})
		return err
	})
	fetchtest.RunCrawl(t, f)
}
