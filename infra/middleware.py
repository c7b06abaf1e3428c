"""What a request gets when the database does not answer."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("newsroom.database")

# What "the database is away" looks like to the code (an outage, a failover, a timeout):
# the one definition the 503 page, the comment form and the task worker use.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(request, *, template: str = "503.html", context=None):
    """A French (or English) 503 page that needs no query, with ``Retry-After``."""
    response = render(request, template, context or {}, status=503)
    response["Retry-After"] = str(settings.NEWSROOM["RETRY_AFTER_SECONDS"])
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """
    A view that finds the database down or failing over answers a 503 page saying to
    come back shortly, rather than a 500 (pages still in the page cache are served
    without the database and never get here). Last in MIDDLEWARE, so that it sees the
    view's exception first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.warning("Database unavailable for %s: %s", request.path, exception)
            return database_unavailable(request)
        return None


def server_error(request):
    """
    The site's ``handler500``: a database error raised outside a view (a middleware
    loading a staff member's session, saving one after the view) is the same outage,
    and gets the same 503 page; any other error the plain 500 page.
    """
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return defaults.server_error(request)
