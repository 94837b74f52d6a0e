package main

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"fetchbench"
	"fetchbench/fetchtest"
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
		{"0.0.0.0:80", "unspecified"},
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
		{"255.255.255.255:80", "reserved"},
		{"[64:ff9b::7f00:1]:80", "loopback address behind NAT64"},
		{"[2002:7f00:1::1]:80", "6to4"},
		{"example.com:80", "cannot check"},
	} {
		err := checkPublic("tcp", tc.address, nil)
		switch {
		case tc.blocked == "" && err != nil:
			t.Errorf("checkPublic(%s) = %v; want nil", tc.address, err)
		case tc.blocked != "" && (!errors.Is(err, errBlockedAddress) || !strings.Contains(err.Error(), tc.blocked)):
			t.Errorf("checkPublic(%s) = %v; want errBlockedAddress saying %q", tc.address, err, tc.blocked)
		}
	}
	if why := nonPublic(netip.Addr{}); why == "" {
		t.Errorf("nonPublic(zero Addr) = %q; want it refused", why)
	}
}

// TestPublicOnlyClient checks the guard where it acts: in the client's
// dialer, whatever the URL says.
func TestPublicOnlyClient(t *testing.T) {
	site := fetchtest.NewServer(fetchtest.Config{Pages: 1})
	defer site.Close()
	mapped := strings.Replace(site.PageURL(0), "127.0.0.1", "[::ffff:127.0.0.1]", 1)
	localhost := strings.Replace(site.PageURL(0), "127.0.0.1", "localhost", 1)

	open := newClient(1, false)
	defer open.CloseIdleConnections()
	if p := fetchbench.Get(t.Context(), open, mapped, fetchbench.Options{}); p.Err != nil {
		t.Fatalf("without the guard, %s failed: %v; the blocked case below would prove nothing", mapped, p.Err)
	}

	guarded := newClient(1, true)
	defer guarded.CloseIdleConnections()
	for _, u := range []string{site.PageURL(0), mapped, localhost, site.FaultURL(fetchtest.Redirect)} {
		p := fetchbench.Get(t.Context(), guarded, u, fetchbench.Options{})
		if !errors.Is(p.Err, errBlockedAddress) {
			t.Errorf("Get(%s) with -public-only: err = %v; want errBlockedAddress", u, p.Err)
		}
	}
}

func TestPublicOnlyBinary(t *testing.T) {
	site := fetchtest.NewServer(fetchtest.Config{Pages: 2})
	defer site.Close()
	mapped := strings.Replace(site.PageURL(1), "127.0.0.1", "[::ffff:127.0.0.1]", 1)
	urls := []string{site.PageURL(0), mapped}

	r := runBinary(t, "", append([]string{"-public-only"}, urls...)...)
	r.wantCode(t, exitFail)
	pages, _ := parseText(t, r.stdout)
	for _, u := range urls {
		p := pages[u]
		if p == nil || !strings.Contains(strings.Join(p.fields, "  "), "blocked by -public-only: 127.0.0.1 is a loopback address") {
			t.Errorf("%s printed as %v; want it blocked as loopback\n%s", u, p, r.stdout)
		}
	}
	if n := site.Requests(); n != 0 {
		t.Errorf("the site saw %d requests; want 0", n)
	}
}
