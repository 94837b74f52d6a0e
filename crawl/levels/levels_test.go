package levels_test

import (
	"testing"

	"fetchbench/crawl/levels"
	"fetchbench/fetchtest"
)

func TestCrawl(t *testing.T) {
	fetchtest.RunCrawl(t, levels.Crawl)
}
