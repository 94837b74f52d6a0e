package styles

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStyleFileComments checks that the five style files are written as
// their anchors (x/sync's errgroup, net/http) are: a comment that teaches
// gets a line of its own, and at most 5% of the code lines end in a comment.
func TestStyleFileComments(t *testing.T) {
	for _, name := range []string{"sequential", "goroutines", "channels", "errgroup", "selectloop"} {
		path := filepath.Join("..", "..", name, name+".go")
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		code, trailing := commentLines(path, src)
		assert.LessOrEqual(t, 100*trailing, 5*code,
			"%s: %d of %d code lines end in a comment", path, trailing, code)
	}
}

// commentLines counts the lines of src that hold code, and those of them
// that end in a comment.
func commentLines(path string, src []byte) (code, trailing int) {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile(path, -1, len(src)), src, nil, scanner.ScanComments)
	last := 0 // the last line counted as code
	for {
		pos, tok, lit := s.Scan()
		line := fset.Position(pos).Line
		switch {
		case tok == token.EOF:
			return code, trailing
		case tok == token.COMMENT:
			if line == last {
				trailing++
			}
		case tok == token.SEMICOLON && lit == "\n":
			// An inserted semicolon is no code of its own.
		case line != last:
			code++
			last = line
		}
	}
}
