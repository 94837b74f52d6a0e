package netguard

import (
	"context"
	"crypto/tls"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"fetchbench"
	"fetchbench/fetchtest/sim"
)

func TestCheckPublic(t *testing.T) {
	for _, tc := range []struct {
		address string
		blocked string // what the error says; "" for allowed
	}{
		{"93.184.215.14:443", ""},
		{"[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:443", ""},
		{"[64:ff9b::5db8:d70e]:80", ""}, // NAT64 of 93.184.215.14
		{"127.0.0.1:80", "loopback"},
		{"127.255.255.254:80", "loopback"},
		{"[::1]:80", "loopback"},
		{"[::ffff:127.0.0.1]:80", "127.0.0.1 is a loopback"},
		{"10.1.2.3:80", "private"},
		{"172.16.0.1:80", "private"},
		{"192.168.1.1:80", "private"},
		{"[::ffff:192.168.1.1]:80", "private"},
		{"[fd00::1]:80", "private"},
		{"169.254.169.254:80", "link-local"}, // cloud metadata
		{"[fe80::1%eth0]:80", "link-local"},
		{"0.0.0.0:80", "this host"},
		{"[::]:80", "unspecified"},
		{"224.0.0.1:80", "multicast"},
		{"[ff02::1]:80", "multicast"},
		{"[ff01::1]:80", "multicast"},
		{"239.1.2.3:80", "multicast"},
		{"0.1.2.3:80", "this network"},
		{"100.64.0.1:80", "carrier-grade NAT"},
		{"198.18.0.1:80", "benchmarking"},
		{"192.0.2.1:80", "documentation"},
		{"[2001:db8::1]:80", "documentation"},
		{"255.255.255.255:80", "broadcast"},
		{"[64:ff9b::7f00:1]:80", "loopback address behind NAT64"},
		{"[2002:7f00:1::1]:80", "6to4"},
		{"example.com:80", "cannot check"},
		// The gaps that issue 11 found.
		{"[::7f00:1]:80", "IPv4-compatible"},
		{"[3fff::1]:80", "documentation"},
		{"[5f00::1]:80", "SRv6"},
		{"[2001:2::1]:80", "benchmarking"},
		{"[2001:10::1]:80", "ORCHID"},
		{"[4000::1]:80", "outside 2000::/3"},
	} {
		err := Check("tcp", tc.address, nil)
		if tc.blocked == "" {
			assert.NoError(t, err, "Check(%s)", tc.address)
			continue
		}
		assert.ErrorIs(t, err, ErrBlocked, "Check(%s)", tc.address)
		assert.ErrorContains(t, err, tc.blocked, "Check(%s)", tc.address)
	}
	assert.NotEmpty(t, nonPublic(netip.Addr{}), "the zero Addr must be refused")
}

// registry is the IANA IPv4 and IPv6 Special-Purpose Address Registries,
// revision 2025-10-09, one row per entry: prefix, name, RFC, and the
// "Globally Reachable" column ("True", "False", "N/A", or "" when blank).
// It is copied from the registries, not from guard.go, so that the test
// checks the guard against the source.
var registry = []struct {
	prefix, name, rfc, global string
}{
	{"0.0.0.0/8", `"This network"`, "RFC 791, section 3.2", "False"},
	{"0.0.0.0/32", `"This host on this network"`, "RFC 1122, section 3.2.1.3", "False"},
	{"10.0.0.0/8", "Private-Use", "RFC 1918", "False"},
	{"100.64.0.0/10", "Shared Address Space", "RFC 6598", "False"},
	{"127.0.0.0/8", "Loopback", "RFC 1122, section 3.2.1.3", "False"},
	{"169.254.0.0/16", "Link Local", "RFC 3927", "False"},
	{"172.16.0.0/12", "Private-Use", "RFC 1918", "False"},
	{"192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890, section 2.1", "False"},
	{"192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", "False"},
	{"192.0.0.8/32", "IPv4 dummy address", "RFC 7600", "False"},
	{"192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", "True"},
	{"192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", "True"},
	{"192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050 section 2.2", "False"},
	{"192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050 section 2.2", "False"},
	{"192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", "False"},
	{"192.31.196.0/24", "AS112-v4", "RFC 7535", "True"},
	{"192.52.193.0/24", "AMT", "RFC 7450", "True"},
	{"192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", ""},
	{"192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", "False"},
	{"192.168.0.0/16", "Private-Use", "RFC 1918", "False"},
	{"192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", "True"},
	{"198.18.0.0/15", "Benchmarking", "RFC 2544", "False"},
	{"198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", "False"},
	{"203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", "False"},
	{"240.0.0.0/4", "Reserved", "RFC 1112, section 4", "False"},
	{"255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919 section 7", "False"},

	{"::1/128", "Loopback Address", "RFC 4291", "False"},
	{"::/128", "Unspecified Address", "RFC 4291", "False"},
	{"::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", "False"},
	{"64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", "True"},
	{"64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", "False"},
	{"100::/64", "Discard-Only Address Block", "RFC 6666", "False"},
	{"100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", "False"},
	{"2001::/23", "IETF Protocol Assignments", "RFC 2928", "False"},
	{"2001::/32", "TEREDO", "RFC 4380, RFC 8190", "N/A"},
	{"2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", "True"},
	{"2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", "True"},
	{"2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", "True"},
	{"2001:2::/48", "Benchmarking", "RFC 5180, RFC Errata 1752", "False"},
	{"2001:3::/32", "AMT", "RFC 7450", "True"},
	{"2001:4:112::/48", "AS112-v6", "RFC 7535", "True"},
	{"2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", ""},
	{"2001:20::/28", "ORCHIDv2", "RFC 7343", "True"},
	{"2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", "True"},
	{"2001:db8::/32", "Documentation", "RFC 3849", "False"},
	{"2002::/16", "6to4", "RFC 3056", "N/A"},
	{"2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", "True"},
	{"3fff::/20", "Documentation", "RFC 9637", "False"},
	{"5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", "False"},
	{"fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", "False"},
	{"fe80::/10", "Link-Local Unicast", "RFC 4291", "False"},
}

// wantPublic is the policy -h states, in terms of the registry table: an
// address is public if the most specific registry entry holding it says
// "Globally Reachable: True", or if no entry holds it and it is not
// multicast and, for IPv6, is inside 2000::/3. IPv4-mapped and NAT64
// addresses are judged by the IPv4 address they carry.
func wantPublic(t *testing.T, addr netip.Addr) bool {
	t.Helper()
	nat64 := netip.MustParsePrefix("64:ff9b::/96")
	switch {
	case addr.Is4In6():
		return wantPublic(t, addr.Unmap())
	case nat64.Contains(addr):
		b := addr.As16()
		return wantPublic(t, netip.AddrFrom4([4]byte(b[12:])))
	case addr.IsMulticast():
		return false
	}
	bits, global := -1, ""
	for _, row := range registry {
		p := netip.MustParsePrefix(row.prefix)
		if p.Contains(addr) && p.Bits() > bits {
			bits, global = p.Bits(), row.global
		}
	}
	if bits >= 0 {
		return global == "True"
	}
	return addr.Is4() || netip.MustParsePrefix("2000::/3").Contains(addr)
}

// lastAddr is the highest address in p.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// TestGuardFollowsRegistry checks the first and the last address of every
// registry entry, and the one after the first.
func TestGuardFollowsRegistry(t *testing.T) {
	for _, row := range registry {
		p, err := netip.ParsePrefix(row.prefix)
		require.NoError(t, err, "registry row %s", row.prefix)
		require.Equal(t, p.Masked(), p, "registry row %s: not a masked prefix", row.prefix)
		addrs := []netip.Addr{p.Addr(), lastAddr(p)}
		if p.Addr() != lastAddr(p) {
			addrs = append(addrs, p.Addr().Next())
		}
		for _, addr := range addrs {
			why := nonPublic(addr)
			assert.Equal(t, wantPublic(t, addr), why == "", "public? %s (in %s %s, %s, globally reachable %q): nonPublic = %q",
				addr, row.prefix, row.name, row.rfc, row.global, why)
		}
	}
}

// TestGuardAgreesWithNetip checks random addresses, and random addresses
// inside each registry entry, against the policy and against net/netip:
// whatever netip calls loopback, private, link-local, multicast,
// unspecified or not global unicast must be refused.
func TestGuardAgreesWithNetip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(p netip.Prefix) netip.Addr {
		b := p.Addr().AsSlice()
		for i := p.Bits(); i < len(b)*8; i++ {
			if rng.IntN(2) == 1 {
				b[i/8] |= 0x80 >> (i % 8)
			}
		}
		a, _ := netip.AddrFromSlice(b)
		return a
	}
	prefixes := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"), netip.MustParsePrefix("2000::/3")}
	for _, row := range registry {
		prefixes = append(prefixes, netip.MustParsePrefix(row.prefix))
	}
	for _, p := range prefixes {
		for range 200 {
			addr := random(p)
			why := nonPublic(addr)
			assert.Equal(t, wantPublic(t, addr), why == "", "public? %s (in %s): nonPublic = %q", addr, p, why)
			u := addr.Unmap()
			netipRefuses := u.IsLoopback() || u.IsPrivate() || u.IsLinkLocalUnicast() || u.IsMulticast() ||
				u.IsUnspecified() || !u.IsGlobalUnicast()
			assert.False(t, why == "" && netipRefuses, "%s is allowed, but net/netip says it is not a public unicast address", addr)
		}
	}
}

// TestGuard checks the guard where it acts: in the client's dialer,
// whatever the URL says.
func TestGuard(t *testing.T) {
	site := sim.NewServer(sim.Config{Pages: 1})
	defer site.Close()
	mapped := strings.Replace(site.PageURL(0), "127.0.0.1", "[::ffff:127.0.0.1]", 1)
	localhost := strings.Replace(site.PageURL(0), "127.0.0.1", "localhost", 1)

	open := fetchbench.NewClient(1)
	defer open.CloseIdleConnections()
	p := fetchbench.Get(t.Context(), open, mapped, fetchbench.Options{})
	require.NoError(t, p.Err, "without the guard, %s failed: the blocked case below would prove nothing", mapped)

	guarded := Guard(fetchbench.NewClient(1))
	defer guarded.CloseIdleConnections()
	for _, u := range []string{site.PageURL(0), mapped, localhost, site.FaultURL(sim.Redirect)} {
		p := fetchbench.Get(t.Context(), guarded, u, fetchbench.Options{})
		assert.ErrorIs(t, p.Err, ErrBlocked, "Get(%s) through Guard", u)
	}
}

// A client that Guard cannot guard fetches nothing.
func TestGuardFailsClosed(t *testing.T) {
	client := Guard(&http.Client{Transport: http.NewFileTransport(http.Dir("."))})
	p := fetchbench.Get(t.Context(), client, "http://example.com/", fetchbench.Options{})
	assert.ErrorIs(t, p.Err, ErrBlocked, "Get through a guarded file transport")
}

// Guard guards its own client only: another client that shares the
// Transport still connects where it likes. And a Transport's own TLS dialer
// does not get around the guard.
func TestGuardCopiesTheTransport(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<script src="a.js"></script>`))
	}))
	defer ts.Close()
	shared := ts.Client().Transport.(*http.Transport)
	shared.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := tls.Dialer{Config: shared.TLSClientConfig}
		return d.DialContext(ctx, network, addr)
	}
	defer shared.CloseIdleConnections()

	guarded := Guard(&http.Client{Transport: shared})
	p := fetchbench.Get(t.Context(), guarded, ts.URL, fetchbench.Options{})
	require.ErrorIs(t, p.Err, ErrBlocked, "Get through Guard, with the Transport's own DialTLSContext")

	p = fetchbench.Get(t.Context(), &http.Client{Transport: shared}, ts.URL, fetchbench.Options{})
	require.NoError(t, p.Err, "the other client that shares the Transport is not guarded")
	assert.Len(t, p.Scripts, 1)
}
