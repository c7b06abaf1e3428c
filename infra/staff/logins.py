"""
Staff logins against guessing: django-axes counts the failures in the database and
locks a username at one address out for the cool-off (``AXES_*`` settings); this
module adds the ceiling per address whatever the usernames, the French lockout
page (429) and the security log.

Why axes' database handler rather than its cache handler: the count must hold
when the cache does not. Our Redis cache ignores its errors (a Redis outage would
turn the lockout off without a word) and the file cache of development has no
atomic increment; the database handler counts under a row lock, on SQLite and
PostgreSQL alike, and logins are rare enough for its few queries.
"""

import logging

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext

from infra.clients import client_ip

security_log = logging.getLogger("newsroom.security")


class LoginAttemptsHandler(AxesDatabaseHandler):
    """
    Axes' database handler with a second limit. Axes compares every lockout
    parameter with one failure limit, so "5 per username and address" and "30 per
    address" cannot both be settings: the pair is axes' own parameter
    (``AXES_LOCKOUT_PARAMETERS``), the address ceiling is counted here over the
    same records and the same cool-off, so both answer with axes' lockout.
    """

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.NEWSROOM["LOGIN_FAILURES_PER_ADDRESS"]:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def address_failures(request) -> int:
    """Failed logins from this request's address within the cool-off, all usernames."""
    total = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def cool_off_minutes(request=None) -> int:
    return int(get_cool_off(request).total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: 429, in the admin's look, with the delay."""
    minutes = cool_off_minutes(request)
    # Rendered here: the lockout replaces the response in a middleware, after the view.
    response = render(
        request,
        "admin/lockout.html",
        {
            **admin.site.each_context(request),
            "title": gettext("Trop de tentatives de connexion"),
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


# Connected in InfraConfig.ready(). Neither logs a password: Django hands the
# failure signal the credentials with the password masked, and only the username
# is read from them.
def log_login_failed(sender, credentials, request=None, **kwargs) -> None:
    security_log.warning(
        "Login failed for username %r from %s",
        str(credentials.get("username", ""))[:150],
        client_ip(request) if request is not None else "?",
    )


def log_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    security_log.warning(
        "Login locked out for username %r from %s for %d minutes",
        str(username or "")[:150],
        ip_address,
        cool_off_minutes(request),
    )


def log_logged_in(sender, request, user, **kwargs) -> None:
    security_log.info(
        "Login of %r from %s", user.get_username(), client_ip(request) if request else "?"
    )
