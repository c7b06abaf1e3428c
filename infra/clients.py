"""
Who a request comes from, as far as limits and counting need to know: the client's
address (behind the trusted proxies) and keyed hashes of personal data, so that an
address or an email can be compared and rate limited without being stored.
"""

import hashlib
import hmac

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
