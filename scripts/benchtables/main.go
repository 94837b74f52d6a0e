// Command benchtables prints the readable tables of a benchmark run: one
// table of sec/op per workload, and two for the parsers, from the bench.txt
// that scripts/bench.sh writes.
//
//	go run ./scripts/benchtables results/x/bench.txt >results/x/tables.txt
//
// Every style found in the file is shown, so a style added to styles.All
// appears without a change here. Each table holds the first style (the
// base, which benchstat compares the others with) and as many others as fit
// in 100 columns; the rest go to more tables with the same base. Each table
// is under the benchstat command that prints it.
//
// With fewer than 6 samples per benchmark benchstat can give no 95%
// interval, and it prints "± ∞" in every cell. The tables then show each
// cell's median instead, from benchstat's CSV, with no interval, and say so.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// width is the most columns any line may take.
const width = 100

// minSamples is the fewest samples for which benchstat gives an interval.
const minSamples = 6

// A spec is one kind of table: its rows, and the key its columns are.
type spec struct {
	filter string // benchstat's -filter, without the columns
	col    string // the key of the columns, such as "style"
	row    string // benchstat's -row
}

var specs = []spec{
	{"/workload:latency .unit:sec/op", "style", "/latency /pages@num"},
	{"/workload:tail .unit:sec/op", "style", "/pages@num"},
	{"/workload:cpu .unit:sec/op", "style", "/gomaxprocs"},
	{"/workload:client .unit:sec/op", "style", "/client"},
	{"/workload:web .unit:sec/op", "style", "/proto /client"},
	{".name:Web .unit:sec/op", "style", "/proto /client"},
	{".name:ParseScripts .unit:sec/op", "method", "/size"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: benchtables bench.txt")
		os.Exit(2)
	}
	if err := run(os.Stdout, os.Stderr, os.Args[1], goBenchstat); err != nil {
		fmt.Fprintln(os.Stderr, "benchtables:", err)
		os.Exit(1)
	}
}

// A benchstatFunc runs benchstat with args and returns its standard output.
type benchstatFunc func(args ...string) (string, error)

// goBenchstat runs the module's pinned benchstat (go.mod's tool line).
func goBenchstat(args ...string) (string, error) {
	cmd := exec.Command("go", append([]string{"tool", "benchstat"}, args...)...)
	if bin := benchstatPath(); bin != "" {
		cmd = exec.Command(bin, args...)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("benchstat %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out), nil
}

// benchstatPath returns the path of the benchstat that "go tool" has
// built, or "" if it cannot tell, so that each table costs one process and
// not a go command too.
var benchstatPath = sync.OnceValue(func() string {
	out, err := exec.Command("go", "tool", "-n", "benchstat").Output()
	bin := strings.TrimSpace(string(out))
	if _, statErr := os.Stat(bin); err != nil || statErr != nil {
		return ""
	}
	return bin
})

// run writes the tables of the file at path to w, and notes to stderr.
func run(w, stderr io.Writer, path string, benchstat benchstatFunc) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	n := samples(src)
	medians := n < minSamples
	if medians {
		fmt.Fprintf(stderr, "benchtables: %d samples per benchmark give no intervals: tables.txt shows medians\n", n)
		fmt.Fprintf(w, "# %d samples per benchmark: too few for a 95%% interval, which needs %d.\n", n, minSamples)
		fmt.Fprintln(w, "# benchstat would print \"± ∞\" in every cell and test no difference, so each")
		fmt.Fprintf(w, "# table below is the plain median of each cell's %d samples, read from\n", n)
		fmt.Fprintln(w, "# benchstat's CSV: no interval, no comparison. Run COUNT=10 to compare styles.")
		fmt.Fprintln(w)
	}
	for _, s := range specs {
		cols, err := columns(benchstat, s, path)
		if err != nil {
			return err
		}
		if len(cols) == 0 {
			continue // not in this run, as with -short
		}
		if err := writeSpec(w, benchstat, s, path, cols, medians); err != nil {
			return err
		}
	}
	return nil
}

// samples returns the fewest samples any benchmark has in src.
func samples(src []byte) int {
	count := map[string]int{}
	for line := range strings.Lines(string(src)) {
		if name, _, ok := strings.Cut(line, "\t"); ok && strings.HasPrefix(name, "Benchmark") {
			count[strings.TrimSpace(name)]++
		}
	}
	if len(count) == 0 {
		return 0
	}
	return slices.Min(slices.Collect(maps.Values(count)))
}

// columns returns the values of s.col in the file, in benchstat's order
// (the order it first reads them), by reading the header of its CSV.
func columns(benchstat benchstatFunc, s spec, path string) ([]string, error) {
	out, err := benchstat("-format", "csv", "-filter", s.filter, "-col", "/"+s.col, "-row", s.row, path)
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, t := range readCSV(out) {
		for _, c := range t.cols {
			if !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
	}
	return cols, nil
}

// writeSpec writes the tables of one spec: the base column and as many
// others as fit in width, then the next others beside the base again.
func writeSpec(w io.Writer, benchstat benchstatFunc, s spec, path string, cols []string, medians bool) error {
	all, err := render(benchstat, s, path, nil, medians)
	if err != nil || fits(all) {
		if err == nil {
			_, err = io.WriteString(w, all)
		}
		return err
	}
	base := cols[0]
	group := []string{base}
	table, err := render(benchstat, s, path, group, medians)
	if err != nil {
		return err
	}
	for _, c := range cols[1:] {
		next, err := render(benchstat, s, path, append(slices.Clone(group), c), medians)
		if err != nil {
			return err
		}
		if len(group) > 1 && !fits(next) {
			if _, err := io.WriteString(w, table); err != nil {
				return err
			}
			group = []string{base}
			if next, err = render(benchstat, s, path, []string{base, c}, medians); err != nil {
				return err
			}
		}
		group, table = append(group, c), next
	}
	_, err = io.WriteString(w, table)
	return err
}

// fits reports whether every line of t is at most width columns.
func fits(t string) bool {
	for line := range strings.Lines(t) {
		if utf8.RuneCountInString(strings.TrimRight(line, "\n")) > width {
			return false
		}
	}
	return true
}

// render returns one table of the columns cols (nil: all of them), under
// its command.
func render(benchstat benchstatFunc, s spec, path string, cols []string, medians bool) (string, error) {
	filter := s.filter
	if cols != nil {
		filter += " /" + s.col + ":(" + strings.Join(cols, " OR ") + ")"
	}
	args := []string{"-col", "/" + s.col, "-row", s.row, "-filter", filter, path}
	if medians {
		args = append([]string{"-format", "csv"}, args...)
	}
	out, err := benchstat(args...)
	if err != nil {
		return "", err
	}
	if medians {
		out = medianTables(readCSV(out))
	} else if !strings.Contains(out, "│") {
		out = "" // no result matched
	}
	if out == "" {
		return "", nil
	}
	return command(args) + "\n" + out + "\n", nil
}

// command formats "go tool benchstat args" as lines starting "## ", each
// argument pair on a line of its own when they do not fit on one.
func command(args []string) string {
	var words []string
	for i := 0; i < len(args); i++ {
		word := quote(args[i])
		if strings.HasPrefix(args[i], "-") && i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			i++
			word += " " + quote(args[i])
		}
		words = append(words, word)
	}
	var b strings.Builder
	line := "## go tool benchstat"
	for _, word := range words {
		if utf8.RuneCountInString(line+" "+word+" \\") > width {
			b.WriteString(line + " \\\n")
			line = "##    "
		}
		line += " " + word
	}
	b.WriteString(line + "\n")
	return b.String()
}

// quote quotes s for a shell, if it needs it.
func quote(s string) string {
	if s != "" && !strings.ContainsAny(s, " ()'\"*?[]$\\|&;<>`") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// A csvTable is one table of benchstat's CSV output.
type csvTable struct {
	cols   []string            // the column values, in order
	unit   string              // the unit of the center values, such as "sec/op"
	rows   []string            // the row labels, in order, without the geomean
	center map[string][]string // row label → each column's center value
}

// readCSV parses benchstat's CSV output: configuration lines, then tables
// separated by blank lines. A table's first line names the columns, its
// second the unit of each cell ("sec/op", "CI", "vs base", "P").
func readCSV(out string) []csvTable {
	var tables []csvTable
	var header [][]string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			header = nil
			continue
		}
		if len(header) == 0 && !strings.HasPrefix(line, ",") {
			continue // configuration, such as "goos: linux"
		}
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			continue
		}
		if len(header) < 2 {
			header = append(header, rec)
			if len(header) == 2 {
				tables = append(tables, newCSVTable(header[0], header[1]))
			}
			continue
		}
		t := &tables[len(tables)-1]
		if rec[0] == "geomean" {
			continue
		}
		t.rows = append(t.rows, rec[0])
		for _, i := range t.centerCells(header[1]) {
			t.center[rec[0]] = append(t.center[rec[0]], rec[i])
		}
	}
	return tables
}

func newCSVTable(names, units []string) csvTable {
	t := csvTable{center: map[string][]string{}}
	for i, name := range names {
		if name != "" {
			t.cols = append(t.cols, name)
			t.unit = units[i]
		}
	}
	return t
}

// centerCells returns the indexes of the cells that hold center values:
// the first cell of each column.
func (t csvTable) centerCells(units []string) []int {
	var idx []int
	for i, u := range units {
		if i > 0 && u == t.unit {
			idx = append(idx, i)
		}
	}
	return idx
}

// medianTables formats tables of medians: a row label, then one
// right-aligned median per column.
func medianTables(tables []csvTable) string {
	var b strings.Builder
	for k, t := range tables {
		if k > 0 {
			b.WriteString("\n")
		}
		cells := [][]string{append([]string{t.unit + ", median"}, t.cols...)}
		for _, r := range t.rows {
			row := []string{r}
			for _, v := range t.center[r] {
				row = append(row, si(v))
			}
			cells = append(cells, row)
		}
		writeAligned(&b, cells)
	}
	return b.String()
}

// writeAligned writes cells with the first column left-aligned and the
// others right-aligned, two spaces apart.
func writeAligned(b *strings.Builder, cells [][]string) {
	var widths []int
	for _, row := range cells {
		for i, c := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, row := range cells {
		var line strings.Builder
		for i, c := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				line.WriteString(c + pad)
			} else {
				line.WriteString("  " + pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
}

// si formats a value as benchstat does: four significant digits and an SI
// prefix, such as 2.390m for 0.0023898. A cell with no value stays empty.
func si(s string) string {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v == 0 {
		return s
	}
	prefixes := []struct {
		scale float64
		name  string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}, {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}}
	p := prefixes[len(prefixes)-1]
	for _, q := range prefixes {
		if math.Abs(v) >= q.scale {
			p = q
			break
		}
	}
	x := v / p.scale
	decimals := max(0, 3-int(math.Floor(math.Log10(math.Abs(x)))))
	return strconv.FormatFloat(x, 'f', decimals, 64) + p.name
}
