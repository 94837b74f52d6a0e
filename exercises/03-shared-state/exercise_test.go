package sharedstate_test

import (
	"testing"

	"fetchbench/exercises/03-shared-state"
	"fetchbench/exercises/internal/grade"
)

func TestVisited(t *testing.T) {
	grade.SharedState(t, func() grade.Set { return new(sharedstate.Visited) })
}
