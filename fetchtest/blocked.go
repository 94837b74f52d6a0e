package fetchtest

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"fetchbench"
)

// callWithin runs call with a ctx that the suite cancels after bound, and
// waits for it bound/2 longer. A call still running then is blocked: the
// case fails at once with blockedMessage, naming r.call, and r records it,
// so that the cases after it are skipped. style is the function under test,
// whose package's frames the message shows. cut reports whether the call
// returned only after the suite cancelled its ctx; err is the call's.
func callWithin(t *testing.T, ctx context.Context, bound time.Duration, r *report, caseName string, style any,
	call func(context.Context) ([]fetchbench.Page, error)) (pages []fetchbench.Page, cut bool, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeoutCause(ctx, bound, errBound)
	defer cancel()
	type result struct {
		pages []fetchbench.Page
		err   error
	}
	done := make(chan result, 1) // buffered: a style that hangs leaves no sender behind
	go func() {
		pages, err := call(ctx)
		done <- result{pages, err}
	}()
	grace := bound / 2
	timer := time.NewTimer(bound + grace)
	defer timer.Stop()
	select {
	case res := <-done:
		return res.pages, context.Cause(ctx) == errBound, res.err
	case <-timer.C:
		r.blocked = true
		t.Fatal(blockedMessage(caseName, r.call, bound, grace, style))
		return nil, false, nil // not reached: Fatal ends the case
	}
}

// maxStackLines is how much of the goroutines' stacks a blocked call
// prints: enough to show where the style waits, not a wall to scroll past.
const maxStackLines = 20

// blockedMessage explains a call that is still running grace after the
// suite cancelled its ctx, with the stacks of the goroutines that run the
// style's own code, its frames first. Every stack goes to a file it names.
func blockedMessage(caseName, call string, bound, grace time.Duration, fetch any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s still running: a goroutine is probably blocked.\n", caseName, call)
	fmt.Fprintf(&b, "It began %v ago, and the suite cancelled its ctx %v ago. Look for a send or a receive that never comes,\n", bound+grace, grace)
	b.WriteString("a WaitGroup that never reaches zero, or a semaphore that is never released.\n")
	all := allStacks()
	file := "(no file: the temporary directory refused it)"
	if f, err := os.CreateTemp("", "fetchtest-blocked-*.txt"); err == nil {
		f.Write(all)
		f.Close()
		file = f.Name()
	}
	pkg := packageOf(fetch)
	lines := styleFrames(string(all), pkg)
	fmt.Fprintf(&b, "The goroutines in %s, its frames first (every goroutine's stack is in %s):\n", pkg, file)
	for _, l := range lines[:min(len(lines), maxStackLines)] {
		b.WriteString(l + "\n")
	}
	if len(lines) > maxStackLines {
		fmt.Fprintf(&b, "… %d more lines in the file\n", len(lines)-maxStackLines)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func allStacks() []byte {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// packageOf returns the import path of the package that defines f.
func packageOf(f any) string {
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name() // "path/to/pkg.FetchAll.func1"
	slash := strings.LastIndex(name, "/") + 1
	if dot := strings.Index(name[slash:], "."); dot >= 0 {
		return name[:slash+dot]
	}
	return name
}

// styleFrames picks, from a dump of runtime.Stack, the goroutines that run
// code of pkg, leaving out the test's own: for each, its header, pkg's
// frames, then the call it waits in, each as "function dir/file:line".
// Goroutines alike are shown once, with how many there are.
func styleFrames(dump, pkg string) []string {
	var out []string
	seen := map[string]int{} // frames -> index of the header line in out
	for _, g := range strings.Split(dump, "\n\n") {
		lines := strings.Split(strings.TrimSpace(g), "\n")
		var own []string
		waiting, test := "", false
		for i := 1; i+1 < len(lines); i += 2 {
			fn := lines[i][:max(strings.LastIndex(lines[i], "("), 0)]
			file, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " +")
			frame := fn + "  " + shortFile(file)
			switch {
			case strings.HasPrefix(fn, "testing.tRunner"):
				test = true
			case strings.HasPrefix(fn, pkg+"."):
				own = append(own, "    "+frame)
			case waiting == "" && len(own) == 0 && !strings.HasPrefix(fn, "runtime.") && !strings.Contains(fn, ".runtime_"):
				waiting = "    waiting in " + frame
			}
		}
		if len(own) == 0 || test {
			continue
		}
		if waiting != "" {
			own = append(own, waiting)
		}
		state := lines[0][strings.Index(lines[0], "["):]
		key := state + strings.Join(own, "\n")
		if i, ok := seen[key]; ok {
			seen[key+"#"]++
			out[i] = fmt.Sprintf("%s (and %d more like it):", strings.TrimSuffix(lines[0], ":"), seen[key+"#"])
			continue
		}
		seen[key] = len(out)
		out = append(out, lines[0])
		out = append(out, own...)
	}
	return out
}

// shortFile keeps a path's last directory and file name.
func shortFile(path string) string {
	if i := strings.LastIndex(path, "/"); i >= 0 {
		if j := strings.LastIndex(path[:i], "/"); j >= 0 {
			return path[j+1:]
		}
	}
	return path
}
