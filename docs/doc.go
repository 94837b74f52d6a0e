// Package docs holds the fetchbench course: the Markdown chapters in this
// directory and the SVG charts they show.
//
// Nothing in a chapter is typed by hand that could go stale. Every Go snippet
// and every benchstat table is quoted from a file in the repository, marked
// with an HTML comment right before its fence:
//
//	<!-- quote: goroutines/goroutines.go FetchAll -->
//
// and docs_test.go fails when a quote no longer matches its source, when a
// relative link or #anchor is broken, when a chart is older than the results
// file it was drawn from, when a figure has no results file behind it, when a
// table a chapter quotes is wider than 100 columns, or when Part I (chapters
// 00 to 19) grows past 15,000 words. "go test ./docs -update" rewrites the
// quotes from their sources; "go generate ./docs" redraws the charts,
// recomputes the narrow tables the chapters quote, and then does the same.
// See README.md in this directory.
package docs

// The charts and quotes, from the run the course quotes now (or nothing
// changes, and gen.go says why). To move the course to a new run:
// go run ./docs/gen.go -from results/<date>.
//
//go:generate go run gen.go
