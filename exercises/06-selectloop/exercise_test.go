package selectloop_test

import (
	"testing"

	"fetchbench/exercises/06-selectloop"
	"fetchbench/exercises/internal/grade"
)

func TestFetchAll(t *testing.T) {
	grade.SelectLoop(t, selectloop.FetchAll)
}
