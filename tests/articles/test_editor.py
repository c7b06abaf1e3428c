import html
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions
from playwright.sync_api import sync_playwright

from articles.body import ALLOWED_TAGS
from articles.editor import body_extensions, search_read_also
from articles.models import Article
from tests.factories import ArticleFactory, SectionFactory, UserFactory

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
NOW = datetime(2026, 3, 15, 11, 0, tzinfo=UTC)


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    client.force_login(user)
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def search_url() -> str:
    return reverse("admin:articles_article_read_also_search")


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def editor_config(page: str) -> dict:
    attribute = re.search(r'data-django-prose-editor-configurable="([^"]*)"', page).group(1)
    return json.loads(html.unescape(attribute))


def test_body_editor_produces_only_the_body_allow_list():
    # Our own extensions are not in prose-editor's registry; ReadAlso makes the aside,
    # Photo, Gallery and Embed a figure, Box a section, Quote a blockquote.
    ours = {"ReadAlso", "NoInjectedStyles", "Photo", "Gallery", "Embed", "Quote", "Box"}
    builtin = {name: config for name, config in body_extensions().items() if name not in ours}

    tags = allowlist_from_extensions(builtin)["tags"] | {"aside", "figure", "section"}

    # <b> and <i> stay allowed for old bodies; the editor writes <strong> and <em>.
    assert tags == ALLOWED_TAGS - {"b", "i"}


def test_change_form_renders_the_body_editor_with_our_extensions(admin_client):
    article = ArticleFactory()

    response = admin_client.get(change_url(article))

    page = response.content.decode()
    config = editor_config(page)
    assert list(config["extensions"]) == [
        "Document",
        "Dropcursor",
        "Gapcursor",
        "Paragraph",
        "Text",
        "Menu",
        "History",
        "Heading",
        "Bold",
        "Italic",
        "Link",
        "BulletList",
        "OrderedList",
        "ListItem",
        "Blockquote",
        "HardBreak",
        "ReadAlso",
        "Photo",
        "Gallery",
        "Embed",
        "Quote",
        "Box",
        "NoInjectedStyles",
    ]
    assert config["extensions"]["Heading"] == {"levels": [2, 3]}
    assert config["extensions"]["Link"] == {
        "enableTarget": False,
        "protocols": ["http", "https", "mailto"],
    }
    assert config["extensions"]["ReadAlso"]["searchUrl"] == search_url()
    assert config["extensions"]["ReadAlso"]["labels"]["button"] == "Lire aussi"
    assert config["js_modules"] == [
        "/static/js/admin/body-editor.js",
        "/static/js/admin/body-blocks.js",
    ]
    assert re.findall(r'<script src="([^"]+)" nonce="[^"]+" type="module">', page) == [
        "/static/django_prose_editor/editor.js",
        "/static/django_prose_editor/configurable.js",
    ]
    assert re.findall(r'<link href="([^"]+)" media="all" nonce="[^"]+"', page) == [
        "/static/django_prose_editor/material-icons.css",
        "/static/django_prose_editor/editor.css",
        "/static/django_prose_editor/overrides.css",
        "/static/css/admin-editor.css",
    ]


def test_read_also_search_returns_published_matches_newest_first(admin_client, frozen):
    economy = SectionFactory(name="Économie", slug="economie")
    older = ArticleFactory(
        title="La BCE relève ses taux", section=economy, published_at=NOW - timedelta(days=5)
    )
    newer = ArticleFactory(
        title="Taux : la BCE attend", section=None, published_at=NOW - timedelta(days=2)
    )
    ArticleFactory(title="La BCE, brouillon", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(title="La BCE, programmé", published_at=NOW + timedelta(hours=2))
    ArticleFactory(title="La météo du week-end", published_at=NOW - timedelta(days=1))

    response = admin_client.get(search_url(), {"q": "bce TAUX"})

    assert response.json() == {
        "results": [
            {
                "id": newer.pk,
                "title": "Taux : la BCE attend",
                "section": "",
                "date": "13 mars 2026",
            },
            {
                "id": older.pk,
                "title": "La BCE relève ses taux",
                "section": "Économie",
                "date": "10 mars 2026",
            },
        ]
    }


def test_read_also_search_resolves_ids_of_published_articles_only(admin_client):
    published = ArticleFactory(title="Publié")
    draft = ArticleFactory(title="Brouillon", status=Article.Status.DRAFT, published_at=None)

    response = admin_client.get(search_url(), {"id": [str(published.pk), str(draft.pk), "abc"]})

    assert [result["id"] for result in response.json()["results"]] == [published.pk]


def test_read_also_search_gives_the_20_newest_in_one_query(db, frozen, django_assert_num_queries):
    articles = [ArticleFactory(published_at=NOW - timedelta(hours=hours)) for hours in range(1, 26)]

    with django_assert_num_queries(1):
        results = search_read_also(query="")

    assert [result["id"] for result in results] == [article.pk for article in articles[:20]]


def test_read_also_search_is_open_to_journalists(client, db):
    journalist = UserFactory(username="lea", is_staff=True)
    journalist.groups.add(Group.objects.get(name="Rédacteurs"))
    someone_elses = ArticleFactory(title="Article d'un collègue")
    client.force_login(journalist)

    response = client.get(search_url(), {"q": "collègue"})

    assert [result["id"] for result in response.json()["results"]] == [someone_elses.pk]


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "reader"])
def test_read_also_search_sends_non_staff_to_the_login_page(client, db, logged_in):
    if logged_in:
        client.force_login(UserFactory(username="lecteur", is_staff=False))

    response = client.get(search_url())

    assert (response.status_code, response["Location"]) == (
        302,
        f"{reverse('admin:login')}?next={search_url()}",
    )


def test_read_also_search_refuses_staff_without_article_permission(client, db):
    client.force_login(UserFactory(username="stagiaire", is_staff=True))

    response = client.get(search_url(), {"q": "bce"})

    assert response.status_code == 403


def test_saving_the_change_form_keeps_the_marker_and_cleans_the_rest(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    body = (
        '<p onclick="steal()">Texte <script>alert(1)</script>'
        '<span style="color:red">rouge</span> <a href="javascript:alert(1)">piège</a> '
        '<a href="https://example.org/" target="_blank">lien</a></p>'
        '<aside data-read-also="7" data-title="Un titre"></aside>'
        '<aside class="x">aparté</aside><h1>Titre</h1>'
        '<ol start="3" type="a" data-type="lower-alpha"><li>un</li></ol>'
    )

    response = admin_client.post(
        change_url(article),
        {
            "title": article.title,
            "slug": article.slug,
            "section": article.section_id,
            "lead": article.lead,
            "body": body,
            "comment_mode": article.comment_mode,
            "kind": article.kind,
            "opened_version": article.version,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": 0,
            "workflow-TOTAL_FORMS": 0,
            "workflow-INITIAL_FORMS": 0,
        },
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("admin:articles_article_changelist"),
    )
    article.refresh_from_db()
    assert article.body == (
        '<p>Texte rouge <a rel="noopener noreferrer">piège</a> '
        '<a href="https://example.org/" rel="noopener noreferrer">lien</a></p>'
        '<aside data-read-also="7"></aside>apartéTitre<ol><li>un</li></ol>'
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
)
def test_editor_inserts_a_read_also_at_the_cursor_in_a_browser(live_server, monkeypatch):
    # Playwright's sync API runs an event loop in this thread while the browser is
    # open; the test's own database calls are still synchronous, hence safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    get_user_model().objects.create_superuser("chef", "chef@example.org", "pw-secret-123")
    target = ArticleFactory(title="La BCE relève ses taux directeurs")
    ArticleFactory(title="Un autre sujet")
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Premier paragraphe.</p><p>Deuxième paragraphe.</p>",
    )
    errors = []

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda message: message.type == "error" and errors.append(message.text),
            )
            page.on("pageerror", lambda error: errors.append(str(error)))
            # The admin's pages link no favicon, so the browser asks for one.
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            page.goto(live_server.url + reverse("admin:login"))
            page.fill("#id_username", "chef")
            page.fill("#id_password", "pw-secret-123")
            page.click("input[type=submit]")
            page.goto(live_server.url + change_url(article))

            toolbar = page.locator(".prose-menubar")
            toolbar.wait_for()
            assert toolbar.locator("[data-name=readAlso]").inner_text() == "Lire aussi"
            # The cursor at the end of the first paragraph.
            page.locator(".ProseMirror p", has_text="Premier paragraphe.").click()
            page.keyboard.press("End")
            toolbar.locator("[data-name=readAlso]").click()
            page.locator(".read-also-picker__query").fill("BCE")
            option = page.locator(".read-also-picker__option", has_text=target.title)
            option.click()
            block = page.locator(".ProseMirror .read-also-block")
            assert block.locator(".read-also-block__title").inner_text() == target.title
            page.click("input[name=_save]")
            page.wait_for_url(f"{live_server.url}{reverse('admin:articles_article_changelist')}")
        finally:
            browser.close()

    assert errors == []
    article.refresh_from_db()
    assert article.body == (
        f'<p>Premier paragraphe.</p><aside data-read-also="{target.pk}"></aside>'
        "<p>Deuxième paragraphe.</p>"
    )
