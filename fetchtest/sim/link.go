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

// LinkWindow is the most bytes a link connection holds on their way, written
// but not yet delivered, before a writer waits, like a TCP receive window:
// so a server that writes forever to a slow reader holds this much, not
// all it wrote. A write larger than the window still goes, alone. On a link
// whose bandwidth × RTT is larger, a connection is window-bound, as TCP is.
const LinkWindow = 4 << 20

// maxWrites is how many writes a link connection holds on their way: the
// queue's length, a bound for many small writes.
const maxWrites = 512

// A linkConn is one end of a connection with a link in front of its writes.
// Write queues a copy and returns; a sender goroutine writes it to the wire
// when it has arrived at the other end, so the other end reads the wire as
// it is. Close sends the end of the stream behind the queued writes, like a
// FIN. Every wait is on a channel or a timer, so a testing/synctest bubble
// sees it as durably blocked.
type linkConn struct {
	net.Conn // the wire: one end of a memPipe, or a loopback socket

	link     Link
	queue    chan chunk    // writes on their way, in order
	onTheWay atomic.Int64  // the bytes in queue, and in the sender's hands
	moved    chan struct{} // one slot: the sender has taken or delivered a write
	wlock    chan struct{} // holds the token of a lock held across a whole Write
	closed   chan struct{} // closed by Close
	fin      chan struct{} // closed by Close once finAt is set: no write follows
	stopped  chan struct{} // closed when the sender has stopped
	down     <-chan struct{}
	bytes    *atomic.Int64 // bytes written, for the web's stats

	closeOnce sync.Once
	free      time.Time // when the previous write has left the sender; guarded by wlock
	finAt     time.Time // when the end of the stream arrives; set before fin closes
	err       error     // the wire's write error, if any; set before stopped closes

	deadlineMu    sync.Mutex
	writeDeadline time.Time
}

// A chunk is one write, with the time it reaches the other end.
type chunk struct {
	data []byte
	at   time.Time
}

// newLinkConn puts link in front of wire's writes. The caller runs send in
// a goroutine it waits for. down, closed when the web shuts down, drops
// whatever is still on its way.
func newLinkConn(wire net.Conn, link Link, down <-chan struct{}, bytes *atomic.Int64) *linkConn {
	c := &linkConn{
		Conn:    wire,
		link:    link,
		queue:   make(chan chunk, maxWrites),
		moved:   make(chan struct{}, 1),
		wlock:   make(chan struct{}, 1),
		closed:  make(chan struct{}),
		fin:     make(chan struct{}),
		stopped: make(chan struct{}),
		down:    down,
		bytes:   bytes,
	}
	c.wlock <- struct{}{}
	return c
}

// Write queues a copy of p to reach the other end RTT/2 after it has left
// the sender, which it does at no more than the link's bandwidth. It waits
// while LinkWindow bytes or maxWrites writes are on their way.
func (c *linkConn) Write(p []byte) (int, error) {
	expired, stop := c.writeTimer()
	defer stop()
	// wait waits for ready, or returns why it cannot.
	wait := func(ready <-chan struct{}) error {
		select {
		case <-ready:
			return nil
		case <-c.closed:
			return net.ErrClosed
		case <-c.stopped:
			return c.stopErr()
		case <-expired:
			return os.ErrDeadlineExceeded
		}
	}
	if err := wait(c.wlock); err != nil {
		return 0, err
	}
	defer func() { c.wlock <- struct{}{} }()
	n := int64(len(p))
	for !c.room(n) {
		if err := wait(c.moved); err != nil {
			return 0, err
		}
	}
	if c.isClosed() {
		return 0, net.ErrClosed // a wait picked its channel, though Close had begun
	}
	ch := c.stamp(len(p))
	ch.data = bytes.Clone(p)
	// Counted before the sender can deliver them, so that a reader who got
	// them sees them counted.
	c.onTheWay.Add(n)
	c.bytes.Add(n)
	c.queue <- ch // room found a free slot, and only wlock's holder sends
	return len(p), nil
}

// room reports whether n more bytes may go on their way: the queue has a
// free slot, and the window has room for them or is empty. The caller holds
// wlock.
func (c *linkConn) room(n int64) bool {
	on := c.onTheWay.Load()
	return len(c.queue) < cap(c.queue) && (on == 0 || on+n <= LinkWindow)
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
// when the end of the stream arrives, after the last chunk, or at once when
// the web goes down.
func (c *linkConn) send() {
	defer close(c.stopped)
	defer c.Conn.Close()
	for {
		var ch chunk
		select {
		case ch = <-c.queue:
			c.poke()
		case <-c.fin:
			select {
			case ch = <-c.queue: // Close came after this write: deliver it first
				c.poke()
			default:
				c.sleepUntil(c.finAt)
				return
			}
		case <-c.down:
			return
		}
		if !c.sleepUntil(ch.at) {
			return
		}
		_, err := c.Conn.Write(ch.data)
		c.onTheWay.Add(-int64(len(ch.data)))
		c.poke()
		if err != nil {
			c.err = err
			return
		}
	}
}

// poke wakes a Write waiting for room, if one is.
func (c *linkConn) poke() {
	select {
	case c.moved <- struct{}{}:
	default: // a wake-up is waiting already
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
		// Once a blocked Write has returned, no write follows: the end of
		// the stream goes behind the last one, without waiting for room in
		// the queue, which only time would make.
		select {
		case <-c.wlock:
		case <-c.stopped:
			return
		case <-c.down:
			return
		}
		c.finAt = c.stamp(0).at
		close(c.fin)
		c.wlock <- struct{}{}
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
