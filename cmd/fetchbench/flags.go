package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// config is a parsed command line.
type config struct {
	urls   []string       // the URLs to fetch; empty for the demo
	styles []styles.Style // the styles to run, in order

	style, file, format, waterfall string
	json, publicOnly               bool
	count, limit                   int
	timeout                        time.Duration
	maxBody                        int64
	site                           sim.Config // the demo's simulated site
}

func (c *config) demo() bool { return len(c.urls) == 0 }

// limitText says how many requests s keeps in flight: "limit 10", "no
// limit", or "one at a time" for a sequential style.
func (c *config) limitText(s styles.Style) string {
	switch {
	case s.Sequential:
		return "one at a time"
	case c.limit <= 0:
		return "no limit"
	}
	return fmt.Sprintf("limit %d", c.limit)
}

// flags returns the flags, bound to c, each with its default and help, as
// -h prints them. A flag that sets the demo site says "demo:" first.
func flags(c *config) *flag.FlagSet {
	f := flag.NewFlagSet("fetchbench", flag.ContinueOnError)
	f.SetOutput(io.Discard) // run reports errors, and -h prints usage
	f.StringVar(&c.style, "style", "", "the `name` of the style to run, or all: see Styles")
	f.IntVar(&c.limit, "limit", 10, "the most requests in flight at once; 0 (no limit) is for the demo only")
	f.DurationVar(&c.timeout, "timeout", 15*time.Second, "the time limit for each page, fetch and parse together, always on")
	f.Int64Var(&c.maxBody, "max-body", fetchbench.DefaultMaxBodyBytes, "the most body `bytes` read from a page, always: a longer page fails")
	f.StringVar(&c.file, "f", "", "read the URLs from `file` (- for standard input), one a line. Blank lines\n"+
		"and comments are skipped: a # at a line's start, or after a space or tab")
	f.BoolVar(&c.json, "json", false, "shorthand for -format json")
	f.StringVar(&c.format, "format", "text", "text, json or bench: see Output")
	f.IntVar(&c.count, "count", 1, "run each style `n` times (-format bench only)")
	f.StringVar(&c.waterfall, "waterfall", "", "draw the run as a network waterfall in an SVG `file`: in the demo, f-STYLE.svg for each style")
	f.BoolVar(&c.publicOnly, "public-only", false, "connect only to addresses that the IANA special-purpose registries call\n"+
		"globally reachable (for IPv6, only inside 2000::/3), checked on every\n"+
		"dial after DNS: redirects and names that resolve elsewhere are refused too")
	f.IntVar(&c.site.Pages, "pages", 100, "demo: `n` pages on the simulated site")
	f.DurationVar(&c.site.Latency, "latency", 50*time.Millisecond, "demo: how long each page takes to answer")
	f.DurationVar(&c.site.Jitter, "jitter", 20*time.Millisecond, "demo: up to this much extra latency per page")
	f.IntVar(&c.site.PageSize, "size", 16<<10, "demo: pad each page to about `n` bytes")
	f.IntVar(&c.site.TailEvery, "tail", 0, "demo: make every `k`-th page slow (0: none)")
	f.DurationVar(&c.site.TailLatency, "tail-latency", 500*time.Millisecond, "demo: the latency of those slow pages")
	return f
}

// parseArgs parses the command line and reads the URLs. Any error is a
// usage error.
func parseArgs(args []string, stdin io.Reader) (*config, error) {
	c := &config{}
	f := flags(c)
	if err := f.Parse(args); err != nil {
		return nil, err // flag's messages are clear: "flag provided but not defined: -x"
	}
	formatSet, demoFlag := false, "" // demoFlag is a flag set that sets the demo site
	f.Visit(func(fl *flag.Flag) {
		formatSet = formatSet || fl.Name == "format"
		if strings.HasPrefix(fl.Usage, "demo:") {
			demoFlag = fl.Name
		}
	})
	switch {
	case c.json && formatSet && c.format != "json":
		return nil, fmt.Errorf("-json and -format %s disagree", c.format)
	case c.json:
		c.format = "json"
	}
	if err := c.readURLs(f.Args(), stdin); err != nil {
		return nil, err
	}
	if demoFlag != "" && !c.demo() {
		return nil, fmt.Errorf("-%s sets the demo site; it means nothing with URLs", demoFlag)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, checkFileLimit(c)
}

// readURLs collects the URLs from the arguments or from -f.
func (c *config) readURLs(args []string, stdin io.Reader) error {
	if c.file == "" && len(args) == 1 && args[0] == "-" {
		args, c.file = nil, "-"
	}
	for _, arg := range args {
		switch {
		case arg == "-":
			return errors.New("- (read the URLs from standard input) must be the only argument")
		case strings.HasPrefix(arg, "-"): // flag stops at the first URL, so this would be fetched as one
			return fmt.Errorf("flag %s after a URL: put flags first", arg)
		case c.file != "":
			return errors.New("give URLs as arguments or with -f or -, not both")
		}
	}
	c.urls = args
	if c.file == "" {
		return nil
	}
	r, name := stdin, "standard input"
	if c.file != "-" {
		f, err := os.Open(c.file)
		if err != nil {
			return err // *PathError: "open urls.txt: no such file or directory"
		}
		defer f.Close()
		r, name = f, c.file
	}
	var err error
	if c.urls, err = readURLList(r); err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	if len(c.urls) == 0 { // not the demo: whoever gave an empty list meant to fetch something
		return fmt.Errorf("no URLs in %s", name)
	}
	return nil
}

// comment is a # that starts a line of a URL list or follows a space or a
// tab, to the end. A # right after a URL is its fragment.
var comment = regexp.MustCompile(`(^|[ \t])#.*`)

// readURLList reads one URL per line, skipping blank lines, comments and a
// byte order mark. Get checks each URL, so a bad one fails on its own.
func readURLList(r io.Reader) ([]string, error) {
	text, err := io.ReadAll(r)
	var urls []string
	for line := range strings.Lines(strings.TrimPrefix(string(text), "\uFEFF")) {
		if line = strings.TrimSpace(comment.ReplaceAllString(line, "")); line != "" {
			urls = append(urls, line)
		}
	}
	return urls, err
}

// check resolves -style and rejects flag combinations that mean nothing,
// rather than ignore them.
func (c *config) check() error {
	want, names := c.style, []string{}
	if want == "" && !c.demo() {
		want = "channels" // collect-all, so one bad URL does not cancel the rest, and it streams
	}
	for _, s := range styles.All {
		if want == s.Name || want == "all" || want == "" {
			c.styles = append(c.styles, s)
		}
		names = append(names, s.Name)
	}
	switch s := c.site; {
	case len(c.styles) == 0:
		return fmt.Errorf("unknown style %q; want one of %s or all", c.style, strings.Join(names, ", "))
	case c.format != "text" && c.format != "json" && c.format != "bench":
		return fmt.Errorf("unknown -format %q; want text, json or bench", c.format)
	case c.count < 1:
		return errors.New("-count must be at least 1")
	case c.count > 1 && c.format != "bench":
		return errors.New("-count needs -format bench")
	case c.limit < 0:
		return errors.New("-limit must not be negative")
	case c.limit == 0 && !c.demo():
		return errors.New("-limit 0 (no limit) is for the demo only: real sites get a limit")
	case c.timeout <= 0:
		return errors.New("-timeout must be positive: a page with no time limit can hang the run")
	case c.maxBody <= 0:
		return errors.New("-max-body must be positive: a body with no size limit can fill memory")
	case c.waterfall != "" && c.format == "bench":
		return errors.New("-waterfall draws one run: it does not go with -format bench")
	case !c.demo() && len(c.styles) > 1 && c.format != "bench":
		return errors.New("-style all needs -format bench when fetching URLs")
	case c.demo() && c.format == "json":
		return errors.New("-json needs URLs: the demo prints a table (or -format bench)")
	case c.demo() && c.publicOnly:
		return errors.New("-public-only needs URLs: the demo site is on loopback")
	case s.Pages < 1:
		return errors.New("-pages must be at least 1")
	case s.Latency < 0, s.Jitter < 0, s.TailLatency < 0, s.PageSize < 0, s.TailEvery < 0:
		return errors.New("-latency, -jitter, -tail-latency, -size and -tail must not be negative")
	case c.waterfall != "":
		return c.checkWaterfall()
	}
	return nil
}

// checkWaterfall tries each file -waterfall will write, before the run
// rather than after it, and leaves things as they were.
func (c *config) checkWaterfall() error {
	if fi, err := os.Stat(c.waterfall); strings.HasSuffix(c.waterfall, "/") || err == nil && fi.IsDir() {
		return fmt.Errorf("-waterfall %s is a directory; want a file name such as run.svg", c.waterfall)
	}
	for _, s := range c.styles {
		path := c.waterfallPath(s)
		_, statErr := os.Stat(path)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o666) // no O_TRUNC: an old chart stays until the new one
		if err != nil {
			return fmt.Errorf("-waterfall: %w", err)
		}
		f.Close()
		if errors.Is(statErr, fs.ErrNotExist) {
			os.Remove(path)
		}
	}
	return nil
}

// benchstatVersion is the golang.org/x/perf version that go.mod pins for
// go tool benchstat; TestBenchstatVersion keeps the two the same.
const benchstatVersion = "v0.0.0-20260908200009-22c9c6c9d4da"

//go:embed usage.txt
var usageText string

// usage is what -h prints: usage.txt, with the styles and the flags.
func usage() string {
	c := &config{}
	f := flags(c)
	var list, defaults strings.Builder
	all := styles.Style{Name: "all", About: "every style in turn (demo and -format bench only)"}
	for _, s := range append(styles.All, all) {
		fmt.Fprintf(&list, "  %-12s %s\n", s.Name, s.About)
	}
	f.SetOutput(&defaults)
	f.PrintDefaults()
	// Sequential fetches one page at a time, at about latency + jitter/2.
	seq := time.Duration(c.site.Pages) * (c.site.Latency + c.site.Jitter/2)
	return strings.NewReplacer(
		"{seq}", seq.Round(time.Second).String(),
		"{styles}", list.String(),
		"{flags}", defaults.String(),
		"{benchstat}", benchstatVersion,
		"{exit-interrupt}", fmt.Sprint(exitInterrupt),
	).Replace(usageText)
}
