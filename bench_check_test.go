package fetchbench_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

// TestExpectedCheck: the benchmarks' check counts a late fast page as a
// cut, and fails every wrong answer.
func TestExpectedCheck(t *testing.T) {
	want := expected{slow: []bool{false, true, false}, timeout: true}
	page := func(i int) fetchbench.Page {
		return fetchbench.Page{Scripts: make([]fetchbench.Script, sim.WantScripts(i))}
	}
	cut := fetchbench.Page{Err: fmt.Errorf("get: %w", context.DeadlineExceeded)}
	for _, tc := range []struct {
		name     string
		pages    []fetchbench.Page
		err      error
		wantLate int
		wantErr  bool
	}{
		{"right", []fetchbench.Page{page(0), cut, page(2)}, nil, 0, false},
		{"a fast page cut late", []fetchbench.Page{cut, cut, page(2)}, nil, 1, false},
		{"a slow page not cut", []fetchbench.Page{page(0), page(1), page(2)}, nil, 0, true},
		{"a wrong count", []fetchbench.Page{page(0), cut, page(3)}, nil, 0, true},
		{"another error", []fetchbench.Page{{Err: errors.New("boom")}, cut, page(2)}, nil, 0, true},
		{"a page missing", []fetchbench.Page{page(0), cut}, nil, 0, true},
		{"a run error", nil, errors.New("boom"), 0, true},
	} {
		late, err := want.check(tc.pages, tc.err)
		assert.Equal(t, tc.wantLate, late, "%s: late pages", tc.name)
		if tc.wantErr {
			assert.Error(t, err, tc.name)
		} else {
			assert.NoError(t, err, tc.name)
		}
	}
	// Without a timeout, a deadline on a fast page is a wrong answer.
	noTimeout := expected{slow: []bool{false}}
	_, err := noTimeout.check([]fetchbench.Page{cut}, nil)
	assert.Error(t, err, "check accepted a cut page with no Options.Timeout")
}
