package cancellation_test

import (
	"testing"

	"fetchbench/exercises/01-cancellation"
	"fetchbench/exercises/internal/grade"
)

func TestFetchAll(t *testing.T) {
	grade.Cancellation(t, cancellation.FetchAll)
}
