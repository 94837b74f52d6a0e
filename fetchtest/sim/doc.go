// Package sim is the simulated web that fetchbench's tests, benchmarks and
// demo run against. It imports no testing package, so a program may use it;
// the conformance suite that runs on it is package fetchbench/fetchtest.
//
// # Sites
//
// A [Site] serves numbered pages with a known number of <script> elements,
// decoys included, after a chosen latency, plus fault pages such as a 404, a
// stalled body or a redirect loop. It counts what a benchmark or test needs to
// see from the server's side: the requests, the most in flight at once, the
// new connections, the TLS handshakes and the protocol of each request.
//
// [NewServer] serves a Site on a loopback httptest server. [NewInMemory]
// serves the same Site with no sockets, as a [Web] of one host, so that it
// can run inside a testing/synctest bubble, where timeouts take no real time.
//
// # Webs
//
// A [Web] is a small internet: [WebConfig.Hosts] hosts named
// h0.fetchtest.test, h1.fetchtest.test and so on, each serving the same
// Site, plain HTTP or HTTPS (HTTP/2 offered by ALPN, unless
// [WebConfig.HTTP1Only]), behind one [Link]. [NewWeb] serves it on loopback
// sockets in real time; [NewWebInMemory] over in-memory connections, for a
// synctest bubble. In both, the client is the real [net/http.Transport]
// from [Web.Client] and each host is a real [net/http.Server]: connection
// pooling, keep-alive, TLS and HTTP/2 are net/http's own code. Host names
// never reach DNS: the client's dialer maps them to the hosts, and any other
// name refuses the connection.
//
// # Crawls
//
// [WebConfig.Crawl] makes a web crawlable: each page links to others on its
// host and on other hosts, from a deterministic graph ([CrawlConfig]); each
// host serves a robots.txt; chosen pages fail their first tries with a 429
// or 503 and a Retry-After, a reset or a stall. [Web.Reach] says exactly
// which pages a crawl must take up, and [Web.Log] when every request to a
// host began and ended. [NewCrawlSite] is such a web of one host, for
// cmd/fetchsite -links.
//
// # The link model
//
// The link works on connections, not on handlers, so every protocol step
// pays what it pays on a real network. With RTT r and bandwidth b:
//
//   - A dial returns after r, the TCP handshake. A host that refuses does so
//     after r too.
//   - Every write reaches the reader r/2 later, in order. It leaves the
//     sender at no more than b bytes per second per connection in each
//     direction, so n bytes add n/b.
//   - A close reaches the other end behind the writes before it, like a FIN.
//   - A writer waits while [LinkWindow] bytes (4 MiB) are on their way, like
//     TCP's receive window: so a connection whose bandwidth × RTT is larger
//     is window-bound, and a server that writes forever holds about 4 MiB,
//     not all it wrote.
//
// So a fresh HTTPS page costs 3r (TCP, TLS 1.3, the request), a page on a
// reused connection r, a fresh plain HTTP page 2r, and a page of n bytes
// n/b more: the tests of this package check those figures exactly, in fake
// time, where CPU work costs nothing. The server's latency (Config.Latency)
// comes on top, and in real time so does the CPU: TLS handshakes, parsing.
//
// The model leaves out what makes a real network hard to predict: packet
// loss and retransmission, TCP slow start and congestion control (a new
// connection sends at full bandwidth at once), a receive window that
// grows and shrinks, Nagle's algorithm and delayed ACKs, a bandwidth shared
// between connections, and the kernel's socket buffers.
//
// In memory, each connection is a pipe like [net.Pipe], with a queue of
// timed writes in front of each end; every wait is on a channel or a timer,
// so a bubble sees a blocked connection as durably blocked. On loopback,
// the same queue sits in front of a socket, and the loopback's own delay,
// some tens of microseconds, adds to r.
package sim
