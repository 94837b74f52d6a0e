package errgroup_test

import (
	"testing"

	"fetchbench/exercises/05-errgroup"
	"fetchbench/exercises/internal/grade"
)

func TestFetchAll(t *testing.T) {
	grade.Errgroup(t, errgroup.FetchAll)
}
