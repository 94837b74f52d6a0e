package crawler_test

import (
	"testing"

	"fetchbench/exercises/07-crawler"
	"fetchbench/exercises/internal/grade"
)

func TestCrawl(t *testing.T) {
	grade.Crawler(t, crawler.Crawl)
}
