//go:build ignore

// gen.go redraws the course's charts, recomputes the narrow tables it quotes
// (course.txt in the run's directory), and requotes its tables from one
// complete benchmark run, or changes nothing and says why:
//
//	go generate ./docs                               # from the run the course quotes now
//	go run ./docs/gen.go -from results/2026-12-01    # move the course to another committed run
//
// A run is complete when it has every benchmark of the run the course
// quotes now, with at least as many samples, and was not made with -short
// or a fixed -benchtime. It must be committed, not in the ignored
// results/local/. On any problem gen.go writes nothing; if requoting fails
// half-way, it puts every file back as it was.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// charts are the SVGs in docs/, each drawn by internal/benchchart from the
// run's bench.txt with these flags.
var charts = []struct {
	file string
	args []string
}{
	{"latency-2ms.svg", []string{"-filter", "/workload:latency /latency:2ms", "-x", "/pages@num", "-series", "/style", "-logx", "-logy",
		"-title", "Latency-bound: every page waits 2 ms, limit 32", "-xlabel", "pages", "-ylabel", "time per run"}},
	{"latency-10ms.svg", []string{"-filter", "/workload:latency /latency:10ms", "-x", "/pages@num", "-series", "/style", "-logx", "-logy",
		"-title", "Latency-bound: every page waits 10 ms, limit 32", "-xlabel", "pages", "-ylabel", "time per run"}},
	{"cpu.svg", []string{"-filter", "/workload:cpu", "-x", "/gomaxprocs@num", "-series", "/style",
		"-title", "CPU-bound: 32 pages of 200 KB, no latency, limit 32", "-xlabel", "GOMAXPROCS", "-ylabel", "time per run"}},
}

// tables are the narrow benchstat tables the chapters quote, each made from
// the run's bench.txt with these flags and written to course.txt, under its
// command: one point per table, at most 100 columns wide.
var tables = [][]string{
	{"-filter", "/workload:latency .unit:sec/op /style:(sequential OR goroutines)", "-col", "/style", "-row", "/latency /pages@num"},
	{"-filter", "/workload:latency .unit:inflight-max /style:goroutines", "-col", "/style", "-row", "/latency /pages@num"},
	{"-filter", "/workload:tail .unit:sec/op", "-col", "/workload", "-row", "/style"},
	{"-filter", ".name:ParseScripts .unit:sec/op /method:(scripts OR tokenizer)", "-col", "/method", "-row", "/size"},
	{"-filter", ".name:ParseScripts /size:100kb .unit:(B/s OR B/op)", "-col", "/size", "-row", "/method"},
	{"-filter", "/workload:client .unit:(conns/op OR sec/op)", "-col", "/client", "-row", "/style"},
	{"-filter", "/workload:cpu .unit:sec/op", "-col", "/gomaxprocs", "-row", "/style"},
}

func main() {
	from := flag.String("from", "", "the results directory to draw from, relative to the repository root (default: the one the course quotes now)")
	flag.Parse()
	if err := run(*from); err != nil {
		fmt.Fprintln(os.Stderr, "docs/gen.go: nothing changed:", err)
		os.Exit(1)
	}
}

// marker finds the results directory in a quote of a run's benchstat tables.
var marker = regexp.MustCompile(`(?m)^\s*<!-- quote: (results/[^/ ]+)/(?:benchstat|course)\.txt `)

func run(from string) error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return err
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	if from != "" { // relative to where gen.go was started
		abs, err := filepath.Abs(from)
		if err != nil {
			return err
		}
		if from, err = filepath.Rel(root, abs); err != nil {
			return err
		}
		from = filepath.ToSlash(from)
	}
	if err := os.Chdir(root); err != nil {
		return err
	}

	// The run the course quotes now, named in the chapters' markers.
	mds, err := filepath.Glob("docs/*.md")
	if err != nil {
		return err
	}
	var dirs []string
	for _, md := range mds {
		src, err := os.ReadFile(md)
		if err != nil {
			return err
		}
		for _, m := range marker.FindAllStringSubmatch(string(src), -1) {
			dirs = append(dirs, m[1])
		}
	}
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	if len(dirs) != 1 {
		return fmt.Errorf("the chapters quote benchstat tables from %d runs (%v); want one", len(dirs), dirs)
	}
	current := dirs[0]
	if from == "" {
		from = current
	}
	if err := checkRun(from, current); err != nil {
		return err
	}

	// Everything is drawn in memory first: nothing is written until all is ready.
	files := map[string][]byte{}
	for _, c := range charts {
		cmd := exec.Command("go", append(append([]string{"run", "./internal/benchchart"}, c.args...), from+"/bench.txt")...)
		cmd.Stderr = os.Stderr
		svg, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("drawing %s: %v", c.file, err)
		}
		files["docs/"+c.file] = svg
	}
	if files[from+"/course.txt"], err = courseTables(from); err != nil {
		return err
	}
	if from != current {
		for _, md := range mds {
			src, _ := os.ReadFile(md)
			for _, name := range []string{"/benchstat.txt ", "/course.txt "} {
				src = bytes.ReplaceAll(src, []byte("<!-- quote: "+current+name), []byte("<!-- quote: "+from+name))
			}
			files[md] = src
		}
	}

	// Keep every file the steps below may touch, to put it back on failure.
	saved := map[string][]byte{}
	for _, f := range append(slices.Collect(maps.Keys(files)), mds...) {
		if saved[f], err = os.ReadFile(f); errors.Is(err, os.ErrNotExist) {
			saved[f] = nil // a new course.txt: restore removes it
		} else if err != nil {
			return err
		}
	}
	restore := func() {
		for f, data := range saved {
			if data == nil {
				os.Remove(f)
			} else {
				os.WriteFile(f, data, 0o644)
			}
		}
	}
	for f, data := range files {
		if err := os.WriteFile(f, data, 0o644); err != nil {
			restore()
			return err
		}
	}
	cmd := exec.Command("go", "test", "./docs", "-run", "TestQuotes", "-update")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		restore()
		return fmt.Errorf("requoting from %s failed (%v); every file is back as it was", from, err)
	}
	fmt.Fprintf(os.Stderr, "docs/gen.go: drew %d charts, wrote %s/course.txt and requoted the course from %s.\n", len(charts), from, from)
	if from != current {
		fmt.Fprintf(os.Stderr, "Now run go test ./docs: TestNumbers names every number in the prose that %s does not hold.\n", from)
	}
	return nil
}

// courseTables runs benchstat on dir's bench.txt for every entry of tables,
// and returns them as one file, each table under the command that made it.
func courseTables(dir string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# The narrow tables the course quotes: no new measurement. docs/gen.go made each\n")
	fmt.Fprintf(&b, "# from %s/bench.txt (see its header: date, machine, commit, load) with the\n", dir)
	fmt.Fprintf(&b, "# command above it, using the module's benchstat (go.mod's tool line).\n")
	for _, args := range tables {
		cmd := exec.Command("go", append(append([]string{"tool", "benchstat"}, args...), dir+"/bench.txt")...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("benchstat %q: %v", args, err)
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = a
			if strings.ContainsAny(a, " ()*") {
				quoted[i] = "'" + a + "'"
			}
		}
		fmt.Fprintf(&b, "\n## go tool benchstat %s %s/bench.txt\n\n%s", strings.Join(quoted, " "), dir, out)
	}
	return b.Bytes(), nil
}

// checkRun returns why dir is not a complete run to draw the course from:
// every benchmark of the run in base, with at least as many samples, from
// a committed directory, not a -short or fixed -benchtime run.
func checkRun(dir, base string) error {
	if !strings.HasPrefix(dir, "results/") || strings.HasPrefix(dir, "results/local/") {
		return fmt.Errorf("%s: the course quotes only committed runs under results/, not results/local/ (copy it to results/<date>/ and commit it)", dir)
	}
	got, header, err := samples(dir + "/bench.txt")
	if err != nil {
		return err
	}
	for _, bad := range []string{"SHORT=", "-test.short", "-test.benchtime"} {
		if strings.Contains(header, bad) {
			return fmt.Errorf("%s/bench.txt was made with %s: not a complete run", dir, bad)
		}
	}
	if _, err := os.Stat(dir + "/benchstat.txt"); err != nil {
		return err
	}
	want, _, err := samples(base + "/bench.txt")
	if err != nil {
		return err
	}
	var missing []string
	for name, n := range want {
		if got[name] < n {
			missing = append(missing, fmt.Sprintf("%s (%d samples, want %d)", name, got[name], n))
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return fmt.Errorf("%s/bench.txt is not complete: %d benchmarks have fewer samples than in %s, such as %s",
			dir, len(missing), base, missing[0])
	}
	return nil
}

// gomaxprocs is the "-N" suffix go test adds to a benchmark name.
var gomaxprocs = regexp.MustCompile(`-\d+$`)

// samples counts the samples of each benchmark in a go test output file,
// and returns its "# command:" header line. The GOMAXPROCS suffix is kept
// only for the cpu workload, which runs at fixed values; elsewhere it is
// the machine's CPU count.
func samples(path string) (map[string]int, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	counts := map[string]int{}
	header := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# command:") {
			header = line
		}
		name, _, ok := strings.Cut(line, "\t")
		name = strings.TrimSpace(name)
		if !ok || !strings.HasPrefix(name, "Benchmark") {
			continue
		}
		if !strings.Contains(name, "/workload=cpu/") {
			name = gomaxprocs.ReplaceAllString(name, "")
		}
		counts[name]++
	}
	if len(counts) == 0 && sc.Err() == nil {
		return nil, "", errors.New(path + ": no benchmark results")
	}
	return counts, header, sc.Err()
}
