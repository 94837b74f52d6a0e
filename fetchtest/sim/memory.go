package sim

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
)

// memHost is the host of an in-memory site. The .test domain is reserved, so
// it can never be a real host.
const memHost = "fetchtest.test"

// memTransport delivers requests to a site's handler through an io.Pipe, so
// the body streams, stalls and fails just as it would over a socket.
type memTransport struct{ site *Site }

func (m memTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != memHost {
		// Behave like a closed port, so a test can use any other host as one.
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	ctx := req.Context()
	m.site.open.Add(1) // until the response fails to arrive, or its body is closed
	pr, pw := io.Pipe()
	w := &pipeWriter{header: make(http.Header), body: pw, ready: make(chan struct{})}

	sreq := req.Clone(ctx)
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "192.0.2.1:49152" // TEST-NET-1
	go func() {
		defer func() {
			// Like net/http, treat http.ErrAbortHandler as "abort the
			// response": the reader sees an error, not the end of the body.
			if v := recover(); v != nil {
				if v != http.ErrAbortHandler {
					panic(v)
				}
				w.WriteHeader(http.StatusOK)
				pw.CloseWithError(io.ErrUnexpectedEOF)
			}
		}()
		m.site.ServeHTTP(w, sreq)
		w.WriteHeader(http.StatusOK) // in case the handler wrote nothing
		// A handler that stopped because the request was cancelled has
		// sent a partial body: make the reader see an error, not an EOF.
		pw.CloseWithError(ctx.Err())
	}()

	select {
	case <-w.ready:
		return &http.Response{
			Status:        fmt.Sprintf("%d %s", w.code, http.StatusText(w.code)),
			StatusCode:    w.code,
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        w.sent,
			Body:          &countedBody{ReadCloser: pr, open: &m.site.open},
			ContentLength: -1,
			Request:       req,
		}, nil
	case <-ctx.Done():
		pr.CloseWithError(ctx.Err()) // fails the handler's next write
		m.site.open.Add(-1)
		return nil, ctx.Err()
	}
}

// countedBody is a response body that counts as open until it is closed.
type countedBody struct {
	io.ReadCloser
	open *atomic.Int64
	once sync.Once
}

func (b *countedBody) Close() error {
	b.once.Do(func() { b.open.Add(-1) })
	return b.ReadCloser.Close()
}

// pipeWriter is the http.ResponseWriter of an in-memory request.
type pipeWriter struct {
	header http.Header
	body   *io.PipeWriter
	ready  chan struct{} // closed once the status and headers are set
	code   int
	sent   http.Header // a copy of header, taken when it was sent
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	if w.sent != nil {
		return
	}
	w.code = code
	w.sent = w.header.Clone()
	close(w.ready)
}

func (w *pipeWriter) Write(p []byte) (int, error) {
	if w.sent == nil {
		// Like net/http: sniff a missing Content-Type, unless the handler
		// set it to nil to say there is none.
		if _, ok := w.header["Content-Type"]; !ok {
			w.header.Set("Content-Type", http.DetectContentType(p))
		}
		w.WriteHeader(http.StatusOK)
	}
	return w.body.Write(p)
}

// Flush does nothing: an io.Pipe has no buffer to flush.
func (w *pipeWriter) Flush() {}
