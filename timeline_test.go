package fetchbench_test

import (
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

func TestTimelineRecordsPhases(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<script src="a.js"></script>`))
	}))
	ts.EnableHTTP2 = true
	ts.StartTLS()
	defer ts.Close()
	client := fetchbench.NewClient(1)
	client.Transport.(*http.Transport).TLSClientConfig = ts.Client().Transport.(*http.Transport).TLSClientConfig
	defer client.CloseIdleConnections()

	tl := fetchbench.NewTimeline(time.Now())
	ctx := fetchbench.WithTimeline(t.Context(), tl)
	for range 2 {
		require.NoError(t, fetchbench.Get(ctx, client, ts.URL+"/", fetchbench.Options{}).Err)
	}

	timings := tl.Timings()
	require.Len(t, timings, 2)
	first, second := timings[0], timings[1]
	assert.Equal(t, 1, first.NewConns, "the first page dials")
	assert.False(t, first.Reused)
	// Over HTTP/2 the response can beat WroteRequest: then there is no wait.
	assert.Contains(t, [][]fetchbench.PhaseName{
		{fetchbench.PhaseConnect, fetchbench.PhaseTLS, fetchbench.PhaseWait, fetchbench.PhaseBody},
		{fetchbench.PhaseConnect, fetchbench.PhaseTLS, fetchbench.PhaseBody},
	}, names(first.Phases))
	assert.Equal(t, 0, second.NewConns, "the second page reuses the connection")
	assert.True(t, second.Reused)
	assert.NotContains(t, names(second.Phases), fetchbench.PhaseTLS)
	for _, tm := range timings {
		assert.Equal(t, "HTTP/2.0", tm.Proto)
		assert.False(t, tm.Failed)
		assert.LessOrEqual(t, tm.Start, tm.End)
		for _, p := range tm.Phases {
			assert.True(t, tm.Start <= p.Start && p.Start < p.End && p.End <= tm.End, "phase %+v outside its page %v–%v", p, tm.Start, tm.End)
		}
	}
	assert.LessOrEqual(t, first.End, second.Start, "one after the other")
}

// Over HTTP/2 the response's first byte can arrive before WroteRequest
// fires: the request's write and the response's read run on two goroutines.
// The page then has no wait phase, rather than one that starts after its body.
func TestTimelineFirstByteBeforeWroteRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tl := fetchbench.NewTimeline(time.Now())
		hooks, finish := fetchbench.TraceHooks(tl, "https://example.test/")
		hooks.GetConn("example.test:443")
		hooks.GotConn(httptrace.GotConnInfo{Reused: true})
		hooks.GotFirstResponseByte()
		time.Sleep(time.Millisecond)
		hooks.WroteRequest(httptrace.WroteRequestInfo{})
		time.Sleep(10 * time.Millisecond)
		finish()
		assert.Equal(t, []fetchbench.PhaseName{fetchbench.PhaseBody}, names(tl.Timings()[0].Phases))
	})
}

func TestTimelineRecordsFailedPages(t *testing.T) {
	tl := fetchbench.NewTimeline(time.Now())
	ctx := fetchbench.WithTimeline(t.Context(), tl)
	p := fetchbench.Get(ctx, http.DefaultClient, "ftp://example.test/", fetchbench.Options{})
	require.ErrorIs(t, p.Err, fetchbench.ErrInvalidURL)
	timings := tl.Timings()
	require.Len(t, timings, 1)
	assert.True(t, timings[0].Failed)
	assert.Empty(t, timings[0].Phases, "no request was sent")
	assert.Empty(t, timings[0].Proto)
}

func names(phases []fetchbench.Phase) []fetchbench.PhaseName {
	var out []fetchbench.PhaseName
	for _, p := range phases {
		out = append(out, p.Name)
	}
	return out
}

// On the simulated web in fake time, each phase takes exactly what the link
// model says: a fresh HTTPS page is one RTT each of TCP, TLS and the request.
func TestTimelineInFakeTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const r = 100 * time.Millisecond
		web := sim.NewWebInMemory(sim.WebConfig{Site: sim.Config{Pages: 2}, Link: sim.Link{RTT: r}, TLS: true})
		defer web.Close()
		client := web.Client(1)

		start := time.Now()
		tl := fetchbench.NewTimeline(start)
		ctx := fetchbench.WithTimeline(t.Context(), tl)
		for _, u := range web.URLs(2) {
			require.NoError(t, fetchbench.Get(ctx, client, u, fetchbench.Options{}).Err)
		}

		timings := tl.Timings()
		require.Len(t, timings, 2)
		assert.Equal(t, []fetchbench.Phase{
			{Name: fetchbench.PhaseConnect, Start: 0, End: r},
			{Name: fetchbench.PhaseTLS, Start: r, End: 2 * r},
			{Name: fetchbench.PhaseWait, Start: 2 * r, End: 3 * r},
		}, timings[0].Phases, "no body phase: in fake time, reading and parsing take no time")
		assert.Equal(t, 3*r, timings[0].End)
		assert.Equal(t, []fetchbench.Phase{
			{Name: fetchbench.PhaseWait, Start: 3 * r, End: 4 * r},
		}, timings[1].Phases)
		assert.True(t, timings[1].Reused)
		assert.Equal(t, "HTTP/2.0", timings[1].Proto)
	})
}
