package sim

// Stats are what a site, or a whole Web, saw from the server's side since
// it started or ResetStats was called.
type Stats struct {
	Requests    int // requests received
	MaxInFlight int // the most requests in flight at once
	NewConns    int // connections accepted
	Handshakes  int // TLS handshakes completed
	HTTP1       int // requests served over HTTP/1.x
	HTTP2       int // requests served over HTTP/2

	// The bytes written to the site's connections in each direction, TLS
	// records included: by the clients, and by the servers.
	ClientBytes int64
	ServerBytes int64
}

// WebStats are a Web's Stats across all hosts, and per host.
type WebStats struct {
	// Stats add up every host's. MaxInFlight is the most requests in
	// flight at once on all the hosts together.
	Stats

	Hosts []Stats // Hosts[i] for host i, h{i}.fetchtest.test
}

// Stats returns the web's counters. The untrusted host's are left out.
func (w *Web) Stats() WebStats {
	var ws WebStats
	for _, h := range w.hosts {
		s := h.site.Stats()
		ws.Hosts = append(ws.Hosts, s)
		ws.Requests += s.Requests
		ws.NewConns += s.NewConns
		ws.Handshakes += s.Handshakes
		ws.HTTP1 += s.HTTP1
		ws.HTTP2 += s.HTTP2
		ws.ClientBytes += s.ClientBytes
		ws.ServerBytes += s.ServerBytes
	}
	ws.MaxInFlight = int(w.maxInFlight.Load())
	return ws
}
