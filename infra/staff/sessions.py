"""
Staff sessions end on their own: after ``STAFF_SESSION_IDLE_SECONDS`` without a
request (30 minutes) and ``STAFF_SESSION_MAX_SECONDS`` after the login (12 hours),
whatever happens in between. Readers have no session (no cookie), so this costs
their pages nothing.

Hand-written (a middleware and a login hook): django-session-security and
django-auto-logout time out in the browser with their own script and warnings,
which our CSP and the admin do not need; the rule is two comparisons.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext

from infra.clients import is_anonymous_request

security_log = logging.getLogger("newsroom.security")

LOGIN_KEY = "staff_login_at"
SEEN_KEY = "staff_seen_at"
# Writing the session on every request would cost a write per admin click; the last
# request is recorded at most this often, so the idle timeout is exact to a minute.
SEEN_RESOLUTION_SECONDS = 60


def start_staff_session(sender, request, user, **kwargs) -> None:
    """At login (connected to ``user_logged_in``): the absolute lifetime starts."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_KEY] = now
        request.session[SEEN_KEY] = now


def expired(session, *, now: int) -> str:
    """Why this staff session is over ("idle", "lifetime"), or "" while it lasts."""
    limits = settings.NEWSROOM
    login_at = session.get(LOGIN_KEY)
    seen_at = session.get(SEEN_KEY, login_at)
    if login_at is None or now - login_at >= limits["STAFF_SESSION_MAX_SECONDS"]:
        return "lifetime"
    if now - seen_at >= limits["STAFF_SESSION_IDLE_SECONDS"]:
        return "idle"
    return ""


class StaffSessionMiddleware:
    """Log staff out when their session is idle or too old (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_request(request) and request.user.is_authenticated:
            now = int(time.time())
            reason = expired(request.session, now=now)
            if reason:
                security_log.info("Session of %r ended (%s)", request.user.get_username(), reason)
                logout(request)
                messages.info(
                    request,
                    gettext("Votre session a expiré. Reconnectez-vous pour continuer.")
                    if reason == "idle"
                    else gettext(
                        "Votre session a atteint sa durée maximale. Reconnectez-vous pour "
                        "continuer."
                    ),
                )
            elif now - request.session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION_SECONDS:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
