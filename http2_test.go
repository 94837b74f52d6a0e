package fetchbench_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"
	"golang.org/x/net/http2/hpack"

	"fetchbench"
	"fetchbench/selectloop"
)

// pingFlood is a hostile HTTP/2 server on conn: it answers the first request
// with a 200 and half a page, then stops reading and sends PING frames until
// the client closes the connection. The client's read loop must answer each
// PING; it blocks writing the first ack while it holds the connection's write
// lock, and the stream reset that would end the request waits for that lock
// (golang/go#33425, #48908).
func pingFlood(conn net.Conn) {
	defer conn.Close()
	fr := http2.NewFramer(conn, conn)
	stream := make(chan uint32, 1)
	go func() { // read up to the request and the ack of our settings, then never again
		defer close(stream)
		if _, err := io.ReadFull(conn, make([]byte, len(http2.ClientPreface))); err != nil {
			return
		}
		var id uint32
		acked := false
		for id == 0 || !acked {
			f, err := fr.ReadFrame()
			if err != nil {
				return
			}
			switch f := f.(type) {
			case *http2.HeadersFrame:
				id = f.StreamID
			case *http2.SettingsFrame:
				acked = acked || f.IsAck()
			}
		}
		stream <- id
	}()
	if err := fr.WriteSettings(); err != nil {
		return
	}
	id, ok := <-stream
	if !ok {
		return
	}
	var head bytes.Buffer
	enc := hpack.NewEncoder(&head)
	enc.WriteField(hpack.HeaderField{Name: ":status", Value: "200"})
	enc.WriteField(hpack.HeaderField{Name: "content-type", Value: "text/html"})
	if fr.WriteHeaders(http2.HeadersFrameParam{StreamID: id, BlockFragment: head.Bytes(), EndHeaders: true}) != nil {
		return
	}
	if fr.WriteData(id, false, []byte(`<script src=a.js></script><p>half a pa`)) != nil {
		return
	}
	for fr.WritePing(false, [8]byte{}) == nil {
	}
}

// pingFloodClient returns a client from NewClient that speaks HTTP/2 without
// TLS to pingFlood over an in-memory pipe; the server's end of every pipe is
// closed when the test ends. A pipe has no buffer, so the client's first PING
// ack already blocks: the test does not depend on socket buffer sizes.
func pingFloodClient(t *testing.T) *http.Client {
	client := fetchbench.NewClient(1)
	tr := client.Transport.(*http.Transport)
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetUnencryptedHTTP2(true)
	var servers []net.Conn
	var mu sync.Mutex
	tr.DialContext = func(context.Context, string, string) (net.Conn, error) {
		c, s := net.Pipe()
		mu.Lock()
		servers = append(servers, s)
		mu.Unlock()
		go pingFlood(s)
		return c, nil
	}
	t.Cleanup(func() {
		// Before the fix, only this ends the blocked Get.
		mu.Lock()
		defer mu.Unlock()
		for _, s := range servers {
			s.Close()
		}
		client.CloseIdleConnections()
	})
	return client
}

// pingFloodCeiling is how long TestGetHTTP2PingFlood waits for a call to
// return before it fails: far more than the Timeout plus WriteByteTimeout
// that bound Get, so that a slow machine does not fail it. It is not a
// measure of speed.
const pingFloodCeiling = 10 * time.Second

// returnsWithin runs f, and fails the test if f has not returned after
// pingFloodCeiling. It logs how long f took, and the error it returned.
func returnsWithin(t *testing.T, f func() error) {
	t.Helper()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- f() }()
	select {
	case err := <-done:
		t.Logf("returned after %v: %v", time.Since(start).Round(time.Millisecond), err)
	case <-time.After(pingFloodCeiling):
		require.FailNow(t, "still blocked after "+pingFloodCeiling.String())
	}
}

// An HTTP/2 server that sends half a page and then floods PING frames, never
// reading, kept Get blocked past every timeout: with Timeout 1 s it was still
// blocked 4 s later, until the server closed the connection. NewClient's
// WriteByteTimeout now closes a connection that cannot write a byte for that
// long, so Get returns by Timeout plus WriteByteTimeout, whether its time
// runs out, its ctx is cancelled, or a style calls it. Before the fix, each
// case here was still blocked at pingFloodCeiling. (This test runs in real time: synctest does not count a
// goroutine blocked on a mutex, such as the connection's write lock, as
// durably blocked, so its fake clock would stop.)
func TestGetHTTP2PingFlood(t *testing.T) {
	noLeaks(t)
	// The page's time runs out while the connection is stuck, so that it
	// fails with ctx's error, not the connection's.
	const timeout = fetchbench.WriteByteTimeout / 2
	const url = "http://example.test/"
	t.Run("timeout", func(t *testing.T) {
		client := pingFloodClient(t)
		returnsWithin(t, func() error {
			p := fetchbench.Get(context.Background(), client, url, fetchbench.Options{Timeout: timeout})
			assert.ErrorIs(t, p.Err, context.DeadlineExceeded)
			assert.Nil(t, p.Scripts)
			return p.Err
		})
	})
	t.Run("cancel", func(t *testing.T) {
		client := pingFloodClient(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := time.AfterFunc(timeout, cancel)
		defer stop.Stop()
		returnsWithin(t, func() error {
			p := fetchbench.Get(ctx, client, url, fetchbench.Options{})
			assert.ErrorIs(t, p.Err, context.Canceled)
			return p.Err
		})
	})
	t.Run("selectloop", func(t *testing.T) {
		client := pingFloodClient(t)
		returnsWithin(t, func() error {
			pages, err := selectloop.FetchAll(context.Background(), client, []string{url}, fetchbench.Options{Timeout: timeout})
			assert.NoError(t, err)
			if !assert.Len(t, pages, 1) {
				return nil
			}
			assert.ErrorIs(t, pages[0].Err, context.DeadlineExceeded)
			return pages[0].Err
		})
	})
}
