package docs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The tests below check the checkers on tiny inline inputs.

func TestGitHubSlug(t *testing.T) {
	for _, tc := range []struct{ heading, want string }{
		{"From asyncio to goroutines", "from-asyncio-to-goroutines"},
		{"`wg.Add` inside the goroutine", "wgadd-inside-the-goroutine"},
		{"Step 2: close(jobs)!", "step-2-closejobs"},
		{"I/O-bound vs. CPU-bound", "io-bound-vs-cpu-bound"},
		{"[Stream](channels.go) and time.After", "stream-and-timeafter"},
		{"snake_case stays", "snake_case-stays"},
		{"Ünïcode Ärger", "ünïcode-ärger"},
		{"two  spaces", "two--spaces"},
	} {
		if got := githubSlug(headingText(tc.heading)); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.heading, got, tc.want)
		}
	}
}

func TestAnchors(t *testing.T) {
	src := strings.Join([]string{
		"# Title",
		"## Numbers ##",
		"## Numbers",
		"```",
		"# not a heading",
		"```",
		"",
		"Setext heading",
		"--------------",
		"",
		`<a id="custom"></a>`,
		"## Numbers",
	}, "\n")
	got := anchors(src)
	want := map[string]bool{"title": true, "numbers": true, "numbers-1": true, "numbers-2": true,
		"setext-heading": true, "custom": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("anchors = %v, want %v", got, want)
	}
}

func TestLinkExtraction(t *testing.T) {
	src := strings.Join([]string{
		"See [the code](../goroutines/goroutines.go#L10) and ![chart](latency.svg \"title\").",
		"Not `[a link](nowhere.md)` in code, nor ``[this](x.md) ` either``.",
		"```md",
		"[inside a fence](nowhere.md)",
		"```",
		"[ref]: 01-the-task.md#what-counts",
		`<img src="cpu.svg" alt="">`,
		"[web](https://go.dev/) and [here](#title)",
	}, "\n")
	var got []string
	for _, l := range links(src) {
		got = append(got, l.target)
	}
	want := []string{"../goroutines/goroutines.go#L10", "latency.svg", "01-the-task.md#what-counts",
		"cpu.svg", "https://go.dev/", "#title"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("links = %q, want %q", got, want)
	}
}

const goSrc = `// Package p is a package.
package p

// A T is a type.
type T struct{ n int }

// Get returns n.
func (t *T) Get() int { return t.n }

// Get is a function, not the method.
func Get() int { return 0 }

// Errors.
var (
	ErrA = 1
	ErrB = 2
)
`

func TestGoDecl(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"package", "// Package p is a package.\npackage p"},
		{"T", "// A T is a type.\ntype T struct{ n int }"},
		{"T.Get", "// Get returns n.\nfunc (t *T) Get() int { return t.n }"},
		{"Get", "// Get is a function, not the method.\nfunc Get() int { return 0 }"},
		{"ErrB", "// Errors.\nvar (\n\tErrA = 1\n\tErrB = 2\n)"},
	} {
		got, err := goDecl("p.go", []byte(goSrc), tc.name)
		if err != nil || got != tc.want {
			t.Errorf("goDecl(%s) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
	if _, err := goDecl("p.go", []byte(goSrc), "Missing"); err == nil {
		t.Error("goDecl(Missing) found something")
	}
}

const benchstatOut = `goos: linux
cpu: Some CPU
        │ sequential  │            goroutines             │
        │   sec/op    │   sec/op     vs base              │
8         18.38m ± 3%   2.768m ± 7%  -84.95% (p=0.000 n=10)

        │ sequential │          goroutines           │
        │    B/op    │     B/op      vs base         │
8         10Ki ± 0%   11Ki ± 0%  +10.00% (p=0.000 n=10)
`

func TestBenchstatTable(t *testing.T) {
	got, err := benchstatTable(benchstatOut, "B/op", 1)
	want := strings.Join(strings.Split(benchstatOut, "\n")[6:9], "\n")
	if err != nil || got != want {
		t.Errorf("table B/op = %q, %v; want %q", got, err, want)
	}
	got, err = benchstatTable(benchstatOut, "sec/op", 1)
	if err != nil || !strings.HasPrefix(got, "        │ sequential  │") || strings.Contains(got, "cpu:") {
		t.Errorf("table sec/op = %q, %v", got, err)
	}
	if _, err := benchstatTable(benchstatOut, "sec/op", 2); err == nil {
		t.Error("found a second sec/op table")
	}

	// The after form, through quote.region.
	dir := t.TempDir()
	twice := "## latency\n\n" + benchstatOut + "\n## client\n\n" + strings.ReplaceAll(benchstatOut, "sequential", "default   ")
	if err := os.WriteFile(filepath.Join(dir, "b.txt"), []byte(twice), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sel  string
		want string // a string the table must hold
	}{
		{"table sec/op", "│ sequential  │"},
		{"table sec/op 2", "│ default     │"},
		{"table sec/op after ##-client", ""},
		{"table sec/op after client", "│ default     │"},
		{"table B/op 1 after client", "│ default    │"},
	} {
		got, err := quote{path: "b.txt", selector: strings.Fields(tc.sel)}.region(dir)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%s: found %q, want an error", tc.sel, got)
		case tc.want != "" && (err != nil || !strings.Contains(got, tc.want)):
			t.Errorf("%s = %q, %v; want a table holding %q", tc.sel, got, err, tc.want)
		}
	}
}

func TestCheckQuotes(t *testing.T) {
	regions := map[string]string{"a.go F": "func F() {}", "b.txt": "```\nfenced\n```"}
	region := func(q quote) (string, error) {
		if r, ok := regions[q.String()]; ok {
			return r, nil
		}
		return "", errors.New("no such region")
	}
	doc := strings.Join([]string{
		"Text.",
		"<!-- quote: a.go F -->",
		"```go",
		"func F() { /* stale */ }",
		"```",
		"<!-- quote: b.txt -->",
		"```",
		"old",
		"```",
		"```",
		"<!-- quote: inside.go X --> is in a fence: not a marker",
		"```",
		"<!-- quote: missing.go X -->",
		"no fence",
	}, "\n")

	_, problems := checkQuotes([]byte(doc), region, false)
	if len(problems) != 3 ||
		!strings.HasPrefix(problems[0], "2: quote a.go F differs") ||
		!strings.HasPrefix(problems[1], "6: quote b.txt differs") ||
		!strings.HasPrefix(problems[2], "13: quote missing.go X: the next line must open") {
		t.Fatalf("problems = %q", problems)
	}

	out, _ := checkQuotes([]byte(doc), region, true)
	want := strings.Join([]string{
		"Text.",
		"<!-- quote: a.go F -->",
		"```go",
		"func F() {}",
		"```",
		"<!-- quote: b.txt -->",
		"````", // longer than the fences inside
		"```",
		"fenced",
		"```",
		"````",
		"```",
		"<!-- quote: inside.go X --> is in a fence: not a marker",
		"```",
		"<!-- quote: missing.go X -->",
		"no fence",
	}, "\n")
	if string(out) != want {
		t.Fatalf("rewritten:\n%s\nwant:\n%s", out, want)
	}
	// Once rewritten, the document checks clean.
	if _, problems := checkQuotes(out, region, false); len(problems) != 1 {
		t.Errorf("after rewrite, problems = %q", problems)
	}
}

// TestPythonParses checks that the Python programs the course quotes are at
// least valid Python. It needs python3, and skips without it.
func TestPythonParses(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	files, err := filepath.Glob("python/*.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no Python files: %v", err)
	}
	script := "import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)\n"
	out, err := exec.Command(python, append([]string{"-c", script}, files...)...).CombinedOutput()
	if err != nil {
		t.Errorf("python3: %v\n%s", err, out)
	}
}

func TestCheckNumbers(t *testing.T) {
	doc := strings.Join([]string{
		"<!-- quote: results/x/benchstat.txt table sec/op -->",
		"```",
		"8   18.38m ± 3%   2.768m ± 7%  -84.95% (p=0.000 n=10)",
		"```",
		"<!-- quote: docs/other.txt -->",
		"```",
		"99.9m ± 1%",
		"```",
		"Sequential takes `18.38m ± 3%`, goroutines `2.768m`, a change of `-84.95%`.",
		"Not quoted: `99.9m ± 1%`, `-12.5%` and `3.1`; not measurements: `go 1.22`, `-2`, `32` and `wg.Go`.",
	}, "\n")
	got := checkNumbers(doc)
	want := []string{
		"10: `99.9m ± 1%` is not in any results block quoted in this file",
		"10: `-12.5%` is not in any results block quoted in this file",
		"10: `3.1` is not in any results block quoted in this file",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checkNumbers:\n%q\nwant\n%q", got, want)
	}
}

func TestCheckFigures(t *testing.T) {
	doc := strings.Join([]string{
		"<!-- quote: results/a.txt lines 1-2 -->",
		"```",
		"1.00 2.00",
		"```",
		"See [the run](../results/b.txt) and [elsewhere](other.md).",
		"It took 6.17 s and 643 ms, −4.41% less; `9.99 s` in code is rule one's.",
		"Go 1.22 and p ≥ 0.05 are not figures, nor is 11.5 s when b holds 111.52.",
		"```sh",
		"go test -bench=. # 22.669 s here",
		"```",
		"A page took 62841590 ns, and 1.5 s is a setting written wrong.",
	}, "\n")
	files := map[string]string{
		"results/a.txt": "6.17s\n",
		"results/b.txt": "-4.41% 111.52 62841590\n",
	}
	read := func(path string) (string, error) {
		if text, ok := files[path]; ok {
			return text, nil
		}
		return "", errors.New("no such file: " + path)
	}
	got := checkFigures("docs", doc, read)
	want := []string{
		"7: 11.5s is in no results file this file quotes or links to",
		"9: 22.669s is in no results file this file quotes or links to",
		"11: 1.5s is in no results file this file quotes or links to",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checkFigures:\n%q\nwant\n%q", got, want)
	}
}

func TestWideLines(t *testing.T) {
	wide := strings.Repeat("x", 101)
	doc := strings.Join([]string{
		"<!-- quote: results/x.txt -->",
		"```",
		strings.Repeat("│", 100),
		wide,
		"    a_test.go:12: " + wide,
		"```",
		"<!-- quote: get.go Get -->",
		"```go",
		wide,
		"```",
		wide,
	}, "\n")
	got := wideLines(doc, 100)
	want := []string{"4: 101 columns, more than 100: quote a narrower table"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("wideLines = %q, want %q", got, want)
	}
}

func TestWithoutDoc(t *testing.T) {
	decl, err := goDecl("p.go", []byte(goSrc), "Get")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := withoutDoc(decl), "func Get() int { return 0 }"; got != want {
		t.Errorf("withoutDoc(%q) = %q, want %q", decl, got, want)
	}
}
