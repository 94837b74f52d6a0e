package mutex_test

import (
	"testing"

	"fetchbench/crawl/mutex"
	"fetchbench/fetchtest"
)

func TestCrawl(t *testing.T) {
	fetchtest.RunCrawl(t, mutex.Crawl)
}
