package sim

import (
	"bytes"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// A Link is the network between the client and every host of a Web. The
// package doc says what it models and what it leaves out.
type Link struct {
	// RTT is the round-trip time between the client and every host.
	RTT time.Duration

	// Bandwidth is bytes per second per connection in each direction.
	// Zero means unlimited.
	Bandwidth int64
}

// sendTime is how long n bytes take to leave the sender at the link's
// bandwidth.
func (l Link) sendTime(n int) time.Duration {
	if l.Bandwidth <= 0 {
		return 0
	}
	return time.Duration(int64(n) * int64(time.Second) / l.Bandwidth)
}

// window is how many writes a link connection holds on their way before a
// writer waits: a bound on memory for a server that writes forever.
const window = 512

// A linkConn is one end of a connection with a link in front of its writes.
// Write queues a copy and returns; a sender goroutine writes it to the wire
// when it has arrived at the other end, so the other end reads the wire as
// it is. Close sends the end of the stream behind the queued writes, like a
// FIN. Every wait is on a channel or a timer, so a testing/synctest bubble
// sees it as durably blocked.
type linkConn struct {
	net.Conn // the wire: one end of a memPipe, or a loopback socket

	link    Link
	queue   chan chunk    // writes on their way, in order
	wlock   chan struct{} // a one-slot lock held across a whole Write
	closed  chan struct{} // closed by Close
	stopped chan struct{} // closed when the sender has stopped
	down    <-chan struct{}
	bytes   *atomic.Int64 // bytes written, for the web's stats

	closeOnce sync.Once
	free      time.Time // when the previous write has left the sender; guarded by wlock
	err       error     // the wire's write error, if any; set before stopped closes

	deadlineMu    sync.Mutex
	writeDeadline time.Time
}

// A chunk is one write, or the end of the stream, with the time it reaches
// the other end.
type chunk struct {
	data []byte
	at   time.Time
	eof  bool
}

// newLinkConn puts link in front of wire's writes. The caller runs send in
// a goroutine it waits for. down, closed when the web shuts down, drops
// whatever is still on its way.
func newLinkConn(wire net.Conn, link Link, down <-chan struct{}, bytes *atomic.Int64) *linkConn {
	return &linkConn{
		Conn:    wire,
		link:    link,
		queue:   make(chan chunk, window),
		wlock:   make(chan struct{}, 1),
		closed:  make(chan struct{}),
		stopped: make(chan struct{}),
		down:    down,
		bytes:   bytes,
	}
}

// Write queues a copy of p to reach the other end RTT/2 after it has left
// the sender, which it does at no more than the link's bandwidth.
func (c *linkConn) Write(p []byte) (int, error) {
	expired, stop := c.writeTimer()
	defer stop()
	select {
	case c.wlock <- struct{}{}:
	case <-c.closed:
		return 0, net.ErrClosed
	case <-c.stopped:
		return 0, c.stopErr()
	case <-expired:
		return 0, os.ErrDeadlineExceeded
	}
	defer func() { <-c.wlock }()
	ch := c.stamp(len(p))
	ch.data = bytes.Clone(p)
	select {
	case c.queue <- ch:
		c.bytes.Add(int64(len(p)))
		return len(p), nil
	case <-c.closed:
		return 0, net.ErrClosed
	case <-c.stopped:
		return 0, c.stopErr()
	case <-expired:
		return 0, os.ErrDeadlineExceeded
	}
}

// stamp gives n bytes written now their time of arrival. The caller holds
// wlock.
func (c *linkConn) stamp(n int) chunk {
	start := time.Now()
	if c.free.After(start) {
		start = c.free // the previous write is still leaving
	}
	c.free = start.Add(c.link.sendTime(n))
	return chunk{at: c.free.Add(c.link.RTT / 2)}
}

// writeTimer returns a channel that fires at the write deadline, if any.
func (c *linkConn) writeTimer() (<-chan time.Time, func() bool) {
	c.deadlineMu.Lock()
	d := c.writeDeadline
	c.deadlineMu.Unlock()
	if d.IsZero() {
		return nil, func() bool { return false }
	}
	t := time.NewTimer(time.Until(d))
	return t.C, t.Stop
}

// stopErr is a Write's error once the sender has stopped.
func (c *linkConn) stopErr() error {
	if c.err != nil {
		return c.err
	}
	return net.ErrClosed
}

// send writes each chunk to the wire when it arrives, and closes the wire
// after the last one, or at once when the web goes down.
func (c *linkConn) send() {
	defer close(c.stopped)
	defer c.Conn.Close()
	for {
		var ch chunk
		select {
		case ch = <-c.queue:
		case <-c.down:
			return
		}
		if !c.sleepUntil(ch.at) || ch.eof {
			return
		}
		if _, err := c.Conn.Write(ch.data); err != nil {
			c.err = err
			return
		}
	}
}

// sleepUntil waits until t, and reports false if the web went down first.
func (c *linkConn) sleepUntil(t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-c.down:
		return false
	}
}

// Read reads what has arrived. After Close it fails with net.ErrClosed, as
// a closed socket does.
func (c *linkConn) Read(p []byte) (int, error) {
	if c.isClosed() {
		return 0, net.ErrClosed
	}
	n, err := c.Conn.Read(p)
	if err != nil && c.isClosed() {
		err = net.ErrClosed
	}
	return n, err
}

func (c *linkConn) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

// Close stops reads and writes at this end at once, and sends the end of
// the stream behind the writes still on their way.
func (c *linkConn) Close() error {
	c.closeOnce.Do(func() {
		close(c.closed)
		if w, ok := c.Conn.(*memWire); ok {
			w.CloseRead() // and the other end's writes now fail
		} else {
			c.Conn.SetReadDeadline(aLongTimeAgo) // wakes a Read blocked on the socket
		}
		select {
		case c.wlock <- struct{}{}: // a blocked Write has returned
		case <-c.stopped:
			return
		case <-c.down:
			return
		}
		fin := c.stamp(0)
		fin.eof = true
		select {
		case c.queue <- fin:
		case <-c.stopped:
		case <-c.down:
		}
		<-c.wlock
	})
	return nil
}

var aLongTimeAgo = time.Unix(1, 0)

func (c *linkConn) SetDeadline(t time.Time) error {
	c.SetWriteDeadline(t)
	return c.SetReadDeadline(t)
}

func (c *linkConn) SetReadDeadline(t time.Time) error {
	if c.isClosed() {
		return nil // keep the deadline that Close set
	}
	return c.Conn.SetReadDeadline(t)
}

// SetWriteDeadline sets the deadline for Writes that start after it; a
// Write waits only while the link's window is full.
func (c *linkConn) SetWriteDeadline(t time.Time) error {
	c.deadlineMu.Lock()
	c.writeDeadline = t
	c.deadlineMu.Unlock()
	return nil
}
