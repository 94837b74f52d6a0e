// Package netguard keeps an HTTP client off every address that is not
// public: loopback, private, link-local, multicast, documentation and the
// other special-purpose blocks of the IANA registries. Checking a URL's host
// is not enough: a name can resolve to 127.0.0.1, a redirect can point
// anywhere, and http://[::ffff:127.0.0.1]/ is 127.0.0.1 in disguise. So the
// check runs in the dialer, on the address it is about to connect to, after
// DNS, for every connection of every request and redirect.
package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrBlocked is the error of a connection that the guard refused. Pages
// carry it wrapped; test for it with errors.Is.
var ErrBlocked = errors.New("blocked: public addresses only")

// Guard makes client connect only to public addresses, and returns it. It
// gives client a guarded copy of its Transport, so another client sharing
// that Transport (http.DefaultTransport, say) is left as it was. A client
// whose Transport is not an *http.Transport cannot be guarded, so it fails
// every request instead. Guard turns off the copy's proxy: through a proxy,
// the dialer would see the proxy's address, not the site's. It also drops
// any DialTLSContext, so that TLS connections dial through the guard too.
func Guard(client *http.Client) *http.Client {
	t, ok := client.Transport.(*http.Transport)
	if !ok {
		client.Transport = refuseAll{fmt.Errorf("%w: cannot guard a %T", ErrBlocked, client.Transport)}
		return client
	}
	t = t.Clone()
	t.Proxy = nil
	t.DialTLSContext, t.DialTLS = nil, nil // a TLS dialer of its own would get around the guard
	dialer := &net.Dialer{
		Timeout:   30 * time.Second, // as http.DefaultTransport's dialer
		KeepAlive: 30 * time.Second,
		Control:   Check,
	}
	t.DialContext = dialer.DialContext // TLS and HTTP/2 dial through it too
	client.Transport = t
	return client
}

// refuseAll is a RoundTripper that fails every request with err.
type refuseAll struct{ err error }

func (r refuseAll) RoundTrip(*http.Request) (*http.Response, error) { return nil, r.err }

// Check is a net.Dialer Control function that refuses, with ErrBlocked,
// every address that is not public: the dialer calls it with
// the resolved "ip:port" it is about to connect to (every one it tries,
// when a name has several). It does not see DNS traffic, which goes
// through the resolver's own connections, so a local resolver still works.
func Check(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot check address %q: %v", ErrBlocked, address, err)
	}
	if why := nonPublic(ap.Addr()); why != "" {
		return fmt.Errorf("%w: %v is %s", ErrBlocked, ap.Addr(), why)
	}
	return nil
}

// nonPublic says why addr is not public, or returns "". Public means
// globally reachable in the IANA special-purpose address registries and,
// for IPv6, inside 2000::/3, the only block IANA allocates as global
// unicast: anything else is refused, including blocks assigned later.
func nonPublic(addr netip.Addr) string {
	// ::ffff:a.b.c.d is the IPv4 address a.b.c.d on the wire: judge it as
	// one. A prefix never contains an address with a zone (fe80::1%eth0).
	addr = addr.Unmap().WithZone("")
	switch {
	case !addr.IsValid():
		return "not a valid address"
	case addr.IsMulticast():
		return "a multicast address" // in no special-purpose registry
	case nat64.Contains(addr):
		// An IPv6-only network reaches every IPv4 site through NAT64, so
		// refusing the prefix would refuse the whole IPv4 web. Judge the
		// IPv4 address in its last 4 bytes instead.
		b := addr.As16()
		if why := nonPublic(netip.AddrFrom4([4]byte(b[12:]))); why != "" {
			return why + " behind NAT64"
		}
		return ""
	}
	if b, ok := mostSpecific(addr); ok {
		if b.global {
			return ""
		}
		return b.why
	}
	if addr.Is6() && !globalUnicast.Contains(addr) {
		return "outside 2000::/3, the global unicast block"
	}
	return ""
}

// mostSpecific returns the longest special-purpose block holding addr: the
// registries nest blocks, and the innermost one decides.
func mostSpecific(addr netip.Addr) (block, bool) {
	var best block
	found := false
	for _, b := range special {
		if b.prefix.Contains(addr) && (!found || b.prefix.Bits() > best.prefix.Bits()) {
			best, found = b, true
		}
	}
	return best, found
}

var (
	nat64         = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052
	globalUnicast = netip.MustParsePrefix("2000::/3")     // RFC 4291
)

// A block is one entry of the IANA IPv4 or IPv6 Special-Purpose Address
// Registry: global is its "Globally Reachable" column. Entries that say
// N/A or nothing (6to4, Teredo, deprecated blocks) count as not global.
type block struct {
	prefix netip.Prefix
	why    string
	global bool
}

func refuse(prefix, why string) block { return block{netip.MustParsePrefix(prefix), why, false} }
func allow(prefix string) block       { return block{prefix: netip.MustParsePrefix(prefix), global: true} }

// special is both registries as of their 2025-10-09 revision, but for
// 64:ff9b::/96 (nat64 above) and ::ffff:0:0/96 (unmapped above). IPv6
// blocks outside 2000::/3 are listed too, for a precise message.
var special = []block{
	refuse("0.0.0.0/8", `in "this network"`),
	refuse("0.0.0.0/32", `"this host on this network"`),
	refuse("10.0.0.0/8", "a private address"),
	refuse("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
	refuse("127.0.0.0/8", "a loopback address"),
	refuse("169.254.0.0/16", "a link-local address"),
	refuse("172.16.0.0/12", "a private address"),
	refuse("192.0.0.0/24", "an IETF protocol address"),
	refuse("192.0.0.0/29", "an IPv4 service continuity address"),
	refuse("192.0.0.8/32", "the IPv4 dummy address"),
	allow("192.0.0.9/32"),  // PCP anycast
	allow("192.0.0.10/32"), // TURN anycast
	refuse("192.0.0.170/32", "a NAT64/DNS64 discovery address"),
	refuse("192.0.0.171/32", "a NAT64/DNS64 discovery address"),
	refuse("192.0.2.0/24", "a documentation address"),
	allow("192.31.196.0/24"), // AS112-v4
	allow("192.52.193.0/24"), // AMT
	refuse("192.88.99.0/24", "a deprecated 6to4 relay anycast address"),
	refuse("192.88.99.2/32", "the 6a44 relay anycast address"),
	refuse("192.168.0.0/16", "a private address"),
	allow("192.175.48.0/24"), // direct delegation AS112
	refuse("198.18.0.0/15", "a benchmarking address"),
	refuse("198.51.100.0/24", "a documentation address"),
	refuse("203.0.113.0/24", "a documentation address"),
	refuse("240.0.0.0/4", "a reserved address"),
	refuse("255.255.255.255/32", "the limited broadcast address"),

	refuse("::/128", "the unspecified address"),
	refuse("::1/128", "a loopback address"),
	refuse("::/96", "a deprecated IPv4-compatible address"), // RFC 4291, not in the registry
	refuse("64:ff9b:1::/48", "a local-use NAT64 address"),
	refuse("100::/64", "a discard-only address"),
	refuse("100:0:0:1::/64", "a dummy IPv6 address"),
	refuse("2001::/23", "an IETF protocol address"),
	// Teredo and 6to4 hide an IPv4 address inside IPv6. Real sites do not
	// use them, so they are refused rather than unpacked.
	refuse("2001::/32", "a Teredo address"),
	allow("2001:1::1/128"), // PCP anycast
	allow("2001:1::2/128"), // TURN anycast
	allow("2001:1::3/128"), // DNS-SD SRP anycast
	refuse("2001:2::/48", "a benchmarking address"),
	allow("2001:3::/32"),     // AMT
	allow("2001:4:112::/48"), // AS112-v6
	refuse("2001:10::/28", "a deprecated ORCHID address"),
	allow("2001:20::/28"), // ORCHIDv2
	allow("2001:30::/28"), // drone remote ID entity tags
	refuse("2001:db8::/32", "a documentation address"),
	refuse("2002::/16", "a 6to4 address"),
	allow("2620:4f:8000::/48"), // direct delegation AS112
	refuse("3fff::/20", "a documentation address"),
	refuse("5f00::/16", "a segment routing (SRv6) SID"),
	refuse("fc00::/7", "a private (unique local) address"),
	refuse("fe80::/10", "a link-local address"),
	refuse("fec0::/10", "a deprecated site-local address"), // RFC 3879, not in the registry
}
