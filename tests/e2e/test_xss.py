"""
The XSS corpus (``xss_payloads.py``) in every field a reader writes — a comment's name
and text, a report's details and notifier name — on every page that shows them, in
Chromium: the article page (from the database and from the page cache), the comment
and report forms shown again with errors, the "Signaler" page, and the moderators'
admin (the queue, its search and its action messages, each comment's and each
report's page, the reports list, the dashboard's recent actions).

Every test runs twice: with the site's CSP, where a payload that got into the markup
shows as a violation, and with the CSP bypassed, where it would run and leave its
marker. On every page: no marker, no violation, no event-handler attribute or script
URL anywhere, no element inside the reader's text, and the text shown is exactly what
was written. Each test ends by injecting a script itself, to prove that the listener
and the markers see one (after the console is checked: Chromium logs that refusal too).

Feeds and mails are not pages of the browser: the feeds carry no reader text, and the
mails are plain text that quotes none (docs/security.md).
"""

import json
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse
from django.utils.text import Truncator

from comments import services
from comments.models import Comment, Report
from tests.e2e.support import (
    CSP_LISTENER,
    admin_login,
    csp_violations,
    url,
    wait_for_comment_form,
)
from tests.e2e.xss_payloads import PAYLOADS, STORED

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# ``xss(id)`` records that a payload ran, in the top page even from a frame.
XSS_MARKER = """
window.__xss = [];
window.xss = (id) => {
    let sink = window;
    try {
        sink = window.top.__xss ? window.top : window;
    } catch (error) {
        // A frame of another origin keeps its own list.
    }
    sink.__xss.push(String(id));
};
"""

# Everything a visit checks, in one call: the markers and violations so far, every
# attribute that runs script (event handlers, srcdoc) or points at it (javascript:,
# vbscript:, data: outside an image) anywhere in the document, and for each selector
# the text of its elements and the elements inside them other than line breaks.
INSPECT = """(selectors) => {
    const urls = new Set([
        "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster",
    ]);
    const attributes = [];
    for (const element of document.querySelectorAll("*")) {
        for (const attribute of element.attributes) {
            const value = attribute.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
            const scriptUrl = /^(javascript|vbscript):/.test(value)
                || (value.startsWith("data:") && element.localName !== "img");
            if (attribute.name.startsWith("on") || attribute.name === "srcdoc"
                    || (urls.has(attribute.name) && scriptUrl)) {
                attributes.push(`<${element.localName} ${attribute.name}="${attribute.value}">`);
            }
        }
    }
    const shown = {};
    for (const [key, selector] of Object.entries(selectors)) {
        shown[key] = [...document.querySelectorAll(selector)].map((element) => ({
            text: element.textContent,
            markup: [...element.querySelectorAll("*")]
                .map((child) => child.localName)
                .filter((name) => name !== "br"),
        }));
    }
    return {markers: window.__xss, violations: window.__cspViolations, attributes, shown};
}"""

# A script the test adds on purpose: the CSP refuses it, or (bypassed) it runs.
PROBE = """() => {
    const script = document.createElement("script");
    script.textContent = "xss('sonde')";
    document.body.append(script);
}"""


def payload(start: str):
    """The corpus's payload that starts with ``start``."""
    (found,) = [p for p in PAYLOADS if p.text.startswith(start)]
    return found


NUL = payload("<scr\x00ipt>")
BIDI = payload("\u202e")
ATTRIBUTE_BREAKOUT = payload('"><script>')
TEXTAREA_BREAKOUT = payload("</textarea>")
TITLE_BREAKOUT = payload("</title>")
JSON_LD_BREAKOUT = payload("</script><script>")

NULL_MESSAGE = "Le caractère nul n’est pas autorisé."
INVISIBLE_MESSAGE = (
    "Le nom contient des caractères invisibles ou de contrôle (inversion du sens du texte, "
    "espace sans largeur…) : retirez-les."
)


@dataclass
class Watched:
    """A page whose every visit is checked for markers, violations and injected markup."""

    page: object
    csp: bool
    found: list[str] = field(default_factory=list)

    def visit(self, address: str, **selectors: str) -> dict[str, list[str]]:
        self.page.goto(address)
        return self.check(**selectors)

    def check(self, **selectors: str) -> dict[str, list[str]]:
        """
        Record what the page ran or let in, and return the text of the elements of
        each selector (any element inside one is a finding too).
        """
        where = urlsplit(self.page.url)._replace(scheme="", netloc="").geturl()
        seen = self.page.evaluate(INSPECT, selectors)
        self.found += [f"{where}: marker {marker}" for marker in seen["markers"]]
        self.found += [f"{where}: CSP violation {violation}" for violation in seen["violations"]]
        self.found += [f"{where}: {attribute}" for attribute in seen["attributes"]]
        self.found += [
            f"{where}: <{tag}> inside {selectors[key]}"
            for key, items in seen["shown"].items()
            for item in items
            for tag in item["markup"]
        ]
        return {key: [item["text"] for item in items] for key, items in seen["shown"].items()}

    def prove_listener(self) -> None:
        """A script added on purpose is refused (one violation) or, bypassed, runs (its marker)."""
        self.page.evaluate(PROBE)
        if self.csp:
            self.page.wait_for_function("() => window.__cspViolations.length > 0")
            assert csp_violations(self.page) == ["script-src-elem inline"]
            assert self.page.evaluate("() => window.__xss") == []
        else:
            assert self.page.evaluate("() => window.__xss") == ["sonde"]
            assert csp_violations(self.page) == []


@pytest.fixture(params=["csp", "csp-bypassed"])
def watched(request, new_page):
    """A fresh browser context, with the site's CSP or with it bypassed, and the watchers."""
    csp = request.param == "csp"
    page = new_page(bypass_csp=not csp)
    page.add_init_script(CSP_LISTENER + XSS_MARKER)
    return Watched(page=page, csp=csp)


@pytest.fixture
def corpus(newsroom, staff_user):
    """
    Each storable payload as a comment's name (as much as fits) and text, posted and
    accepted through the services, and as the details and notifier name of a DSA
    notice on it from another reader.
    """
    article, moderator = newsroom.article, staff_user("modo", "Modérateurs")
    comments = []
    for number, item in enumerate(STORED, start=1):
        comment = services.post_comment(
            article=article,
            name=item.text[: Comment._meta.get_field("name").max_length],
            email=f"lecteur{number}@example.org",
            body=item.text,
            ip_address=f"192.0.2.{number}",
        ).comment
        services.accept_comment(comment=comment, by=moderator)
        services.report_comment(
            comment=comment,
            reason=Report.Reason.ILLEGAL,
            details=item.text,
            ip_address=f"203.0.113.{number}",
            notifier_name=item.text[: Report._meta.get_field("notifier_name").max_length],
            good_faith=True,
        )
        comments.append(comment)
    return SimpleNamespace(article=article, moderator=moderator, comments=comments)


def submit(page, button: str, status: int) -> None:
    """Send the form and wait for the page it answers with."""
    with page.expect_navigation() as answer:
        page.get_by_role("button", name=button).click()
    assert answer.value.status == status


def test_the_comment_form_and_the_article_page_show_the_corpus_as_text(
    live_server, watched, shoot, corpus
):
    page, article = watched.page, corpus.article
    article_url = url(live_server, "articles:detail", slug=article.slug, pk=article.pk)
    page.problems.expect_status("POST", reverse("comments:post", args=[article.pk]), 400)

    def shows_every_published_comment() -> None:
        published = list(Comment.objects.published().filter(article=article))
        shown = watched.check(names=".comment__author", bodies=".comment__body")
        # At once: markup let in here would break the page's own form as well.
        assert watched.found == []
        assert {key: sorted(texts) for key, texts in shown.items()} == {
            "names": sorted(c.name for c in published),
            "bodies": sorted(c.body for c in published),
        }

    assert page.goto(article_url).headers["x-page-cache"] == "miss"
    shows_every_published_comment()
    fields = {name: page.locator(f"#id_{name}") for name in ("name", "email", "body")}

    # Refused characters: each field says why and keeps what was typed.
    wait_for_comment_form(page)
    fields["name"].fill(BIDI.text)
    fields["email"].fill("lucie@example.org")
    fields["body"].fill(NUL.text)
    submit(page, "Publier mon commentaire", 400)
    watched.check()
    assert page.locator("#comment-form .invalid-feedback").all_inner_texts() == [
        INVISIBLE_MESSAGE,
        NULL_MESSAGE,
    ]
    assert fields["name"].input_value() == BIDI.text

    # Breaking out of the input and the textarea the form is shown again in.
    wait_for_comment_form(page)
    fields["name"].fill(ATTRIBUTE_BREAKOUT.text)
    fields["email"].fill("lucie-chez-example")
    fields["body"].fill(TEXTAREA_BREAKOUT.text)
    submit(page, "Publier mon commentaire", 400)
    watched.check()
    assert {name: locator.input_value() for name, locator in fields.items()} == {
        "name": ATTRIBUTE_BREAKOUT.text,
        "email": "lucie-chez-example",
        "body": TEXTAREA_BREAKOUT.text,
    }

    wait_for_comment_form(page)
    fields["email"].fill("lucie@example.org")
    page.get_by_role("button", name="Publier mon commentaire").click()
    page.wait_for_url("**?commentaire=recu#commentaires")
    watched.check()
    posted = Comment.objects.get(email="lucie@example.org")
    assert (posted.name, posted.body, posted.status) == (
        ATTRIBUTE_BREAKOUT.text,
        TEXTAREA_BREAKOUT.text,
        Comment.Status.PENDING,
    )
    services.accept_comment(comment=posted, by=corpus.moderator)

    # With the posted one, from the database, then from the page cache.
    assert Comment.objects.published().filter(article=article).count() == len(STORED) + 3
    for served in ("miss", "hit"):
        assert page.goto(article_url).headers["x-page-cache"] == served
        shows_every_published_comment()
    if watched.csp:
        shoot(page, "30-xss-article")
    assert watched.found == []
    page.problems.assert_clean()
    watched.prove_listener()


def test_the_report_form_and_pages_show_the_corpus_as_text(live_server, watched, corpus):
    page = watched.page
    for comment in corpus.comments:
        shown = watched.visit(
            url(live_server, "comments:report", pk=comment.pk),
            name=".reported-comment strong",
            body=".reported-comment > div",
        )
        assert shown == {"name": [comment.name], "body": [comment.body]}

    # The last page's form, sent by a reader: refused characters, then a missing
    # declaration, each shown again with what was typed; then the notice is received.
    reported = corpus.comments[-1]
    page.problems.expect_status("POST", reverse("comments:report", args=[reported.pk]), 400)
    fields = {name: page.locator(f"#id_{name}") for name in ("details", "notifier_name")}
    good_faith = page.get_by_label("Je déclare de bonne foi")
    page.get_by_label("Contenu illicite").check()
    page.get_by_label("Catégorie d'illicéité").select_option("violence")
    fields["details"].fill(NUL.text)
    fields["notifier_name"].fill(BIDI.text)
    good_faith.check()
    submit(page, "Envoyer le signalement", 400)
    watched.check()
    assert page.locator("#report-form .invalid-feedback").all_inner_texts() == [
        # Refused, the details count as missing, which a notice of illegal content needs.
        f"{NULL_MESSAGE} Expliquez pourquoi ce contenu est illicite.",
        INVISIBLE_MESSAGE,
    ]
    assert fields["notifier_name"].input_value() == BIDI.text

    fields["details"].fill(TEXTAREA_BREAKOUT.text)
    fields["notifier_name"].fill(ATTRIBUTE_BREAKOUT.text)
    good_faith.uncheck()
    submit(page, "Envoyer le signalement", 400)
    watched.check()
    assert {name: locator.input_value() for name, locator in fields.items()} == {
        "details": TEXTAREA_BREAKOUT.text,
        "notifier_name": ATTRIBUTE_BREAKOUT.text,
    }

    good_faith.check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.wait_for_url(f"**{reverse('comments:report_done', args=[reported.pk])}?ref=SIG-*")
    reference = watched.check(reference=".form-page strong")["reference"]
    notice = Report.objects.get(reference__in=reference)
    assert (notice.details, notice.notifier_name) == (
        TEXTAREA_BREAKOUT.text,
        ATTRIBUTE_BREAKOUT.text,
    )
    assert watched.found == []
    page.problems.assert_clean()
    watched.prove_listener()


def test_the_moderation_queue_and_comment_pages_show_the_corpus_as_text(
    live_server, watched, shoot, corpus
):
    page, comments = watched.page, corpus.comments
    admin_login(page, live_server, corpus.moderator)
    queue_url = url(live_server, "admin:comments_comment_changelist")

    # The whole queue on one page ("Tout afficher"), every comment in it.
    shown = watched.visit(
        f"{queue_url}?all=",
        names="#result_list td.field-name",
        excerpts="#result_list th.field-excerpt a",
    )
    assert {key: sorted(texts) for key, texts in shown.items()} == {
        "names": sorted(c.name for c in comments),
        "excerpts": sorted(Truncator(c.body).chars(120) for c in comments),
    }
    if watched.csp:
        shoot(page, "31-xss-moderation")

    # The action's messages quote each comment.
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option(
        label="Rouvrir pour un nouvel examen (motif dans la note)"
    )
    page.locator("input[name=note]").fill(JSON_LD_BREAKOUT.text)
    submit(page, "Exécuter", 200)
    assert sorted(watched.check(messages=".messagelist li")["messages"]) == sorted(
        f"« {Truncator(c.body).chars(60)} » : Seul un commentaire refusé peut être rouvert."
        for c in comments
    )

    # The search box gives back what was searched.
    watched.visit(f"{queue_url}?{urlencode({'q': TITLE_BREAKOUT.text})}")
    assert page.locator("#searchbar").input_value() == TITLE_BREAKOUT.text

    for comment in comments:
        shown = watched.visit(
            url(live_server, "admin:comments_comment_change", comment.pk),
            title="#content .titles h2",
            name=".field-name .readonly",
            body=".field-body .readonly",
            details="td.field-details p",
        )
        assert shown == {
            "title": [str(comment)],
            "name": [comment.name],
            "body": [comment.body],
            "details": [comment.body],  # the notice's details
        }

    # Saving the last one: the success message names it, and so does its history.
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url(queue_url)
    assert watched.check(saved=".messagelist li a") == {"saved": [str(comments[-1])]}
    shown = watched.visit(
        url(live_server, "admin:comments_comment_history", comments[-1].pk),
        title="#content .titles h1",
    )
    assert shown == {"title": [f"Historique des changements\u00a0: {comments[-1]}"]}
    assert watched.found == []
    page.problems.assert_clean()
    watched.prove_listener()


def test_the_reports_admin_and_the_dashboard_show_the_corpus_as_text(live_server, watched, corpus):
    page, comments = watched.page, corpus.comments
    admin_login(page, live_server, corpus.moderator)
    reports = list(Report.objects.select_related("comment").order_by("pk"))
    assert [report.comment for report in reports] == comments

    shown = watched.visit(
        url(live_server, "admin:comments_report_changelist"),
        comments="#result_list td.field-comment_link a",
    )
    assert sorted(shown["comments"]) == sorted(Truncator(c.body).chars(60) for c in comments)

    for report in reports:
        shown = watched.visit(
            url(live_server, "admin:comments_report_change", report.pk),
            details=".field-details .readonly",
            notifier_name=".field-notifier_name .readonly",
            comment=".field-comment .readonly a",
            snapshot=".field-snapshot .readonly",
        )
        assert shown == {
            "details": [report.details],
            "notifier_name": [report.notifier_name],
            "comment": [str(report.comment)],
            "snapshot": [json.dumps(report.snapshot, ensure_ascii=False)],
        }

    # The dashboard's recent actions name the last ten comments a moderator saved:
    # ten at a time, the last ten for the rest.
    dashboard = url(live_server, "admin:index")
    for start in range(0, len(comments), 10):
        batch = comments[start : start + 10] if start + 10 <= len(comments) else comments[-10:]
        LogEntry.objects.log_actions(
            user_id=corpus.moderator.pk,
            queryset=Comment.objects.filter(pk__in=[c.pk for c in batch]),
            action_flag=CHANGE,
        )
        shown = watched.visit(dashboard, recent="#recent-actions-module li a")
        assert sorted(shown["recent"]) == sorted(str(c) for c in batch)
    assert watched.found == []
    page.problems.assert_clean()
    watched.prove_listener()
