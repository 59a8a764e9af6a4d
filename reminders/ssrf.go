package reminders

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// ErrForbiddenTarget is returned for a webhook target Hearth will not call.
var ErrForbiddenTarget = errors.New("reminders: webhook target not allowed")

// internal are the address ranges a webhook may not reach unless the
// operator allows private targets: a webhook must not become a way into the
// servers beside Hearth.
var internal = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"), // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 can reach IPv4 internals
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local NAT64
	netip.MustParsePrefix("::/96"),           // IPv4-compatible (deprecated)
	netip.MustParsePrefix("::ffff:0:0:0/96"), // IPv4-translated (SIIT)
	netip.MustParsePrefix("2002::/16"),       // 6to4 embeds an IPv4 address
	netip.MustParsePrefix("2001::/32"),       // Teredo likewise
	netip.MustParsePrefix("fec0::/10"),       // site-local (deprecated, still routed inside some networks)
}

// allowedIP reports whether a webhook may connect to ip.
func allowedIP(ip netip.Addr, allowPrivate bool) bool {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(), ip.IsUnspecified(), ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return false
	case allowPrivate:
		return true
	case ip.IsLoopback(), ip.IsPrivate(), ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return false
	}
	for _, p := range internal {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// CheckTarget validates a webhook URL when it is saved: http(s), no
// credentials, and a host whose every address is allowed.
func CheckTarget(ctx context.Context, raw string, allowPrivate bool, r *net.Resolver) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return fmt.Errorf("%w: must be an http(s) URL without credentials", ErrForbiddenTarget)
	}
	host := u.Hostname()
	if ip, err := netip.ParseAddr(host); err == nil {
		if !allowedIP(ip, allowPrivate) {
			return fmt.Errorf("%w: %s is an internal address", ErrForbiddenTarget, ip)
		}
		return nil
	}
	if r == nil {
		r = net.DefaultResolver
	}
	addrs, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return fmt.Errorf("%w: %s does not resolve", ErrForbiddenTarget, host)
	}
	for _, ip := range addrs {
		if !allowedIP(ip, allowPrivate) {
			return fmt.Errorf("%w: %s resolves to the internal address %s", ErrForbiddenTarget, host, ip)
		}
	}
	return nil
}

// Dialer returns a dialer that checks the address it actually connects to,
// so a name that resolved to a public address when saved and to an internal
// one later (DNS rebinding) is still refused.
func Dialer(timeout time.Duration, allowPrivate bool) *net.Dialer {
	return &net.Dialer{Timeout: timeout, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !allowedIP(ap.Addr(), allowPrivate) {
			return fmt.Errorf("%w: %s", ErrForbiddenTarget, address)
		}
		return nil
	}}
}
