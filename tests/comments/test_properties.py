"""
Property-based tests (Hypothesis) of what readers send: for any input, the comment
and report forms answer without a 500, and what is stored comes back, shown in a
page, as the same text with no markup of its own.
"""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.forms import issue_form_timestamp
from comments.models import Comment, Report
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any text, markup and tricks included (Hypothesis leaves out lone surrogates, which
# no HTTP form can carry).
MARKUP = st.sampled_from(
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;", "\u202e", "\r\n"]
)
ANY_TEXT = st.lists(st.one_of(st.text(max_size=40), MARKUP), max_size=6).map("".join)


class _Shown(HTMLParser):
    """The text a browser shows for an HTML fragment, and the elements it holds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)


def shown(template: str, value: str) -> tuple[str, list[str]]:
    parser = _Shown()
    parser.feed(Template(template).render(Context({"value": value})))
    parser.close()
    return "".join(parser.text), parser.tags


@pytest.fixture
def open_limits(settings):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "COMMENT_MIN_FILL_SECONDS": 0,
        "COMMENT_RATE_LIMIT": (10_000, 60),
        "REPORT_RATE_LIMIT": (10_000, 60),
    }


@PROPERTY_SETTINGS
@given(name=ANY_TEXT, email=st.one_of(ANY_TEXT, st.emails()), body=ANY_TEXT)
def test_the_comment_form_never_fails_and_its_text_round_trips(
    client, open_limits, name, email, body
):
    article = ArticleFactory()
    data = {"name": name, "email": email, "body": body, "ts": issue_form_timestamp()}

    response = client.post(reverse("comments:post", kwargs={"article_id": article.pk}), data)

    assert response.status_code in {302, 400}
    stored = Comment.objects.filter(article=article).first()
    assert (stored is not None) == (response.status_code == 302)
    if stored is not None:
        assert stored.body == body.strip()
        assert stored.name == name.strip()
        # Shown as the comments block shows it: the same text, no element of its own.
        text, tags = shown("{{ value|linebreaksbr }}", stored.body)
        assert text == stored.body.replace("\r\n", "\n").replace("\r", "\n")
        assert set(tags) <= {"br"}
        assert shown("{{ value }}", stored.name) == (stored.name, [])


@PROPERTY_SETTINGS
@given(
    reason=st.one_of(st.sampled_from(Report.Reason.values), ANY_TEXT),
    details=ANY_TEXT,
    notifier_name=ANY_TEXT,
    notifier_email=st.one_of(st.just(""), st.emails(), ANY_TEXT),
    good_faith=st.sampled_from(["", "on", "x"]),
)
def test_the_report_form_never_fails_and_its_text_round_trips(
    client, open_limits, reason, details, notifier_name, notifier_email, good_faith
):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    data = {
        "reason": reason,
        "details": details,
        "notifier_name": notifier_name,
        "notifier_email": notifier_email,
        "good_faith": good_faith,
    }

    response = client.post(reverse("comments:report", kwargs={"pk": comment.pk}), data)

    assert response.status_code in {302, 400}
    stored = Report.objects.filter(comment=comment).first()
    assert (stored is not None) == (response.status_code == 302)
    if stored is not None:
        assert (stored.reason, stored.details) == (reason, details.strip())
        text, tags = shown("{{ value|linebreaksbr }}", stored.details)
        assert text == stored.details.replace("\r\n", "\n").replace("\r", "\n")
        assert set(tags) <= {"br"}
