package sim

import (
	"context"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// A memListener is a host's listener in memory: dial hands it the server's
// end of a memPipe.
type memListener struct {
	conns     chan net.Conn
	closed    chan struct{}
	closeOnce sync.Once
	addr      memAddr
}

func newMemListener(addr string) *memListener {
	return &memListener{conns: make(chan net.Conn), closed: make(chan struct{}), addr: memAddr(addr)}
}

func (l *memListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// connect hands c to Accept, and reports false if the listener closed or
// ctx ended first.
func (l *memListener) connect(ctx context.Context, c net.Conn) bool {
	select {
	case l.conns <- c:
		return true
	case <-l.closed:
	case <-ctx.Done():
	}
	return false
}

func (l *memListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return nil
}

func (l *memListener) Addr() net.Addr { return l.addr }

// A memAddr is a host's address in memory: its name and port.
type memAddr string

func (a memAddr) Network() string { return "mem" }
func (a memAddr) String() string  { return string(a) }

// A hostListener accepts a host's connections through the link, and counts
// and tracks them for the web.
type hostListener struct {
	net.Listener
	h *host
}

func (l hostListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		lc, ok := l.h.web.linkConn(c, l.h.link, &l.h.site.serverBytes)
		if !ok {
			continue // the web is closing: c is closed
		}
		l.h.site.newConns.Add(1)
		return lc, nil
	}
}

// trackConns is a server's ConnState hook: it keeps each accepted
// connection's goroutine in the web's wait group until the connection is
// closed or hijacked.
func (h *host) trackConns(_ net.Conn, state http.ConnState) {
	switch state {
	case http.StateNew:
		h.web.wg.Add(1) // Accept ran with the web open, and it still holds a sender
	case http.StateClosed, http.StateHijacked:
		h.web.wg.Done()
	}
}

// A countingListener counts a loopback server's connections and the bytes
// they carry, as the link does for a Web.
type countingListener struct {
	net.Listener
	site *Site
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.site.newConns.Add(1)
	return &countingConn{Conn: c, read: &l.site.clientBytes, written: &l.site.serverBytes}, nil
}

// A countingConn counts the bytes read from and written to a connection.
type countingConn struct {
	net.Conn
	read, written *atomic.Int64
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}

// Write counts p before it writes it, so that a reader who got the bytes
// sees them counted, then takes back what it did not write.
func (c *countingConn) Write(p []byte) (int, error) {
	c.written.Add(int64(len(p)))
	n, err := c.Conn.Write(p)
	c.written.Add(int64(n - len(p)))
	return n, err
}

// SetLinger passes the call on to a TCP connection, for the Reset fault.
func (c *countingConn) SetLinger(sec int) error {
	if tcp, ok := c.Conn.(*net.TCPConn); ok {
		return tcp.SetLinger(sec)
	}
	return nil
}
