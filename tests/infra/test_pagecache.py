"""The declarations reader pages are made of: parts by name, their stamps and lifetimes."""

import time

import pytest
from django.test import RequestFactory
from django.utils import translation

from infra.pagecache import Page, Part, html_stamp, own_stamp, stamp

pytestmark = pytest.mark.django_db

ROW = Part("row", lambda request, pk, **kw: f"row:{pk}")
BODY = Part("body", lambda request, pk, **kw: f"body:{pk}:{request.page_generation}", html_stamp)
MENU = Part("menu", lambda request, **kw: "menu", own_stamp)
SIDEBAR = Part("sidebar", lambda request, **kw: "side", own_stamp, lambda v: v["expires"])


def page(**options) -> Page:
    return Page(
        "story",
        generation_key=lambda pk, **kw: f"v:story:{pk}",
        surrogate_keys=lambda pk, **kw: [f"story-{pk}"],
        parts=(ROW, BODY, MENU, SIDEBAR),
        **options,
    )


def request_at(generation):
    request = RequestFactory().get("/")
    request.page_generation = generation
    return request


def test_keys_name_each_part_under_the_page_generation():
    keys = page().keys(request_at(7), pk=3)

    assert keys == {"row": "row:3", "body": "body:3:7", "menu": "menu", "sidebar": "side"}


def test_keys_learn_the_generation_when_the_request_has_none():
    request = RequestFactory().get("/")

    first = page().keys(request, pk=3)["body"]

    assert (first, page().keys(request, pk=3)["body"]) == (
        f"body:3:{request.page_generation}",
        first,
    )


def test_keys_are_worked_out_once_per_request_and_again_when_what_they_follow_changes():
    asked = []
    counted = Part("body", lambda request, pk, **kw: asked.append(pk) or f"body:{pk}")
    story = Page("story", lambda pk, **kw: "v", lambda pk, **kw: [], parts=(counted,))
    request = request_at(7)

    story.keys(request, pk=3)
    story.keys(request, pk=3)  # the page cache asked first, the view asks again
    story.keys(request, pk=4)
    with translation.override("en"):
        story.keys(request, pk=4)
    request.page_generation = 8
    story.keys(request, pk=4)
    story.keys(request_at(8), pk=4)  # another request

    assert asked == [3, 4, 4, 4, 4]


def test_stamps_follow_the_parts_in_order_and_skip_parts_without_one():
    values = {
        "row": {"x": 1},
        "body": "<p>b</p>",
        "menu": {"stamp": "m"},
        "sidebar": {"stamp": "s"},
    }

    stamps = page(built_from_parts=True).stamps(request_at(1), values)

    assert stamps == [stamp("<p>b</p>"), "m", "s"]


@pytest.mark.parametrize(
    ("options", "values"),
    [
        # Content read from the database as the page renders: no ETag before rendering.
        ({}, {"row": {}, "body": "b", "menu": {"stamp": "m"}, "sidebar": {"stamp": "s"}}),
        # A part not at hand.
        (
            {"built_from_parts": True},
            {"row": {}, "body": None, "menu": {"stamp": "m"}, "sidebar": {"stamp": "s"}},
        ),
        # Parts that disagree with each other.
        (
            {"built_from_parts": True, "parts_agree": lambda request, values: False},
            {"row": {}, "body": "b", "menu": {"stamp": "m"}, "sidebar": {"stamp": "s"}},
        ),
    ],
    ids=["not-built-from-parts", "missing-part", "parts-disagree"],
)
def test_no_stamps_when_the_etag_cannot_be_known_before_rendering(options, values):
    assert page(**options).stamps(request_at(1), values) is None


def test_lifetime_is_bounded_by_the_part_due_first(settings, monkeypatch):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE_SECONDS": 60}
    monkeypatch.setattr(time, "time", lambda: 1_000.0)

    due = page().lifetime({"sidebar": {"expires": 1_012.0}})
    missing = page().lifetime({"sidebar": None})

    assert (due, missing) == (12, 60)
