package fetchbench

import (
	"io"

	"golang.org/x/net/html"
)

// parse is the reference for scan: the plain tokenizer loop, which reads
// every token of the page with x/net/html and applies the policy to it. It
// was ParseScripts' parse until scan replaced it, and it stays to prove scan
// equal to it: TestScanPolicy, TestHTML5Lib and FuzzScanEqual.
//
// It does the work of ParseScripts and also finds the page's <base>, which
// Get needs to resolve relative src attributes. With maxScripts > 0, it stops
// with ErrTooManyScripts at the script after maxScripts.
func parse(r io.Reader, maxScripts int) (parsed, error) {
	return parseCapped(r, maxScripts, MaxTokenBytes)
}

// parseCapped is parse with a token cap of maxToken bytes, so that the fuzz
// test can reach the cap with small inputs.
func parseCapped(r io.Reader, maxScripts, maxToken int) (parsed, error) {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(maxToken)
	st := parseState{maxScripts: maxScripts}
	if _, err := st.tokens(z, nil); err != nil {
		return parsed{}, err
	}
	return st.finish(), nil
}
