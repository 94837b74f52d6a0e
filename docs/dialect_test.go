package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestOneDialectPerFile keeps CONTRIBUTING.md's rules: a test file that
// imports testify compares with it alone, and does not also fail through
// t.Errorf, t.Fatal and the like; and what a learner reads never uses
// testify: not the conformance suites (code outside _test.go files, such
// as fetchtest.Run), nor the exercises' graders, nor the watch-a-bug tests
// of internal/naive. It reports each problem with its file and line.
func TestOneDialectPerFile(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		imp := testifyImport(f)
		if imp == nil {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(path, "_test.go") || learnerReads(filepath.ToSlash(rel)) {
			t.Errorf("%s: imports testify, but a learner reads this code's failures: print got and want (CONTRIBUTING.md)",
				fset.Position(imp.Pos()))
			return nil
		}
		for _, call := range plainFailures(f) {
			t.Errorf("%s: %s in a file that imports testify; compare with require or assert (CONTRIBUTING.md)",
				fset.Position(call.Pos()), callName(call))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testifyImport returns f's first import of a testify package, or nil.
func testifyImport(f *ast.File) *ast.ImportSpec {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, "github.com/stretchr/testify") {
			return imp
		}
	}
	return nil
}

// learnerReads reports whether the test file at rel, a slash-separated path
// from the module's root, is an exercise's grader or a watch-a-bug test.
func learnerReads(rel string) bool {
	return strings.HasPrefix(rel, "exercises/") || strings.HasPrefix(rel, "internal/naive/") ||
		rel == "internal/lessons/sharedstate/total_test.go"
}

// plainFailures returns the calls x.Error, x.Errorf, x.Fatal, x.Fatalf,
// x.Fail and x.FailNow in f, where x is a parameter of type *testing.T,
// *testing.B, *testing.F or testing.TB.
func plainFailures(f *ast.File) []*ast.CallExpr {
	names := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if ft, ok := n.(*ast.FuncType); ok {
			for _, field := range ft.Params.List {
				if isTesting(field.Type) {
					for _, name := range field.Names {
						names[name.Name] = true
					}
				}
			}
		}
		return true
	})
	var calls []*ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && names[x.Name] {
			switch sel.Sel.Name {
			case "Error", "Errorf", "Fatal", "Fatalf", "Fail", "FailNow":
				calls = append(calls, call)
			}
		}
		return true
	})
	return calls
}

// isTesting reports whether expr is *testing.T, *testing.B, *testing.F or
// testing.TB.
func isTesting(expr ast.Expr) bool {
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	sel, ok := expr.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "testing" {
		return false
	}
	switch sel.Sel.Name {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}

// callName names the call for the report: "t.Fatalf".
func callName(call *ast.CallExpr) string {
	sel := call.Fun.(*ast.SelectorExpr)
	return sel.X.(*ast.Ident).Name + "." + sel.Sel.Name
}
