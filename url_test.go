package fetchbench

import (
	"context"
	"net/url"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// One long src that must be percent-encoded cost 36 times the body: resolve
// escaped it whole, and charged it against the cap only then. Now a src that
// cannot fit in what is left of the cap, escaped at worst, fails before it
// is parsed: resolving a 1 MiB src of "é" (3 MiB escaped) against a 2 MiB
// cap allocates next to nothing. Under a 4 MiB cap it resolves.
func TestResolveLongSrc(t *testing.T) {
	src := "/" + strings.Repeat("é", 512<<10)
	final, err := url.Parse("http://example.test/")
	require.NoError(t, err)
	page := func() parsed { return parsed{scripts: []Script{{Src: src}}, baseAt: 1} }

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = resolve(t.Context(), page(), final, 2<<20)
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, ErrTooLarge)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("resolving a %d-byte src against a 2 MiB cap allocated %d bytes", len(src), allocated)
	assert.Less(t, allocated, uint64(64<<10), "bytes allocated: the src was escaped")

	scripts, err := resolve(t.Context(), page(), final, 4<<20)
	require.NoError(t, err)
	assert.Equal(t, "http://example.test/"+strings.Repeat("%C3%A9", 512<<10), scripts[0].Src)
}

// resolve checks ctx before each src, and a page whose time ran out fails
// with ctx's error, not with ErrTooLarge.
func TestResolveChecksCtx(t *testing.T) {
	final, err := url.Parse("http://example.test/")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = resolve(ctx, parsed{scripts: []Script{{Src: "a.js"}}, baseAt: 1}, final, 1<<20)
	require.ErrorIs(t, err, context.Canceled)
}
