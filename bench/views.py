"""
Endpoints that exist only under BENCH_ENDPOINTS=true, for `make bench`: a bare
Django view (the baseline every figure is compared with) and a middleware that
reports the number of SQL queries of each response in ``X-SQL-Count``.
"""

from django.db import connections
from django.http import HttpResponse
from django.template import engines

BARE_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="fr"><head><title>{{ title }}</title></head>'
    "<body><h1>{{ title }}</h1><p>{{ text }}</p></body></html>"
)


def bare_view(request):
    """A small template rendered through the full middleware stack, and nothing else."""
    return HttpResponse(BARE_TEMPLATE.render({"title": "Bench", "text": "Bonjour."}, request))


class SQLCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-SQL-Count"] = str(count)
        return response
