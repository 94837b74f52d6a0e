// Package sim is the simulated web that fetchbench's tests, benchmarks and
// demo run against. It imports no testing package, so a program may use it.
//
// A [Site] serves numbered pages with a known number of <script> elements,
// decoys included, after a chosen latency, plus fault pages such as a 404, a
// stalled body or a redirect loop. It counts what a benchmark or test needs to
// see from the server's side: the most requests in flight at once and the new
// connections opened.
//
// [NewServer] serves a Site on loopback. [NewInMemory] serves the same Site
// through an in-memory [http.RoundTripper] with no sockets, so that it can run
// inside a testing/synctest bubble, where timeouts take no real time.
//
// Package fetchbench/fetchtest gives the same names, and adds the
// conformance suite that uses them.
package sim
