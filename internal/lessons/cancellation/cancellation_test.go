package cancellation_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"fetchbench"
	"fetchbench/fetchtest/sim"
	"fetchbench/internal/lessons/cancellation"
)

// In fake time: the deadline passes during the fourth step, which runs to
// its end before Work sees it.
func TestWorkDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		n, err := cancellation.Work(ctx, 10, func() { time.Sleep(300 * time.Millisecond) })
		took := time.Since(start)
		t.Logf("steps of 300ms, deadline 1s: Work returned after %v, %d steps run: %v", took, n, err)
		assert.Equal(t, 1200*time.Millisecond, took)
		assert.Equal(t, 4, n)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

// In fake time: a Read from a connection that never sends returns when the
// deadline passes.
func TestReadDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		client, server := net.Pipe()
		defer client.Close()
		defer server.Close()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		_, err := cancellation.Read(ctx, client, make([]byte, 1))
		took := time.Since(start)
		t.Logf("a connection that never sends, deadline 1s: Read returned after %v: %v", took, err)
		assert.Equal(t, time.Second, took)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

var errUser = errors.New("the user pressed Ctrl-C")

// What fetchbench.Get does with a context that is done before it starts,
// and with one cancelled while it waits for a page that takes 1s.
func TestGetCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		site := sim.NewInMemory(sim.Config{Pages: 1, Latency: time.Second})
		defer site.Close()
		client := site.Client()

		ctx, cancel := context.WithCancelCause(t.Context())
		cancel(errUser)
		start := time.Now()
		p := fetchbench.Get(ctx, client, site.PageURL(0), fetchbench.Options{})
		t.Logf("done before:  Get returned after %v, %d requests sent: %v", time.Since(start), site.Stats().Requests, p.Err)
		assert.ErrorIs(t, p.Err, fetchbench.ErrNotFetched)
		assert.ErrorIs(t, p.Err, context.Canceled)
		assert.Equal(t, 0, site.Stats().Requests)

		ctx, cancel = context.WithCancelCause(t.Context())
		time.AfterFunc(300*time.Millisecond, func() { cancel(errUser) })
		start = time.Now()
		p = fetchbench.Get(ctx, client, site.PageURL(0), fetchbench.Options{})
		took := time.Since(start)
		t.Logf("cancelled at 300ms: Get returned after %v, %d request sent: %v", took, site.Stats().Requests, p.Err)
		t.Logf("context.Cause(ctx): %v", context.Cause(ctx))
		assert.Equal(t, 300*time.Millisecond, took)
		assert.ErrorIs(t, p.Err, context.Canceled)
		assert.NotErrorIs(t, p.Err, fetchbench.ErrNotFetched)
		assert.ErrorIs(t, context.Cause(ctx), errUser)
	})
}
