package goroutines_test

import (
	"testing"

	"fetchbench/exercises/02-goroutines"
	"fetchbench/exercises/internal/grade"
)

func TestFetchAll(t *testing.T) {
	grade.Goroutines(t, goroutines.FetchAll)
}
