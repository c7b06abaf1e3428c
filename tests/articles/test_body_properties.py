"""
Property-based tests (Hypothesis) of the body sanitizer: for any input, it returns
HTML holding only the allowed elements, attributes and link schemes, and cleaning
its own output changes nothing.
"""

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.body import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitize_body

# What nh3 keeps or adds besides our allow-list: links' rel, and its inert generic
# attributes (title and lang, plain text to a browser).
NH3_ADDED = {"rel", "title", "lang"}
TAGS = sorted(ALLOWED_TAGS | {"script", "img", "svg", "iframe", "style", "div", "object"})
ATTRIBUTES = [
    "href",
    "title",
    "lang",
    "onclick",
    "onerror",
    "style",
    "src",
    "data-read-also",
    "class",
    "data-photo",
    "data-width",
    "data-alt",
    "data-caption",
    "data-gallery",
    "data-embed",
    "data-quote",
    "data-box",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java&#115;cript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "https://example.org/",
            "mailto:a@example.org",
            "/relative",
            "42",
            "1,2,3",
            "wide",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ]
    ),
    st.text(max_size=20),
)


@st.composite
def element(draw) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = draw(st.lists(st.tuples(st.sampled_from(ATTRIBUTES), VALUES), max_size=3))
    inner = draw(st.text(max_size=30))
    attrs = "".join(f' {name}="{value}"' for name, value in attributes)
    closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}"]))
    return f"<{tag}{attrs}>{inner}{closing}"


BODIES = st.lists(st.one_of(element(), st.text(max_size=30)), max_size=8).map("".join)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.found


@settings(max_examples=300, deadline=None)
@given(BODIES)
def test_the_sanitized_body_holds_only_allowed_markup(html):
    cleaned = sanitize_body(html)

    for tag, attrs in elements(cleaned):
        assert tag in ALLOWED_TAGS
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | NH3_ADDED
            if name == "href" and value and ":" in value.split("/")[0]:
                assert value.split(":")[0].strip().lower() in ALLOWED_URL_SCHEMES


@settings(max_examples=300, deadline=None)
@given(BODIES)
def test_sanitizing_is_idempotent(html):
    once = sanitize_body(html)

    assert sanitize_body(once) == once
