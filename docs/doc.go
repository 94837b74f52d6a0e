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
// relative link or #anchor is broken, or when a chart is older than the
// results file it was drawn from. "go test ./docs -update" rewrites the
// quotes from their sources; "go generate ./docs" redraws the charts and then
// does the same. See README.md in this directory.
package docs

// The charts, drawn from the newest committed results (results/latest/ is
// the newest dated directory in results/ that holds the file), then every
// quote rewritten from its source.
//
//go:generate go run ../internal/benchchart -o latency-2ms.svg -filter "/workload:latency /latency:2ms" -x /pages@num -series /style -logx -logy -title "Latency-bound: every page waits 2 ms, limit 32" -xlabel pages -ylabel "time per run" ../results/latest/bench.txt
//go:generate go run ../internal/benchchart -o latency-10ms.svg -filter "/workload:latency /latency:10ms" -x /pages@num -series /style -logx -logy -title "Latency-bound: every page waits 10 ms, limit 32" -xlabel pages -ylabel "time per run" ../results/latest/bench.txt
//go:generate go run ../internal/benchchart -o cpu.svg -filter /workload:cpu -x /gomaxprocs@num -series /style -title "CPU-bound: 32 pages of 200 KB, no latency, limit 32" -xlabel GOMAXPROCS -ylabel "time per run" ../results/latest/bench.txt
//go:generate go test . -run TestQuotes -update
