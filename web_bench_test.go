package fetchbench_test

import (
	"fmt"
	"testing"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// BenchmarkWeb runs every style against a simulated web on loopback, in
// real time: 100 HTTPS pages over 10 hosts, RTT 20 ms, limit 10, with no
// server latency, so that the round trips are the whole cost. (With
// -short: 20 pages and RTT 2 ms, a smoke test.)
//
// Its names are BenchmarkWeb/proto=P/client=C/style=S, where P is h2 or h1
// (HTTPS with ALPN h2, or HTTP/1.1 only), and C is warm (one client for
// every run, after a warm-up run, so its connections are reused) or cold (a
// new client for every run, which dials and handshakes with every host: the
// Python lesson's session per run).
//
// Besides sec/op, it reports pages/s, conns/op and handshakes/op (new
// connections and TLS handshakes per run, as the hosts counted them; a
// dial the Transport started for a request that another connection then
// served may finish after the run, and count in the next), and x-model:
// sec/op divided by what the link model alone costs (see webModel). The
// rest is CPU, loopback and scheduling.
func BenchmarkWeb(b *testing.B) {
	n, hosts, limit, rtt := 100, 10, 10, 20*time.Millisecond
	if testing.Short() {
		n, rtt = 20, 2*time.Millisecond
	}
	for _, proto := range []struct {
		name      string
		http1Only bool
	}{{"h2", false}, {"h1", true}} {
		b.Run("proto="+proto.name, func(b *testing.B) {
			web := sim.NewWeb(sim.WebConfig{
				Hosts: hosts, Site: sim.Config{Pages: n}, Link: sim.Link{RTT: rtt}, TLS: true, HTTP1Only: proto.http1Only,
			})
			b.Cleanup(web.Close)
			urls := web.URLs(n)
			for _, cold := range []bool{false, true} {
				for _, s := range styles.All {
					name := fmt.Sprintf("client=%s/style=%s", map[bool]string{false: "warm", true: "cold"}[cold], s.Name)
					b.Run(name, func(b *testing.B) {
						model := webModel(n, hosts, limit, rtt, s.Name == "sequential", cold)
						benchWeb(b, web, s, urls, limit, cold, model)
					})
				}
			}
		})
	}
}

// benchWeb measures one style on the web.
func benchWeb(b *testing.B, web *sim.Web, s styles.Style, urls []string, limit int, cold bool, model time.Duration) {
	opts := fetchbench.Options{Limit: limit}
	warm := web.Client(limit)
	b.Cleanup(warm.CloseIdleConnections)
	run := func() {
		client := warm
		if cold {
			client = web.Client(limit)
			defer client.CloseIdleConnections()
		}
		pages, err := s.Fetch(b.Context(), client, urls, opts)
		if err := checkWebRun(pages, err); err != nil {
			b.Fatalf("%s: %v", s.Name, err)
		}
	}

	run() // checks the style before it is timed; warms the warm client
	web.ResetStats()
	for b.Loop() {
		run()
	}

	n := float64(b.N)
	perOp := b.Elapsed().Seconds() / n
	st := web.Stats()
	b.ReportMetric(float64(len(urls))/perOp, "pages/s")
	b.ReportMetric(float64(st.NewConns)/n, "conns/op")
	b.ReportMetric(float64(st.Handshakes)/n, "handshakes/op")
	b.ReportMetric(perOp/model.Seconds(), "x-model")
}

// webModel is what the link model alone makes a run of n pages over hosts
// hosts cost: a page on a reused connection costs 1 RTT, and a host's first
// page 2 RTTs more (TCP, then TLS). Sequential pages pay one after another;
// concurrent ones limit at a time, the first round dialing every host at
// once (URL i goes to host i%hosts).
func webModel(n, hosts, limit int, rtt time.Duration, sequential, cold bool) time.Duration {
	if sequential {
		d := time.Duration(n) * rtt
		if cold {
			d += time.Duration(hosts) * 2 * rtt
		}
		return d
	}
	d := time.Duration((n+limit-1)/limit) * rtt
	if cold {
		d += 2 * rtt
	}
	return d
}

// checkWebRun checks that every page of a run came back with page i's
// scripts, as URLs promises.
func checkWebRun(pages []fetchbench.Page, err error) error {
	if err != nil {
		return fmt.Errorf("FetchAll returned error %v; want nil", err)
	}
	for i, p := range pages {
		if p.Err != nil {
			return fmt.Errorf("page %d: %w", i, p.Err)
		}
		if got, want := len(p.Scripts), sim.WantScripts(i); got != want {
			return fmt.Errorf("page %d: %d scripts; want %d", i, got, want)
		}
	}
	return nil
}
