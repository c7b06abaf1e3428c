"""How a post is shown, the same on the reader's page and in the admin."""

from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import pgettext


def time_label(value) -> str:
    """A post's time as a French newsroom writes it: "14 h 32" (in English, "2:32 p.m.")."""
    return date_format(localtime(value), pgettext("live post time format", r"G \h i"))


def plain_text(html: str) -> str:
    return strip_tags(html).strip()


def excerpt(html: str, length: int = 80) -> str:
    return Truncator(plain_text(html)).chars(length)
