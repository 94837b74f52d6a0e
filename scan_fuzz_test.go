package fetchbench

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// hostilePages are small versions of the hostile pages in hostile_test.go,
// as fuzz seeds.
var hostilePages = []string{
	`<base href="/` + strings.Repeat("A", 300) + `/">` + strings.Repeat(`<script src=#></script>`, 20),
	strings.Repeat(`<svg><script/>`, 50),
	strings.Repeat(`<svg><script/>`, 5) + strings.Repeat("<p>filler</p>", 20),
	`<base href="/` + strings.Repeat(" ", 100) + `/">` + strings.Repeat(`<script src=/x.js></script>`, 8),
	`<p>café</p><script src=a.js></script>`,
	`<script src="a.js"></script><script src="//cdn.test/b.js"></script>`,
	"<p" + strings.Repeat(" a", 200) + ">",
	"<!--" + strings.Repeat("x", 300) + "-->",
	"<script>" + strings.Repeat("x", 300) + "</script>",
	"<p>" + strings.Repeat("x", 300),
}

// FuzzScanEqual checks that scan gives parse's answer, to the byte, on any
// input: the same scripts, base and error, whether the reader gives all of
// it at once or one byte at a time or fails halfway, with a cap on scripts,
// and with a token cap small enough for the fuzzer to reach. Its buffer holds 64 bytes, and
// its hand-overs of foreign content hand back as soon as they may, so that
// short inputs cross buffer and hand-over boundaries. The seeds are
// html5lib's inputs, the policy tables and small hostile pages.
//
//	go test -run='^$' -fuzz=FuzzScanEqual -fuzztime=10m -timeout=0 .
func FuzzScanEqual(f *testing.F) {
	for _, input := range html5libInputs(f) {
		f.Add(input)
	}
	for _, tc := range policyCases {
		f.Add(tc.input)
	}
	for _, tc := range baseCases {
		f.Add(tc.input)
	}
	for _, page := range hostilePages {
		f.Add(page)
	}
	f.Fuzz(func(t *testing.T, input string) {
		for _, c := range []struct {
			maxScripts, maxToken int
			oneByte              bool
			handBackAfter        int
			failHalfway          bool // a read error after half the input
		}{
			{0, MaxTokenBytes, false, handBackAfter, false},
			{0, MaxTokenBytes, true, 0, false},
			{1, MaxTokenBytes, false, 0, false},
			{0, 24, false, 16, false},
			{2, 40, true, 0, false},
			{1, MaxTokenBytes, true, 0, true},
		} {
			if c.oneByte && len(input) > 4<<10 {
				continue // the tokenizer copies its token on every read: too slow
			}
			read := func() io.Reader {
				var r io.Reader = strings.NewReader(input)
				if c.failHalfway {
					r = io.MultiReader(strings.NewReader(input[:len(input)/2]), iotest.ErrReader(errBroken))
				}
				if c.oneByte {
					r = iotest.OneByteReader(r)
				}
				return r
			}
			want, wantErr := parseCapped(read(), c.maxScripts, c.maxToken)
			s := scanner{r: read(), buf: make([]byte, 0, 64), maxToken: c.maxToken,
				handBackAfter: c.handBackAfter, st: parseState{maxScripts: c.maxScripts}}
			err := s.run()
			got := parsed{}
			if err == nil {
				got = s.st.finish()
			}
			if !sameErr(err, wantErr) || !equalParsed(got, want) {
				t.Fatalf("%+v: scan gives %+v, %v;\nparse gives %+v, %v", c, got, err, want, wantErr)
			}
		}
	})
}

var errBroken = errors.New("connection reset")

// sameErr reports whether scan's error is parse's: nil, or the same kind.
func sameErr(a, b error) bool {
	for _, kind := range []error{ErrTooLarge, ErrTooManyScripts} {
		if errors.Is(a, kind) || errors.Is(b, kind) {
			return errors.Is(a, kind) && errors.Is(b, kind)
		}
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

func equalParsed(a, b parsed) bool {
	return slices.Equal(a.scripts, b.scripts) && a.base == b.base && a.baseAt == b.baseAt
}
