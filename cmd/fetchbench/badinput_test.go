package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fetchbench/fetchtest/sim"
)

func TestBadURL(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	good := site.PageURL(0)

	for _, bad := range []string{"ftp://example.com/", "example.com/page", "localhost:8080", "http://", "http://[::1"} {
		t.Run(bad, func(t *testing.T) {
			r := runBinary(t, "", bad, good)
			r.wantCode(t, exitFail)
			pages, order := parseText(t, r.stdout)
			if len(order) != 2 {
				t.Fatalf("%d pages printed; want 2:\n%s", len(order), r.stdout)
			}
			if p := pages[good]; p == nil || p.fields[len(p.fields)-1] != "1 script" {
				t.Errorf("good URL printed as %v; want its 1 script", p)
			}
			p := pages[bad]
			if p == nil || len(p.scripts) != 0 || !strings.HasPrefix(p.fields[len(p.fields)-1], "error: invalid URL") {
				t.Errorf("bad URL printed as %v; want one line with \"error: invalid URL…\"\n%s", p, r.stdout)
			}
		})
	}
}

// TestUsageErrors runs the command in-process: a usage error is found
// before anything is fetched, so there is no need for the binary.
func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	comments := filepath.Join(dir, "comments.txt")
	os.WriteFile(comments, []byte("# nothing here\n\n   \n# https://example.com/\n"), 0o666)

	for _, tc := range []struct {
		args  []string
		stdin string
		want  string // in the message
	}{
		{[]string{"-f", comments}, "", "no URLs in " + comments},
		{[]string{"-"}, "# only a comment\n", "no URLs in standard input"},
		{[]string{"-f", filepath.Join(dir, "missing.txt")}, "", "no such file"},
		{[]string{"-style", "fibers", "https://example.com/"}, "", `unknown style "fibers"`},
		{[]string{"-style", "fibers"}, "", `unknown style "fibers"`},
		{[]string{"-nope"}, "", "flag provided but not defined: -nope"},
		{[]string{"-format", "xml", "https://example.com/"}, "", `unknown -format "xml"`},
		{[]string{"-json", "-format", "bench", "https://example.com/"}, "", "disagree"},
		{[]string{"-timeout", "0", "https://example.com/"}, "", "-timeout must be positive"},
		{[]string{"-max-body", "0", "https://example.com/"}, "", "-max-body must be positive"},
		{[]string{"-limit", "-1"}, "", "-limit must not be negative"},
		{[]string{"-limit", "0", "https://example.com/"}, "", "for the demo only"},
		{[]string{"-count", "3", "https://example.com/"}, "", "-count needs -format bench"},
		{[]string{"-count", "0", "-format", "bench"}, "", "-count must be at least 1"},
		{[]string{"-style", "all", "https://example.com/"}, "", "-style all needs -format bench"},
		{[]string{"-pages", "5", "https://example.com/"}, "", "-pages sets the demo site"},
		{[]string{"-json"}, "", "-json needs URLs"},
		{[]string{"-public-only"}, "", "-public-only needs URLs"},
		{[]string{"-pages", "0"}, "", "-pages must be at least 1"},
		{[]string{"-", "https://example.com/"}, "", "must be the only argument"},
		{[]string{"-f", comments, "https://example.com/"}, "", "not both"},
		{[]string{"https://example.com/", "-json"}, "", "flag -json after a URL"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, env{stdin: strings.NewReader(tc.stdin), stdout: &stdout, stderr: &stderr})
			if code != exitUsage || !strings.Contains(stderr.String(), tc.want) || stdout.Len() > 0 {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and a message with %q",
					code, stdout.String(), stderr.String(), exitUsage, tc.want)
			}
		})
	}
}

// TestUsageErrorBinary checks the exit status as the shell sees it.
func TestUsageErrorBinary(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(empty, nil, 0o666)
	runBinary(t, "", "-f", empty).wantCode(t, exitUsage)
	runBinary(t, "", "-style", "nope", "https://example.com/").wantCode(t, exitUsage)
}

func TestHelp(t *testing.T) {
	r := runBinary(t, "", "-h")
	r.wantCode(t, exitOK)
	for _, want := range []string{"Exit status:", "-public-only", "benchstat -col /style", "the order they finish"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("-h output lacks %q", want)
		}
	}
}

// TestUsageListsEveryFlag keeps -h in step with the flags: each flag is
// described, with its default value as the flag package has it.
func TestUsageListsEveryFlag(t *testing.T) {
	fs := flag.NewFlagSet("fetchbench", flag.ContinueOnError)
	defineFlags(fs, &config{})
	text := usage()
	fs.VisitAll(func(f *flag.Flag) {
		_, desc, ok := strings.Cut(text, "\n  -"+f.Name+" ")
		if !ok {
			t.Errorf("-h does not describe -%s", f.Name)
			return
		}
		desc, _, _ = strings.Cut(desc, "\n  -") // up to the next flag
		if f.DefValue != "" && f.DefValue != "false" && !strings.Contains(desc, "default "+f.DefValue) {
			t.Errorf("-h says of -%s:%s\nwant it to give the default %s", f.Name, desc, f.DefValue)
		}
	})
	if p := regexp.MustCompile(`\{[a-z-]+\}`).FindString(text); p != "" {
		t.Errorf("-h has an unfilled placeholder %s", p)
	}
}

func TestReadURLList(t *testing.T) {
	list := "\uFEFFhttps://a.example/\n" +
		"https://b.example/#frag\n" +
		"https://c.example/ # a note\n" +
		"https://d.example/\t# a tab, then a note\n" +
		"  # an indented comment\n" +
		"#https://e.example/\n" +
		"https://f.example/#x #y\n" +
		"\r\n"
	got, err := readURLList(strings.NewReader(list))
	want := []string{"https://a.example/", "https://b.example/#frag", "https://c.example/", "https://d.example/", "https://f.example/#x"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("readURLList = %q, %v; want %q", got, err, want)
	}
}

func TestURLSources(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 3})
	defer site.Close()
	// A byte order mark, a trailing comment and a commented-out URL.
	list := "\uFEFF# the site\n\n" + site.PageURL(0) + " # the first page\n  " + site.PageURL(1) + "  \r\n#" + site.PageURL(2) + "\n"
	file := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(file, []byte(list), 0o666)

	for name, r := range map[string]result{
		"stdin": runBinary(t, list, "-"),
		"-f":    runBinary(t, "", "-f", file),
		"-f -":  runBinary(t, list, "-f", "-"),
	} {
		r.wantCode(t, exitOK)
		pages, order := parseText(t, r.stdout)
		if len(order) != 2 || pages[site.PageURL(0)] == nil || pages[site.PageURL(1)] == nil {
			t.Errorf("%s: printed %q; want pages 0 and 1 (page 2 is commented out)", name, order)
		}
	}
}

// The benchstat that -h tells users to run outside the module is the one
// go.mod pins for go tool benchstat.
func TestBenchstatVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if want := "golang.org/x/perf " + benchstatVersion; !strings.Contains(string(mod), want) {
		t.Errorf("go.mod does not require %q: update benchstatVersion in usage.go", want)
	}
}
