package sequential_test

import (
	"testing"

	"fetchbench/fetchtest"
	"fetchbench/sequential"
)

func TestConformance(t *testing.T) {
	fetchtest.Run(t, sequential.FetchAll, fetchtest.Traits{Sequential: true})
}
