package channels_test

import (
	"testing"

	"fetchbench/exercises/04-channels"
	"fetchbench/exercises/internal/grade"
)

func TestFetchAll(t *testing.T) {
	grade.Channels(t, channels.FetchAll)
}
