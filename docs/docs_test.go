package docs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite every quoted snippet from its source")

// root is the repository root, seen from this package's directory.
const root = ".."

// markdownFiles returns the files whose quotes and links are checked: every
// Markdown file in docs/, and the top-level README.md.
func markdownFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	return append(files, filepath.Join(root, "README.md"))
}

// TestQuotes checks that every quoted snippet is, byte for byte, the region
// of the repository file that its marker names. With -update it rewrites the
// snippets instead.
//
// A marker is an HTML comment on a line of its own, right before a fenced
// block:
//
//	<!-- quote: PATH -->                the whole file
//	<!-- quote: PATH NAME -->           a top-level Go declaration: a func,
//	                                    a method as Type.Method, a type, a var
//	                                    or a const, with its doc comment
//	                                    (a grouped var or const: the group)
//	<!-- quote: PATH NAME code -->      that declaration without its doc
//	                                    comment, when the prose says it
//	<!-- quote: PATH NAME lines A-B --> lines A to B of that declaration,
//	                                    counting from its doc comment's first
//	<!-- quote: PATH package -->        a Go file's package doc and clause
//	<!-- quote: PATH lines A-B -->      lines A to B, counting from 1
//	<!-- quote: PATH schedule NAME [ROW...] -->
//	                                    scenario NAME's table in
//	                                    results/schedule.txt: the header and
//	                                    rows ROW... (from 1), or every row
//	<!-- quote: PATH table UNIT [N] [after TEXT] -->
//	                                    the Nth (default 1st) benchstat table
//	                                    whose header names UNIT, e.g. sec/op,
//	                                    after the first line holding TEXT
//
// PATH is relative to the repository root.
func TestQuotes(t *testing.T) {
	for _, file := range markdownFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, problems := checkQuotes(src, func(q quote) (string, error) { return q.region(root) }, *update)
		for _, p := range problems {
			t.Errorf("%s:%s", file, p)
		}
		if *update && !bytes.Equal(out, src) {
			if err := os.WriteFile(file, out, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: quotes rewritten", file)
		}
	}
}

// A quote is one parsed marker.
type quote struct {
	path     string // relative to the repository root
	selector []string
}

var markerRE = regexp.MustCompile(`^\s*<!--\s*quote:\s*(.*?)\s*-->\s*$`)

func parseMarker(line string) (q quote, ok bool, err error) {
	m := markerRE.FindStringSubmatch(line)
	if m == nil {
		return quote{}, false, nil
	}
	f := strings.Fields(m[1])
	if len(f) == 0 {
		return quote{}, true, fmt.Errorf("quote marker names no file")
	}
	return quote{path: f[0], selector: f[1:]}, true, nil
}

func (q quote) String() string {
	return strings.Join(append([]string{q.path}, q.selector...), " ")
}

// region returns the text the quote names, without a final newline.
func (q quote) region(root string) (string, error) {
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(q.path)))
	if err != nil {
		return "", err
	}
	sel := q.selector
	switch {
	case len(sel) == 0:
		return strings.TrimRight(string(src), "\n"), nil
	case sel[0] == "lines" && len(sel) == 2:
		return lineRange(string(src), sel[1])
	case sel[0] == "table" && len(sel) >= 2:
		// table UNIT [N] [after TEXT]
		text, n := string(src), 1
		rest := sel[2:]
		if len(rest) > 0 && rest[0] != "after" {
			if n, err = strconv.Atoi(rest[0]); err != nil || n < 1 {
				return "", fmt.Errorf("table number %q is not a positive integer", rest[0])
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			if len(rest) != 2 || rest[0] != "after" {
				return "", fmt.Errorf("cannot read %q: want table UNIT [N] [after TEXT]", strings.Join(sel, " "))
			}
			i := strings.Index(text, rest[1])
			if i < 0 {
				return "", fmt.Errorf("%s does not contain %q", q.path, rest[1])
			}
			text = text[i:]
			text = text[strings.IndexByte(text+"\n", '\n'):] // from the next line on
		}
		return benchstatTable(text, sel[1], n)
	case sel[0] == "schedule" && len(sel) >= 2:
		return scheduleRows(string(src), sel[1], sel[2:])
	case len(sel) == 1 && strings.HasSuffix(q.path, ".go"):
		return goDecl(q.path, src, sel[0])
	case len(sel) == 2 && sel[1] == "code" && strings.HasSuffix(q.path, ".go"):
		decl, err := goDecl(q.path, src, sel[0])
		if err != nil {
			return "", err
		}
		return withoutDoc(decl), nil
	case len(sel) == 3 && sel[1] == "lines" && strings.HasSuffix(q.path, ".go"):
		decl, err := goDecl(q.path, src, sel[0])
		if err != nil {
			return "", err
		}
		return lineRange(decl, sel[2])
	}
	return "", fmt.Errorf("cannot read selector %q", strings.Join(sel, " "))
}

// scheduleRows returns the table of one scenario in results/schedule.txt:
// its column header, then the rows numbered in rows (counting from 1), or
// every row if there are none.
func scheduleRows(src, scenario string, rows []string) (string, error) {
	_, after, ok := strings.Cut(src, "\n## "+scenario+": ")
	if !ok {
		return "", fmt.Errorf("no scenario %q", scenario)
	}
	table, _, _ := strings.Cut(after, "\n\n")
	lines := strings.Split(table, "\n")[2:] // after the "## " lines: the header, then the rows
	if len(rows) == 0 {
		return strings.Join(lines, "\n"), nil
	}
	out := lines[:1]
	for _, r := range rows {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n >= len(lines) {
			return "", fmt.Errorf("scenario %s has no row %q", scenario, r)
		}
		out = append(out, lines[n])
	}
	return strings.Join(out, "\n"), nil
}

// lineRange returns lines a to b of src, counting from 1, as in "10-25".
func lineRange(src, spec string) (string, error) {
	from, to, ok := strings.Cut(spec, "-")
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	if !ok || err1 != nil || err2 != nil || a < 1 || b < a {
		return "", fmt.Errorf("line range %q is not A-B with 1 <= A <= B", spec)
	}
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	if b > len(lines) {
		return "", fmt.Errorf("line range %s: the file has %d lines", spec, len(lines))
	}
	return strings.Join(lines[a-1:b], "\n"), nil
}

// benchstatTable returns the nth table of benchstat's text output whose
// header names unit. A table is a run of non-blank lines that starts with a
// header line drawn with "│"; its second header line names the units.
func benchstatTable(src, unit string, n int) (string, error) {
	var blocks [][]string
	var cur []string
	for _, line := range strings.Split(src, "\n") {
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				blocks = append(blocks, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		blocks = append(blocks, cur)
	}
	seen := 0
	for _, b := range blocks {
		// A block may start with "key: value" configuration lines; the
		// table starts at the first line drawn with "│".
		start := -1
		for i, line := range b {
			if strings.Contains(line, "│") {
				start = i
				break
			}
		}
		if start < 0 || start+1 >= len(b) {
			continue
		}
		for _, f := range strings.Fields(b[start+1]) {
			if f == unit {
				seen++
				break
			}
		}
		if seen == n {
			return strings.Join(b[start:], "\n"), nil
		}
	}
	return "", fmt.Errorf("found %d benchstat tables of %s, want table %d", seen, unit, n)
}

// goDecl returns the top-level declaration called name in the Go source
// src, with its doc comment.
func goDecl(path string, src []byte, name string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return "", err
	}
	text := func(doc *ast.CommentGroup, from, to token.Pos) string {
		if doc != nil {
			from = doc.Pos()
		}
		return string(src[fset.Position(from).Offset:fset.Position(to).Offset])
	}
	if name == "package" {
		return text(f.Doc, f.Package, f.Name.End()), nil
	}
	recv, method, isMethod := strings.Cut(name, ".")
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && !isMethod && d.Name.Name == name ||
				d.Recv != nil && isMethod && d.Name.Name == method && receiverType(d.Recv) == recv {
				return text(d.Doc, d.Pos(), d.End()), nil
			}
		case *ast.GenDecl:
			if isMethod {
				continue
			}
			for _, s := range d.Specs {
				var names []*ast.Ident
				switch s := s.(type) {
				case *ast.TypeSpec:
					names = []*ast.Ident{s.Name}
				case *ast.ValueSpec:
					names = s.Names
				}
				for _, id := range names {
					if id.Name == name {
						return text(d.Doc, d.Pos(), d.End()), nil
					}
				}
			}
		}
	}
	return "", fmt.Errorf("no top-level declaration %s in %s", name, path)
}

// withoutDoc returns a declaration from goDecl without its doc comment: the
// lines from the first that is not a // comment.
func withoutDoc(decl string) string {
	lines := strings.Split(decl, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "//") {
			return strings.Join(lines[i:], "\n")
		}
	}
	return decl
}

// receiverType returns the name of a method's receiver type: "Site" for
// (s *Site) and for (s Site).
func receiverType(fl *ast.FieldList) string {
	if fl == nil || len(fl.List) != 1 {
		return ""
	}
	e := fl.List[0].Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr: // generic receiver T[P]
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// A fence is an opening or closing line of a fenced code block.
var fenceRE = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})(.*)$")

// checkQuotes finds every quote marker in the Markdown src and compares the
// fenced block after it with what region returns. It returns src with every
// block rewritten from its region (when rewrite is set; otherwise src as it
// was), and the problems found, each starting with a line number.
func checkQuotes(src []byte, region func(quote) (string, error), rewrite bool) ([]byte, []string) {
	lines := strings.Split(string(src), "\n")
	var out []string
	var problems []string
	report := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%d: %s", line, fmt.Sprintf(format, args...)))
	}
	inFence := "" // the opening fence of the block we are in, if any
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		out = append(out, line)
		if inFence != "" {
			if isClosingFence(line, inFence) {
				inFence = ""
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			inFence = m[1]
			continue
		}
		q, ok, err := parseMarker(line)
		if !ok {
			continue
		}
		if err != nil {
			report(i+1, "%v", err)
			continue
		}
		// The block: an opening fence on the next line, and its close.
		open := i + 1
		var m []string
		if open < len(lines) {
			m = fenceRE.FindStringSubmatch(lines[open])
		}
		if m == nil {
			report(i+1, "quote %s: the next line must open a fenced block", q)
			continue
		}
		close := open + 1
		for close < len(lines) && !isClosingFence(lines[close], m[1]) {
			close++
		}
		if close == len(lines) {
			report(open+1, "quote %s: the fenced block is never closed", q)
			continue
		}
		got := strings.Join(lines[open+1:close], "\n")
		want, err := region(q)
		if err != nil {
			report(i+1, "quote %s: %v", q, err)
		} else if got != want && !rewrite {
			report(i+1, "quote %s differs from its source (run go test ./docs -update):\n%s", q, firstDiff(got, want))
		}
		if rewrite && err == nil {
			fence := m[1]
			for longestRun(want, fence[0]) >= len(fence) {
				fence += fence[:1]
			}
			out = append(out, fence+m[2])
			if want != "" {
				out = append(out, strings.Split(want, "\n")...)
			}
			out = append(out, fence)
		} else {
			out = append(out, lines[open:close+1]...)
		}
		i = close
	}
	return []byte(strings.Join(out, "\n")), problems
}

// isClosingFence reports whether line closes a block opened with open.
func isClosingFence(line, open string) bool {
	s := strings.TrimSpace(line)
	return len(s) >= len(open) && strings.Trim(s, open[:1]) == "" && len(line)-len(strings.TrimLeft(line, " ")) <= 3
}

// longestRun returns the length of the longest run of c at the start of a
// line of s (after up to 3 spaces): what a fence around s must exceed.
func longestRun(s string, c byte) int {
	longest := 0
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimLeft(line, " ")
		n := 0
		for n < len(line) && line[n] == c {
			n++
		}
		longest = max(longest, n)
	}
	return longest
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		gl, wl := "<end>", "<end>"
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("\tline %d of the block\n\thave: %q\n\twant: %q", i+1, gl, wl)
		}
	}
	return ""
}

// TestLinks checks every relative link in docs/*.md and README.md: the file
// or directory must exist inside the repository, and a #fragment must name a
// heading of a Markdown file (GitHub's anchors) or a line of another file
// (#L10 or #L10-L20).
func TestLinks(t *testing.T) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	anchorCache := map[string]map[string]bool{}
	anchorsOf := func(file string) (map[string]bool, error) {
		if a, ok := anchorCache[file]; ok {
			return a, nil
		}
		src, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		a := anchors(string(src))
		anchorCache[file] = a
		return a, nil
	}
	for _, file := range markdownFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links(string(src)) {
			if err := checkLink(file, l.target, absRoot, anchorsOf); err != nil {
				t.Errorf("%s:%d: link %q: %v", file, l.line, l.target, err)
			}
		}
	}
}

var schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

func checkLink(from, target, absRoot string, anchorsOf func(string) (map[string]bool, error)) error {
	if schemeRE.MatchString(target) || strings.HasPrefix(target, "//") {
		return nil // not relative
	}
	p, frag, _ := strings.Cut(target, "#")
	p, err := url.PathUnescape(p)
	if err != nil {
		return err
	}
	file := from
	if p != "" {
		file = filepath.Join(filepath.Dir(from), filepath.FromSlash(p))
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(absRoot, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("points outside the repository")
	}
	info, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("no such file or directory")
	}
	if frag == "" {
		return nil
	}
	if info.IsDir() {
		return fmt.Errorf("a directory has no #%s", frag)
	}
	if strings.HasSuffix(file, ".md") {
		a, err := anchorsOf(file)
		if err != nil {
			return err
		}
		if !a[frag] {
			return fmt.Errorf("%s has no heading with anchor #%s", filepath.ToSlash(file), frag)
		}
		return nil
	}
	if m := lineAnchorRE.FindStringSubmatch(frag); m != nil {
		src, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		n := strings.Count(strings.TrimRight(string(src), "\n"), "\n") + 1
		for _, s := range m[1:] {
			if k, _ := strconv.Atoi(s); s != "" && (k < 1 || k > n) {
				return fmt.Errorf("%s has %d lines, not %s", filepath.ToSlash(file), n, s)
			}
		}
		return nil
	}
	return fmt.Errorf("#%s: only Markdown headings and #L lines are checked", frag)
}

var lineAnchorRE = regexp.MustCompile(`^L(\d+)(?:-L(\d+))?$`)

// A link is a link target found in Markdown, with its line number.
type link struct {
	line   int
	target string
}

var (
	inlineLinkRE = regexp.MustCompile(`\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)`)
	refDefRE     = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?`)
	htmlLinkRE   = regexp.MustCompile(`(?i)\b(?:href|src)\s*=\s*"([^"]*)"`)
)

// links returns the link targets of a Markdown document: inline links and
// images, reference definitions, and href/src attributes of HTML, outside
// code blocks and code spans.
func links(src string) []link {
	var out []link
	inFence := ""
	for i, line := range strings.Split(src, "\n") {
		if inFence != "" {
			if isClosingFence(line, inFence) {
				inFence = ""
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			inFence = m[1]
			continue
		}
		if strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue // an indented code block, or a continuation: no links here
		}
		line = stripCodeSpans(line)
		for _, re := range []*regexp.Regexp{inlineLinkRE, refDefRE, htmlLinkRE} {
			for _, m := range re.FindAllStringSubmatch(line, -1) {
				if m[1] != "" {
					out = append(out, link{i + 1, m[1]})
				}
			}
		}
	}
	return out
}

// stripCodeSpans removes `code spans` from a line, however many backticks
// delimit them.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			b.WriteString(line)
			return b.String()
		}
		b.WriteString(line[:i])
		n := i
		for n < len(line) && line[n] == '`' {
			n++
		}
		run := line[i:n]
		rest := line[n:]
		// The span ends at the next run of exactly as many backticks.
		end := -1
		for j := 0; j < len(rest); {
			k := strings.Index(rest[j:], run)
			if k < 0 {
				break
			}
			k += j
			e := k + len(run)
			if (k == 0 || rest[k-1] != '`') && (e == len(rest) || rest[e] != '`') {
				end = e
				break
			}
			j = e
			for j < len(rest) && rest[j] == '`' {
				j++
			}
		}
		if end < 0 {
			b.WriteString(run) // no closing run: literal backticks
			line = rest
			continue
		}
		line = rest[end:]
	}
}

var (
	atxRE        = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	setextRE     = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	htmlAnchorRE = regexp.MustCompile(`(?i)<a\s+[^>]*\b(?:id|name)\s*=\s*"([^"]+)"`)
)

// anchors returns the fragment names that GitHub gives the headings of a
// Markdown document, plus any <a id="…"> or <a name="…">.
func anchors(src string) map[string]bool {
	a := map[string]bool{}
	seen := map[string]int{}
	add := func(heading string) {
		slug := githubSlug(headingText(heading))
		s := slug
		for {
			if _, dup := seen[s]; !dup {
				break
			}
			seen[slug]++
			s = slug + "-" + strconv.Itoa(seen[slug])
		}
		seen[s] = 0
		a[s] = true
	}
	inFence := ""
	lines := strings.Split(src, "\n")
	for i, line := range lines {
		if inFence != "" {
			if isClosingFence(line, inFence) {
				inFence = ""
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			inFence = m[1]
			continue
		}
		for _, m := range htmlAnchorRE.FindAllStringSubmatch(line, -1) {
			a[m[1]] = true
		}
		if m := atxRE.FindStringSubmatch(line); m != nil {
			add(m[2])
			continue
		}
		// A setext heading: a paragraph line underlined with === or ---.
		if i+1 < len(lines) && strings.TrimSpace(line) != "" && setextRE.MatchString(lines[i+1]) &&
			(i == 0 || strings.TrimSpace(lines[i-1]) == "") && !strings.HasPrefix(strings.TrimSpace(line), "|") {
			add(strings.TrimSpace(line))
		}
	}
	return a
}

var (
	mdLinkRE = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	htmlRE   = regexp.MustCompile(`<[^>]+>`)
)

// headingText returns the text that a heading renders to, which is what its
// anchor is made from: no link targets, no HTML tags, no code or emphasis
// markers.
func headingText(h string) string {
	h = mdLinkRE.ReplaceAllString(h, "$1")
	h = htmlRE.ReplaceAllString(h, "")
	h = strings.NewReplacer("`", "", "*", "").Replace(h)
	return strings.TrimSpace(h)
}

// githubSlug turns heading text into an anchor as GitHub does: lower case,
// letters, digits, '-' and '_' kept, each space turned into '-', everything
// else dropped.
func githubSlug(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestCharts checks that every chart in docs/ was drawn from the results
// file it names, as that file is now: internal/benchchart writes a
// "<!-- source: PATH sha256:HEX -->" comment per input file. The course
// names its results by date, so a new run changes nothing here until
// docs/gen.go is pointed at it.
func TestCharts(t *testing.T) {
	svgs, err := filepath.Glob("*.svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, svg := range svgs {
		src, err := os.ReadFile(svg)
		if err != nil {
			t.Fatal(err)
		}
		sources := sourceRE.FindAllStringSubmatch(string(src), -1)
		if len(sources) == 0 {
			t.Errorf("%s: no <!-- source: … --> comment: was it drawn by internal/benchchart?", svg)
		}
		for _, m := range sources {
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m[1])))
			if err != nil {
				t.Errorf("%s: source %s: %v", svg, m[1], err)
				continue
			}
			if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != m[2] {
				t.Errorf("%s: %s has changed since the chart was drawn (run go generate ./docs)", svg, m[1])
			}
		}
	}
}

var sourceRE = regexp.MustCompile(`<!-- source: (\S+) sha256:([0-9a-f]{64}) -->`)

// TestNumbers checks that every figure the course cites has a results file
// behind it, in every Markdown file of docs/ and in the README. Two rules:
//
//   - A code span written exactly as benchstat prints a number, such as
//     `18.38m ± 3%`, `-84.95%` or `412.0`, must appear verbatim in one of
//     the blocks the same file quotes from results/ (runs of spaces aside).
//   - A figure anywhere else, in prose or in a fenced block that quotes
//     nothing, must appear in a results file that the same Markdown file
//     quotes or links to. A figure is a decimal with a unit, such as 6.17 s,
//     9.547911ms, 15.42 MB, 9.6× or −4.41%, or an integer of five digits or
//     more with a unit of time, such as 62841590 ns.
//
// Plain integers such as 32 pages or 50 ms are settings, and numbers with no
// unit (Go 1.22, p ≥ 0.05) are not figures.
func TestNumbers(t *testing.T) {
	absRoot, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range markdownFiles(t) {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range checkNumbers(string(src)) {
			t.Errorf("%s:%s", file, p)
		}
		abs, err := filepath.Abs(filepath.Dir(file))
		if err != nil {
			t.Fatal(err)
		}
		dir, err := filepath.Rel(absRoot, abs)
		if err != nil {
			t.Fatal(err)
		}
		read := func(path string) (string, error) {
			data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
			return string(data), err
		}
		for _, p := range checkFigures(filepath.ToSlash(dir), string(src), read) {
			t.Errorf("%s:%s", file, p)
		}
	}
}

// figureRE matches a figure in prose: a decimal with a unit, or a long
// integer with a unit of time. Its first group is the number.
var figureRE = regexp.MustCompile(`(?:^|[^\w.\-/])([-+−]?(?:\d+\.\d+|\d{5,}))[ \x{00a0}]?(%|×|(?:µs|ns|ms|s|MB|KB|GB|MiB|KiB|GiB|Mi|Ki|m|µ)\b)`)

// checkFigures returns a problem for every figure in the prose of src, or in
// a fenced block of it that quotes nothing, that no results file src quotes
// or links to contains. dir is src's directory, relative to the repository
// root, and read returns a file by its path from the root.
func checkFigures(dir, src string, read func(path string) (string, error)) []string {
	// The results files behind src: those it quotes, and those it links to.
	var paths []string
	lines := strings.Split(src, "\n")
	for _, line := range lines {
		if q, ok, err := parseMarker(line); ok && err == nil && strings.HasPrefix(q.path, "results/") {
			paths = append(paths, q.path)
		}
	}
	for _, l := range links(src) {
		p, _, _ := strings.Cut(l.target, "#")
		if schemeRE.MatchString(p) || p == "" {
			continue
		}
		p = path.Clean(path.Join(dir, p))
		if strings.HasPrefix(p, "results/") {
			paths = append(paths, p)
		}
	}
	var behind strings.Builder
	for _, p := range paths {
		if text, err := read(p); err == nil { // a directory or a missing file: TestLinks says so
			behind.WriteString(text + "\n")
		}
	}

	var problems []string
	inFence, quoted := "", false
	for i, line := range lines {
		if inFence != "" {
			if isClosingFence(line, inFence) {
				inFence = ""
				continue
			}
			if quoted {
				continue
			}
		} else if m := fenceRE.FindStringSubmatch(line); m != nil {
			inFence = m[1]
			_, quoted, _ = parseMarker(prevLine(lines, i))
			continue
		} else {
			line = stripCodeSpans(line)
			line = linkTargetRE.ReplaceAllString(line, "]")
		}
		for _, m := range figureRE.FindAllStringSubmatch(line, -1) {
			num := strings.TrimLeft(m[1], "+-−")
			if !containsNumber(behind.String(), num) {
				problems = append(problems, fmt.Sprintf("%d: %s%s is in no results file this file quotes or links to", i+1, strings.TrimSpace(m[1]), m[2]))
			}
		}
	}
	return problems
}

var linkTargetRE = regexp.MustCompile(`\]\([^)]*\)`)

// containsNumber reports whether text holds num as a whole number: not as
// part of a longer one, so that 1.5 is not found in 11.52.
func containsNumber(text, num string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], num)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(num)
		before := start == 0 || !isDigitOrDot(text[start-1])
		after := end == len(text) || !isDigit(text[end]) && !(text[end] == '.' && end+1 < len(text) && isDigit(text[end+1]))
		if before && after {
			return true
		}
		i = start + 1
	}
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isDigitOrDot(c byte) bool { return isDigit(c) || c == '.' }

// isMeasurement reports whether a code span looks like a number benchstat
// printed: a decimal value, or one with an SI or binary prefix, or with
// "± N%", such as 18.38m, 412.0 or 1.178 ± 1%; or a signed percentage such
// as -84.95%. Plain integers such as 32 or -2 are not: they are settings.
func isMeasurement(span string) bool {
	if signedPctRE.MatchString(span) {
		return true
	}
	v, pm, hasPM := strings.Cut(span, " ± ")
	if hasPM && !pctRE.MatchString(pm) {
		return false
	}
	m := valueRE.FindStringSubmatch(v)
	return m != nil && (hasPM || m[1] != "" || m[2] != "")
}

var (
	signedPctRE = regexp.MustCompile(`^[-+]\d+(?:\.\d+)?%$`)
	pctRE       = regexp.MustCompile(`^\d+(?:\.\d+)?%$`)
	valueRE     = regexp.MustCompile(`^[-+]?\d+(\.\d+)?([nµmkMG]|Ki|Mi|Gi)?$`)
)

// checkNumbers returns a problem for every measurement-like code span in the
// prose of src that none of src's quoted results blocks contains.
func checkNumbers(src string) []string {
	var quoted strings.Builder // every block quoted from results/
	var problems []string
	type cite struct {
		line int
		text string
	}
	var cites []cite
	lines := strings.Split(src, "\n")
	inFence, fromResults := "", false
	for i, line := range lines {
		if inFence != "" {
			if isClosingFence(line, inFence) {
				inFence = ""
				continue
			}
			if fromResults {
				quoted.WriteString(line + "\n")
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			inFence = m[1]
			q, ok, _ := parseMarker(prevLine(lines, i))
			fromResults = ok && strings.HasPrefix(q.path, "results/")
			continue
		}
		for _, span := range codeSpans(line) {
			if isMeasurement(span) {
				cites = append(cites, cite{i + 1, span})
			}
		}
	}
	// Compare with runs of spaces folded: benchstat pads its columns, so
	// a table may say "32.000 ±  0%" where the prose says "32.000 ± 0%".
	fold := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	blocks := fold(quoted.String())
	for _, c := range cites {
		if !strings.Contains(blocks, fold(c.text)) {
			problems = append(problems, fmt.Sprintf("%d: `%s` is not in any results block quoted in this file", c.line, c.text))
		}
	}
	return problems
}

func prevLine(lines []string, i int) string {
	if i == 0 {
		return ""
	}
	return lines[i-1]
}

// codeSpans returns the contents of the single-backtick code spans in line.
func codeSpans(line string) []string {
	var spans []string
	for {
		i := strings.IndexByte(line, '`')
		if i < 0 {
			return spans
		}
		j := strings.IndexByte(line[i+1:], '`')
		if j < 0 {
			return spans
		}
		spans = append(spans, line[i+1:i+1+j])
		line = line[i+1+j+1:]
	}
}

// TestTableWidth checks that every table a chapter quotes from results/ fits
// 100 columns, so that it reads without scrolling. Every line of a quoted
// results block counts, except go test's log lines (file_test.go:N: ...),
// which are a test's messages, not a table.
func TestTableWidth(t *testing.T) {
	for _, ch := range chapters(t, "[0-9][0-9]-*.md") {
		for _, p := range wideLines(ch.src, 100) {
			t.Errorf("%s:%s", ch.file, p)
		}
	}
}

// A chapter is a Markdown file of docs/ and its text.
type chapter struct{ file, src string }

// chapters returns the files of docs/ that match pattern, read.
func chapters(t *testing.T, pattern string) []chapter {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	var out []chapter
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, chapter{file, string(src)})
	}
	return out
}

var testLogRE = regexp.MustCompile(`^\s+\w+_test\.go:\d+: `)

// wideLines returns a problem for every line wider than width in the blocks
// src quotes from results/.
func wideLines(src string, width int) []string {
	var problems []string
	lines := strings.Split(src, "\n")
	inFence, fromResults := "", false
	for i, line := range lines {
		if inFence != "" {
			if isClosingFence(line, inFence) {
				inFence = ""
			} else if n := utf8.RuneCountInString(line); fromResults && n > width && !testLogRE.MatchString(line) {
				problems = append(problems, fmt.Sprintf("%d: %d columns, more than %d: quote a narrower table", i+1, n, width))
			}
			continue
		}
		if m := fenceRE.FindStringSubmatch(line); m != nil {
			inFence = m[1]
			q, ok, _ := parseMarker(prevLine(lines, i))
			fromResults = ok && strings.HasPrefix(q.path, "results/")
		}
	}
	return problems
}

// The word budgets of the course's two parts, counted as wc -w counts them,
// code and tables included: a new chapter must be paid for by cutting
// elsewhere, not by growing the course.
var budgets = []struct {
	part, glob string
	words      int
}{
	{"Part I", "[01][0-9]-*.md", 15000},  // the chapters numbered 00 to 19
	{"Part II", "[2-9][0-9]-*.md", 5000}, // the crawl, numbered from 20
}

func TestBudgets(t *testing.T) {
	for _, b := range budgets {
		total := 0
		var counts []string
		for _, ch := range chapters(t, b.glob) {
			n := len(strings.Fields(ch.src))
			total += n
			counts = append(counts, fmt.Sprintf("%6d %s", n, ch.file))
		}
		if total > b.words {
			t.Errorf("%s holds %d words, over its budget of %d by %d:\n%s",
				b.part, total, b.words, total-b.words, strings.Join(counts, "\n"))
		}
	}
}
