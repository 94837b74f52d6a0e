package owner_test

import (
	"testing"

	"fetchbench/crawl/owner"
	"fetchbench/fetchtest"
)

func TestCrawl(t *testing.T) {
	fetchtest.RunCrawl(t, owner.Crawl)
}
