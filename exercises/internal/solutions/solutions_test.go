package solutions_test

import (
	"testing"

	"fetchbench/channels"
	"fetchbench/crawl/mutex"
	"fetchbench/errgroup"
	"fetchbench/exercises/internal/grade"
	"fetchbench/exercises/internal/solutions"
	"fetchbench/goroutines"
	"fetchbench/selectloop"
)

// Each exercise's reference answer passes the grader of the exercise. Where
// a fetchbench style answers an exercise, that style is the answer.
func TestReferenceAnswers(t *testing.T) {
	t.Run("01-cancellation", func(t *testing.T) { grade.Cancellation(t, solutions.FetchAll) })
	t.Run("02-goroutines", func(t *testing.T) { grade.Goroutines(t, goroutines.FetchAll) })
	t.Run("03-shared-state", func(t *testing.T) {
		grade.SharedState(t, func() grade.Set { return new(solutions.Visited) })
	})
	t.Run("04-channels", func(t *testing.T) { grade.Channels(t, channels.FetchAll) })
	t.Run("05-errgroup", func(t *testing.T) { grade.Errgroup(t, errgroup.FetchAll) })
	t.Run("06-selectloop", func(t *testing.T) { grade.SelectLoop(t, selectloop.FetchAll) })
	t.Run("07-crawler", func(t *testing.T) { grade.Crawler(t, mutex.Crawl) })
}
