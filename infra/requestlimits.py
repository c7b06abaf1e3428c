"""
Bounds on what a request may send, checked before anything reads it.

**Query strings.** More than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters answer 400 at
once: Django would raise on the first read of ``request.GET`` and again on every
later one, the error page's own (the development error page lists the parameters).

**Bodies** of anonymous POST endpoints (a comment, a report, the read beacon).
A view says how large a body it takes with ``@body_limit(max_bytes)``; the
middleware, placed before CsrfViewMiddleware (the first to read ``request.POST``),
answers 413 past that size, by the declared Content-Length, before anything reads
the body (a body without one is read as empty by Django). Multipart bodies are
capped alike: within a limit of some kilobytes, Django's multipart parser keeps an
attached file in memory (FILE_UPLOAD_MAX_MEMORY_SIZE is 5 MB) and drops it with the
request, so nothing reaches the disk.
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def body_limit(max_bytes: int):
    """Mark a view as taking bodies of at most ``max_bytes``, multipart ones included."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapper.body_limit = max_bytes
        return wrapper

    return decorator


def _refusal(message: str, status: int) -> HttpResponse:
    response = HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")
    # The body is left unread: the WSGI server closes the connection after this answer.
    response["Cache-Control"] = "no-store"
    return response


def _too_many_parameters(query: str) -> bool:
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    # Counted as Django's parser counts them: "&"-separated fields, empty ones included.
    return limit is not None and query.count("&") >= limit


class RequestLimitsMiddleware:
    """The query string's and the bodies' bounds (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _too_many_parameters(request.META.get("QUERY_STRING", "")):
            # Django's own 400 page (templates/400.html), which reads nothing of the request.
            return bad_request(request, TooManyFieldsSent("Too many query parameters."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "body_limit", None)
        if limit is None or request.method in SAFE_METHODS:
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = limit + 1
        if length > limit:
            return _refusal(_("La requête est trop volumineuse."), 413)
        return None
