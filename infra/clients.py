"""
Who a request comes from, as far as limits and counting need to know: the client's
address (behind the trusted proxies) and keyed hashes of personal data, so that an
address or an email can be compared and rate limited without being stored.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the proxy-added one behind TRUSTED_PROXIES."""
    proxies = settings.NEWSROOM.get("TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_group(address: str) -> str:
    """
    The group an address belongs to for limits and counting: an IPv4 address on its
    own, an IPv6 address by its /64 (one subscriber's network: a home or a phone is
    handed a whole /64 and picks new addresses in it at will, so counting IPv6
    addresses one by one would let one reader count as thousands). An IPv4-mapped
    IPv6 address is its IPv4 address; anything that is not an address stays as it is.
    """
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        prefix = ipaddress.IPv6Address(int(ip) >> 64 << 64)  # drops any zone id too
        return f"{prefix}/64"
    return str(ip)


def client_key(request) -> str:
    """The client's address group (``address_group`` of ``client_ip``): the one input of
    every limit, "distinct reporter" and read-counting key made from an address."""
    return address_group(client_ip(request))


def keyed_hash(value: str, purpose: str) -> str:
    """
    A keyed HMAC of personal data (an IP address, an email) so that it can be
    compared and rate limited without being stored: it cannot be reversed
    without the server's secret key.
    """
    key = hashlib.sha256(f"{settings.SECRET_KEY}:{purpose}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def is_anonymous_request(request) -> bool:
    """Anonymous without touching the session store: no session cookie at all."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES
