package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/styles"
)

// errHelp means -h or -help: print the usage and exit 0.
var errHelp = flag.ErrHelp

// config is a parsed command line.
type config struct {
	urls   []string       // the URLs to fetch; empty for the demo
	styles []styles.Style // the styles to run, in order
	format string         // "text", "json" or "bench"
	count  int            // runs per style

	limit      int
	timeout    time.Duration
	maxBody    int64
	publicOnly bool
	waterfall  string // draw each run's waterfall to this SVG file

	site sim.Config // the demo's simulated site
}

func (c *config) demo() bool { return len(c.urls) == 0 }

// limitText says the limit in words: "limit 10", or "no limit".
func (c *config) limitText() string {
	if c.limit <= 0 {
		return "no limit"
	}
	return fmt.Sprintf("limit %d", c.limit)
}

// options are the fetchbench.Options of every run.
func (c *config) options() fetchbench.Options {
	return fetchbench.Options{Limit: c.limit, Timeout: c.timeout, MaxBodyBytes: c.maxBody}
}

// defaults holds every flag's default value: the flags and -h read them
// from here.
var defaults = config{
	format:  "text",
	count:   1,
	limit:   10,
	timeout: 15 * time.Second,
	maxBody: fetchbench.DefaultMaxBodyBytes,
	site: sim.Config{
		Pages:       100,
		Latency:     50 * time.Millisecond,
		Jitter:      20 * time.Millisecond,
		PageSize:    16 << 10,
		TailLatency: 500 * time.Millisecond,
	},
}

// demoFlags set the simulated site, so they make no sense with URLs.
var demoFlags = []string{"pages", "latency", "jitter", "size", "tail", "tail-latency"}

// parseArgs parses the command line and reads the URLs it names. Any error
// it returns is a usage error, reported with exit status 2.
func parseArgs(args []string, stdin io.Reader) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("fetchbench", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // run reports errors, and -h prints usageText
	styleName, file, jsonOut := defineFlags(fs, c)
	if err := fs.Parse(args); err != nil {
		return nil, err // flag's messages are clear: "flag provided but not defined: -x"
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if *jsonOut {
		if set["format"] && c.format != "json" {
			return nil, fmt.Errorf("-json and -format %s disagree", c.format)
		}
		c.format = "json"
	}
	if err := c.readURLs(fs.Args(), *file, stdin); err != nil {
		return nil, err
	}
	if err := c.pickStyles(*styleName); err != nil {
		return nil, err
	}
	if err := c.check(set); err != nil {
		return nil, err
	}
	if available, ok := openFileLimit(); ok {
		if err := checkOpenFiles(c, available); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// defineFlags defines the flags on fs: most set c directly, and the rest
// are returned for parseArgs to interpret. usageText describes each one.
func defineFlags(fs *flag.FlagSet, c *config) (style, file *string, json *bool) {
	style = fs.String("style", "", "")
	file = fs.String("f", "", "")
	json = fs.Bool("json", false, "")
	d := defaults
	fs.StringVar(&c.format, "format", d.format, "")
	fs.IntVar(&c.count, "count", d.count, "")
	fs.IntVar(&c.limit, "limit", d.limit, "")
	fs.DurationVar(&c.timeout, "timeout", d.timeout, "")
	fs.Int64Var(&c.maxBody, "max-body", d.maxBody, "")
	fs.BoolVar(&c.publicOnly, "public-only", d.publicOnly, "")
	fs.StringVar(&c.waterfall, "waterfall", d.waterfall, "")
	fs.IntVar(&c.site.Pages, "pages", d.site.Pages, "")
	fs.DurationVar(&c.site.Latency, "latency", d.site.Latency, "")
	fs.DurationVar(&c.site.Jitter, "jitter", d.site.Jitter, "")
	fs.IntVar(&c.site.PageSize, "size", d.site.PageSize, "")
	fs.IntVar(&c.site.TailEvery, "tail", d.site.TailEvery, "")
	fs.DurationVar(&c.site.TailLatency, "tail-latency", d.site.TailLatency, "")
	return style, file, json
}

// readURLs collects the URLs from the arguments and from -f.
func (c *config) readURLs(args []string, file string, stdin io.Reader) error {
	if file == "" && len(args) == 1 && args[0] == "-" {
		args, file = nil, "-"
	}
	for _, arg := range args {
		switch {
		case arg == "-":
			return errors.New(`"-" (read URLs from standard input) must be the only argument`)
		case strings.HasPrefix(arg, "-"):
			// flag stops at the first URL, so this would be fetched as one.
			return fmt.Errorf("flag %s after a URL: put flags first", arg)
		}
	}
	if file == "" {
		c.urls = args
		return nil
	}
	if len(args) > 0 {
		return errors.New("give URLs as arguments or with -f or -, not both")
	}
	r, name := stdin, "standard input"
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err // *PathError: "open urls.txt: no such file or directory"
		}
		defer f.Close()
		r, name = f, file
	}
	urls, err := readURLList(r)
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	if len(urls) == 0 {
		// Not the demo: whoever gave an empty list wanted to fetch something.
		return fmt.Errorf("no URLs in %s", name)
	}
	c.urls = urls
	return nil
}

// pickStyles resolves -style: "" picks the default for the mode.
func (c *config) pickStyles(name string) error {
	switch {
	case name == "" && c.demo(), name == "all":
		c.styles = styles.All
		return nil
	case name == "":
		name = defaultStyle
	}
	s, ok := lookupStyle(name)
	if !ok {
		return fmt.Errorf("unknown style %q; want one of %s or all", name, styleNames())
	}
	c.styles = []styles.Style{s}
	return nil
}

// check rejects flag combinations that mean nothing, rather than ignore them.
func (c *config) check(set map[string]bool) error {
	switch {
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
	}
	if c.waterfall != "" {
		// Say so now, not after the whole run.
		if fi, err := os.Stat(filepath.Dir(c.waterfall)); err != nil || !fi.IsDir() {
			return fmt.Errorf("-waterfall %s: no directory %s to write it in", c.waterfall, filepath.Dir(c.waterfall))
		}
	}
	if !c.demo() {
		if len(c.styles) > 1 && c.format != "bench" {
			return errors.New("-style all needs -format bench when fetching URLs")
		}
		for _, name := range demoFlags {
			if set[name] {
				return fmt.Errorf("-%s sets the demo site; it means nothing with URLs", name)
			}
		}
		return nil
	}
	switch s := c.site; {
	case c.format == "json":
		return errors.New("-json needs URLs: the demo prints a table (or -format bench)")
	case c.publicOnly:
		return errors.New("-public-only needs URLs: the demo site is on loopback")
	case s.Pages < 1:
		return errors.New("-pages must be at least 1")
	case s.Latency < 0, s.Jitter < 0, s.TailLatency < 0:
		return errors.New("-latency, -jitter and -tail-latency must not be negative")
	case s.PageSize < 0:
		return errors.New("-size must not be negative")
	case s.TailEvery < 0:
		return errors.New("-tail must not be negative")
	}
	return nil
}

// readURLList reads one URL per line. Blank lines and lines that start
// with # are skipped, and so is a comment after a URL: whitespace, then #.
// A # right after the URL is its fragment (https://example.com/#top); a URL
// holds no raw whitespace, so the two never mix. A UTF-8 byte order mark,
// which some editors write, is dropped. It does not check the URLs:
// fetchbench.Get does, so that a bad URL fails on its own line while the
// others run.
func readURLList(r io.Reader) ([]string, error) {
	var urls []string
	sc := bufio.NewScanner(r) // a line longer than 64 KiB fails: no URL is that long
	for first := true; sc.Scan(); first = false {
		line := sc.Text()
		if first {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if line = strings.TrimSpace(cutComment(line)); line != "" {
			urls = append(urls, line)
		}
	}
	return urls, sc.Err()
}

// cutComment cuts a line at the first # that starts it or follows a space
// or a tab.
func cutComment(line string) string {
	for i := range len(line) {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}
