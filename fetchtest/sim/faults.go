package sim

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fetchbench"
)

// A Fault names a misbehaving page; FaultURL gives its address.
type Fault string

// The fault pages. Each is a page as a real web server might serve it on a
// bad day; the comment says what a correct fetcher reports.
const (
	NotFound     Fault = "not-found"     // 404: a *fetchbench.StatusError
	ServerError  Fault = "server-error"  // 500: a *fetchbench.StatusError
	NotHTML      Fault = "not-html"      // text/plain: fetchbench.ErrNotHTML
	WrongType    Fault = "wrong-type"    // HTML sent as application/json: ErrNotHTML
	NoType       Fault = "no-type"       // HTML with no Content-Type: sniffed, page 0's scripts
	Oversized    Fault = "oversized"     // just over DefaultMaxBodyBytes: fetchbench.ErrTooLarge
	Stall        Fault = "stall"         // half a page, then nothing: a timeout
	SlowHeaders  Fault = "slow-headers"  // no headers at all: a timeout
	Trickle      Fault = "trickle"       // page 0, one byte every 10 ms: a timeout, if it is short
	Endless      Fault = "endless"       // filler forever: ErrTooLarge, or a timeout
	Redirect     Fault = "redirect"      // 302 to page 0: page 0's scripts, resolved against page 0
	RedirectLoop Fault = "redirect-loop" // 302 to itself: fetchbench.ErrTooManyRedirects
	Gzip         Fault = "gzip"          // page 0, gzipped if the client accepts it
	Latin1       Fault = "latin1"        // page 0 in windows-1252, declared in the header
	Reset        Fault = "reset"         // half a page, then the connection is reset: an error
)

// Faults lists every fault, for tests that try them all.
var Faults = []Fault{
	NotFound, ServerError, NotHTML, WrongType, NoType, Oversized, Stall, SlowHeaders,
	Trickle, Endless, Redirect, RedirectLoop, Gzip, Latin1, Reset,
}

// FaultURL returns the URL of a fault page.
func (s *Site) FaultURL(f Fault) string {
	return s.URL + "/fault/" + string(f)
}

func (s *Site) serveFault(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	switch Fault(r.PathValue("fault")) {
	case NotFound:
		http.NotFound(w, r)
	case ServerError:
		http.Error(w, "internal server error", http.StatusInternalServerError)
	case NotHTML:
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("<script>this is plain text</script>\n"))
	case WrongType:
		h.Set("Content-Type", "application/json")
		s.writePage(w, 0)
	case NoType:
		h["Content-Type"] = nil // stops net/http from sniffing it for us
		s.writePage(w, 0)
	case Oversized:
		block := []byte(fillerBlock)
		for n := 0; n <= fetchbench.DefaultMaxBodyBytes; n += len(block) {
			if _, err := w.Write(block); err != nil {
				return // the client stopped reading
			}
		}
	case Stall:
		head := pageHead(0)
		w.Write([]byte(head[:len(head)/2]))
		w.(http.Flusher).Flush()
		s.wait(r, nil) // until the client gives up
	case SlowHeaders:
		s.wait(r, nil)
	case Trickle:
		var page bytes.Buffer
		s.writePage(&page, 0)
		for _, b := range page.Bytes() {
			if _, err := w.Write([]byte{b}); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			if !s.sleep(r, 10*time.Millisecond) {
				return
			}
		}
	case Endless:
		for {
			if _, err := w.Write(s.fillerOrBlock()); err != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-s.closed:
				return
			default:
			}
		}
	case Redirect:
		http.Redirect(w, r, "/page/0", http.StatusFound)
	case RedirectLoop:
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	case Gzip:
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			s.writePage(w, 0)
			return
		}
		h.Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		s.writePage(zw, 0)
		zw.Close()
	case Latin1:
		h.Set("Content-Type", "text/html; charset=windows-1252")
		// "café" in windows-1252, then page 0, which is ASCII.
		w.Write([]byte("<!-- caf\xe9 -->\n"))
		s.writePage(w, 0)
	case Reset:
		s.reset(w)
	default:
		http.NotFound(w, r)
	}
}

// reset sends half of page 0 with a Content-Length for all of it, then
// resets the connection: the client reads "connection reset by peer". On a
// connection of a Web, which has no TCP linger to set, it closes it
// instead, and the client reads io.ErrUnexpectedEOF.
func (s *Site) reset(w http.ResponseWriter) {
	head := pageHead(0)
	hj, ok := w.(http.Hijacker)
	if !ok {
		// An HTTP/2 response has no connection of its own to reset. This
		// panic is net/http's way to abort a response: the server resets
		// the stream, and the client reads an error.
		w.Header().Set("Content-Length", strconv.Itoa(len(head)))
		w.Write([]byte(head[:len(head)/2]))
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s", len(head), head[:len(head)/2])
	buf.Flush()
	if tcp, ok := conn.(interface{ SetLinger(sec int) error }); ok {
		tcp.SetLinger(0) // close with a RST instead of a FIN
	}
}

func (s *Site) fillerOrBlock() []byte {
	if len(s.filler) > 0 {
		return s.filler
	}
	return []byte(fillerBlock)
}
