from django.shortcuts import render
from django.views.decorators.http import require_safe

from infra.pagecache import reader_page
from reader import pages
from reader import search as searching


@require_safe
@reader_page(pages.SEARCH)
def search(request):
    """
    /recherche/?q=…: a plain GET form (no JavaScript needed), stored in the page
    cache by its query string like any reader page; search engines do not index it.
    """
    number = searching.page_number(request)
    form = searching.SearchForm(request.GET)
    found = searching.results(form, number) if form.is_valid() else {}
    return render(
        request,
        searching.TEMPLATE,
        {"form": form, "found": found, "q": request.GET.get("q", "")},
    )
