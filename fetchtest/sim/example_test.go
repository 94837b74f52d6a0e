package sim_test

import (
	"context"
	"fmt"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// A web of three HTTPS hosts on loopback, 5 ms apart: each host's first
// page pays a TCP and a TLS handshake, and its second reuses the HTTP/2
// connection.
func ExampleNewWeb() {
	web := sim.NewWeb(sim.WebConfig{
		Hosts: 3,
		Site:  sim.Config{Pages: 6},
		Link:  sim.Link{RTT: 5 * time.Millisecond},
		TLS:   true,
	})
	defer web.Close()
	client := web.Client(1)

	for _, url := range web.URLs(6) {
		p := fetchbench.Get(context.Background(), client, url, fetchbench.Options{})
		fmt.Println(url, len(p.Scripts), p.Err)
	}
	s := web.Stats()
	fmt.Printf("%d requests, %d over HTTP/2, %d connections, %d TLS handshakes\n", s.Requests, s.HTTP2, s.NewConns, s.Handshakes)
	// Output:
	// https://h0.fetchtest.test/page/0 1 <nil>
	// https://h1.fetchtest.test/page/1 2 <nil>
	// https://h2.fetchtest.test/page/2 3 <nil>
	// https://h0.fetchtest.test/page/3 4 <nil>
	// https://h1.fetchtest.test/page/4 1 <nil>
	// https://h2.fetchtest.test/page/5 2 <nil>
	// 6 requests, 6 over HTTP/2, 3 connections, 3 TLS handshakes
}
