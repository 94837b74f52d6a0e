package sim

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"
)

// memPipe returns the two ends of an in-memory wire, the client's and the
// server's. Like net.Pipe, a Write waits until the other end reads it. Unlike
// net.Pipe, an end that will read no more (CloseRead, or Close) makes the
// other end's Writes fail at once, as a socket's reset does: so two ends
// that close at once, each with a last write on its way, never wait for each
// other. Every wait is on a channel, so a synctest bubble sees it as durable.
func memPipe(serverAddr string) (client, server *memWire) {
	client = newMemWire(memAddr("192.0.2.1:49152"), memAddr(serverAddr)) // TEST-NET-1
	server = newMemWire(client.remote, client.local)
	client.peer, server.peer = server, client
	return client, server
}

// A memWire is one end of a memPipe.
type memWire struct {
	peer          *memWire
	inbox         chan []byte   // the other end's writes, handed over one by one
	closed        chan struct{} // closed by Close: the other end reads EOF
	gone          chan struct{} // closed by CloseRead or Close: this end reads no more
	rlock         chan struct{} // a one-slot lock held across a Read
	rest          []byte        // what a Read left of the last write; under rlock
	closeOnce     sync.Once
	goneOnce      sync.Once
	readDeadline  deadline
	local, remote net.Addr
}

func newMemWire(local, remote net.Addr) *memWire {
	return &memWire{
		inbox:        make(chan []byte),
		closed:       make(chan struct{}),
		gone:         make(chan struct{}),
		rlock:        make(chan struct{}, 1),
		readDeadline: deadline{passed: make(chan struct{})},
		local:        local,
		remote:       remote,
	}
}

// Write hands p to the other end's Read. The caller must not touch p again.
func (w *memWire) Write(p []byte) (int, error) {
	select {
	case w.peer.inbox <- p:
		return len(p), nil
	case <-w.peer.gone:
		return 0, os.NewSyscallError("write", syscall.ECONNRESET)
	case <-w.closed:
		return 0, net.ErrClosed
	}
}

// Read reads the other end's writes in order, then io.EOF once it has
// closed.
func (w *memWire) Read(p []byte) (int, error) {
	select {
	case w.rlock <- struct{}{}:
	case <-w.gone:
		return 0, net.ErrClosed
	case <-w.readDeadline.wait():
		return 0, os.ErrDeadlineExceeded
	}
	defer func() { <-w.rlock }()
	if len(w.rest) == 0 {
		select {
		case w.rest = <-w.inbox:
		case <-w.peer.closed:
			return 0, io.EOF // the other end hands over nothing after Close
		case <-w.gone:
			return 0, net.ErrClosed
		case <-w.readDeadline.wait():
			return 0, os.ErrDeadlineExceeded
		}
	}
	n := copy(p, w.rest)
	w.rest = w.rest[n:]
	return n, nil
}

// CloseRead says that this end reads no more: the other end's Writes fail.
func (w *memWire) CloseRead() error {
	w.goneOnce.Do(func() { close(w.gone) })
	return nil
}

// Close closes both directions: the other end reads io.EOF, and its Writes
// fail.
func (w *memWire) Close() error {
	w.CloseRead()
	w.closeOnce.Do(func() { close(w.closed) })
	return nil
}

func (w *memWire) LocalAddr() net.Addr  { return w.local }
func (w *memWire) RemoteAddr() net.Addr { return w.remote }

func (w *memWire) SetDeadline(t time.Time) error { return w.SetReadDeadline(t) }

func (w *memWire) SetReadDeadline(t time.Time) error {
	w.readDeadline.set(t)
	return nil
}

// SetWriteDeadline does nothing: only a linkConn's sender writes to a wire,
// and the linkConn keeps the write deadline.
func (w *memWire) SetWriteDeadline(time.Time) error { return nil }

// A deadline is a channel that is closed when a settable time passes, as in
// net.Pipe.
type deadline struct {
	mu     sync.Mutex
	timer  *time.Timer
	passed chan struct{}
}

func (d *deadline) set(t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.passed // the timer fired: wait for it to close passed
	}
	d.timer = nil
	closed := isClosed(d.passed)
	if wait := time.Until(t); t.IsZero() || wait > 0 {
		if closed {
			d.passed = make(chan struct{})
		}
		if !t.IsZero() {
			passed := d.passed
			d.timer = time.AfterFunc(wait, func() { close(passed) })
		}
		return
	}
	if !closed {
		close(d.passed)
	}
}

func (d *deadline) wait() <-chan struct{} {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.passed
}

func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
