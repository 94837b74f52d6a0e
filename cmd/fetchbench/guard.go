package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"fetchbench"
)

// errBlockedAddress is the error of a connection that -public-only refused.
// Pages carry it wrapped; test for it with errors.Is.
var errBlockedAddress = errors.New("blocked by -public-only")

// newClient returns the run's client: fetchbench.NewClient(limit), and with
// publicOnly, a dialer that refuses every address that is not public.
//
// Checking the URL's host is not enough: a name can resolve to 127.0.0.1,
// a redirect can point anywhere, and http://[::ffff:127.0.0.1]/ is
// 127.0.0.1 in disguise. So the check runs in the dialer, on the address
// it is about to connect to, after DNS, for every connection of every
// request and redirect.
func newClient(limit int, publicOnly bool) *http.Client {
	client := fetchbench.NewClient(limit)
	if !publicOnly {
		return client
	}
	t, ok := client.Transport.(*http.Transport)
	if !ok {
		// Fail closed: a Transport we cannot guard fetches nothing.
		client.Transport = refuseAll{fmt.Errorf("%w: cannot guard a %T", errBlockedAddress, client.Transport)}
		return client
	}
	// Through a proxy, the dialer would see the proxy's address, not the
	// site's, and could not guard anything.
	t.Proxy = nil
	dialer := &net.Dialer{
		Timeout:   30 * time.Second, // as http.DefaultTransport's dialer
		KeepAlive: 30 * time.Second,
		Control:   checkPublic,
	}
	t.DialContext = dialer.DialContext // TLS and HTTP/2 dial through it too
	return client
}

// refuseAll is a RoundTripper that fails every request with err.
type refuseAll struct{ err error }

func (r refuseAll) RoundTrip(*http.Request) (*http.Response, error) { return nil, r.err }

// checkPublic is a net.Dialer Control function: the dialer calls it with
// the resolved "ip:port" it is about to connect to (every one it tries,
// when a name has several). It does not see DNS traffic, which goes
// through the resolver's own connections, so a local resolver still works.
func checkPublic(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot check address %q: %v", errBlockedAddress, address, err)
	}
	if why := nonPublic(ap.Addr()); why != "" {
		return fmt.Errorf("%w: %v is %s", errBlockedAddress, ap.Addr(), why)
	}
	return nil
}

// nonPublic says why addr is not a public unicast address, or returns "".
func nonPublic(addr netip.Addr) string {
	// ::ffff:a.b.c.d is the IPv4 address a.b.c.d: judge it as one.
	addr = addr.Unmap()
	switch {
	case !addr.IsValid():
		return "not a valid address"
	case addr.IsLoopback():
		return "a loopback address"
	case addr.IsPrivate():
		return "a private address"
	case addr.IsLinkLocalUnicast():
		return "a link-local address"
	case addr.IsInterfaceLocalMulticast(), addr.IsLinkLocalMulticast(), addr.IsMulticast():
		return "a multicast address"
	case addr.IsUnspecified():
		return "the unspecified address"
	}
	if nat64.Contains(addr) {
		// An IPv6-only network reaches every IPv4 site through NAT64, so
		// refusing the prefix would refuse the whole IPv4 web. Judge the
		// IPv4 address in its last 4 bytes instead.
		b := addr.As16()
		if why := nonPublic(netip.AddrFrom4([4]byte(b[12:]))); why != "" {
			return why + " behind NAT64"
		}
		return ""
	}
	for _, r := range special {
		if r.prefix.Contains(addr) {
			return r.why
		}
	}
	return ""
}

// nat64 is the well-known NAT64 prefix (RFC 6052).
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// special are the other ranges of the IANA special-purpose registries that
// are not globally reachable, and that netip has no method for.
var special = []struct {
	prefix netip.Prefix
	why    string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `in "this network"`},
	{netip.MustParsePrefix("100.64.0.0/10"), "a carrier-grade NAT address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"}, // with 255.255.255.255, broadcast
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a local NAT64 address"},
	{netip.MustParsePrefix("100::/64"), "a discard address"},
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation address"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local address"},
	// 6to4 and Teredo hide an IPv4 address inside IPv6. Real sites do not
	// use them, so they are refused rather than unpacked.
	{netip.MustParsePrefix("2002::/16"), "a 6to4 address"},
	{netip.MustParsePrefix("2001::/32"), "a Teredo address"},
}
