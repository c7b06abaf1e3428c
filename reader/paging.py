"""Page numbers in reader URLs (``?page=``, ``?commentaires=``): one rule for all of them."""

from django.http import Http404
from django.utils.translation import gettext as _

# The page of a list of stories (section, topic, author).
LIST_PAGE = "page"

# A page number is at most this many ASCII digits: no list of the site has a millionth
# page, and a value of any size never reaches an SQL OFFSET.
MAX_DIGITS = 6


def page_number(request, name: str) -> int:
    """
    The page number in ``?name=``, 1 when absent; anything but a positive number of
    ASCII digits ("0", "-1", "1e3", "²", "x", twenty digits) answers 404, as does a
    page past the end (which the caller knows: ``check_in_range``).
    """
    value = request.GET.get(name)
    if value is None or value == "":
        return 1
    # isdigit() alone accepts "²", which int() refuses.
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_DIGITS or int(value) < 1:
        raise Http404(_("Cette page n'existe pas."))
    return int(value)


def check_in_range(number: int, *, total: int, per_page: int) -> None:
    """404 for a page past the end (the first page exists even when the list is empty)."""
    if number > 1 and (number - 1) * per_page >= total:
        raise Http404(_("Cette page n'existe pas."))
