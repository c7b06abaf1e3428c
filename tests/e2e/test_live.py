"""Live coverage in the browser: journalists post from the fast screen, readers watch."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles.models import Article
from live import services
from tests.e2e.support import admin_login, url
from tests.factories import ArticleFactory, ImageFactory, LivePostFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_polling(settings):
    # Readers ask every second here (15 s on the site): the test waits for conditions.
    settings.NEWSROOM = {**settings.NEWSROOM, "LIVE_POLL_SECONDS": 1}


@pytest.fixture
def journalist(staff_user):
    """A journalist with the live room's permissions, as its data migration gives them."""
    codenames = import_module("live.migrations.0002_newsroom_roles").CODENAMES

    def make(username: str):
        user = staff_user(username, "Rédacteurs")
        Group.objects.get(name="Rédacteurs").permissions.add(
            *Permission.objects.filter(
                content_type__app_label="live", codename__in=codenames["Rédacteurs"]
            )
        )
        return user

    return make


@pytest.fixture
def live_page():
    page = ArticleFactory(
        title="Élections municipales : la soirée électorale en direct",
        lead="Suivez les résultats commune par commune.",
        kind=Article.Kind.LIVE,
        main_image=ImageFactory(alt_text="Une urne transparente", credit="Jeanne Martin"),
        published_at=timezone.now() - timedelta(hours=2),
    )
    LivePostFactory(
        article=page,
        author_name="La rédaction",
        text="<p>Les bureaux de vote ont ouvert à 8 heures.</p>",
        created_at=timezone.now() - timedelta(hours=1),
    )
    return page


def stream_texts(page) -> list[str]:
    return page.locator(".live__posts--stream .live-post__text").all_inner_texts()


def test_two_journalists_post_while_a_reader_watches(
    live_server, new_page, shoot, axe, journalist, live_page
):
    reader = new_page(reader_ip="198.51.100.7")
    reader.goto(live_server.url + live_page.get_absolute_url())
    assert stream_texts(reader) == ["Les bureaux de vote ont ouvert à 8 heures."]
    assert axe(reader) == []
    # Set on this document: still there at the end, so the page never reloaded.
    reader.evaluate("() => { window.__sameDocument = true; }")

    screens = []
    for username in ("lea", "hugo"):
        screen = new_page()
        admin_login(screen, live_server, journalist(username))
        screen.goto(url(live_server, "admin:live_livepost_screen", live_page.pk))
        screen.get_by_text("Les bureaux de vote ont ouvert à 8 heures.").wait_for()
        screens.append(screen)
    lea, hugo = screens
    assert axe(lea) == []
    shoot(lea, "40-live-screen")

    lea.get_by_label("Message", exact=True).fill("Participation à 17 heures : 52 %.")
    lea.get_by_role("button", name="Publier").click()
    lea.get_by_role("status").filter(has_text="Message publié.").wait_for()
    assert lea.get_by_label("Message", exact=True).input_value() == ""
    hugo.get_by_label("Message", exact=True).fill("Le maire sortant reconnaît sa défaite.")
    hugo.get_by_label("Important").check()
    hugo.get_by_role("button", name="Publier").click()

    # Each journalist's list follows the other's posts, without reloading.
    lea.locator(".live-screen__post", has_text="Le maire sortant reconnaît sa défaite.").wait_for()
    hugo.locator(".live-screen__post", has_text="Participation à 17 heures").wait_for()
    # The reader sees both arrive, newest first, without reloading.
    reader.locator(".live-post", has_text="Le maire sortant reconnaît sa défaite.").wait_for()
    assert stream_texts(reader) == [
        "Le maire sortant reconnaît sa défaite.",
        "Participation à 17 heures : 52 %.",
        "Les bureaux de vote ont ouvert à 8 heures.",
    ]
    newest = reader.locator(".live__posts--stream .live-post").first
    assert newest.locator(".live-post__flag").inner_text() == "IMPORTANT"
    assert newest.locator(".live-post__author").inner_text() == "hugo"
    assert reader.evaluate("() => window.__sameDocument") is True
    assert axe(reader) == []
    shoot(reader, "41-live-page")
    for page in (reader, lea, hugo):
        page.problems.assert_clean()


def test_a_reader_further_down_gets_a_button_instead_of_a_jump(
    live_server, page, journalist, live_page
):
    for minute in range(30):
        LivePostFactory(
            article=live_page,
            text=f"<p>Résultats du bureau {minute}.</p>" + "<p>Détail des voix.</p>" * 4,
            created_at=timezone.now() - timedelta(minutes=50 - minute),
        )
    lea = journalist("lea")
    page.goto(live_server.url + live_page.get_absolute_url())
    reading = page.get_by_text("Résultats du bureau 5.", exact=True)
    reading.scroll_into_view_if_needed()
    top_before = reading.bounding_box()["y"]

    services.create_post(article=live_page, by=lea, text="Premiers résultats nationaux.")
    button = page.get_by_role("button", name="1 nouveau message")
    button.wait_for()

    assert page.get_by_text("Premiers résultats nationaux.").count() == 0
    assert reading.bounding_box()["y"] == top_before  # what the reader reads did not move
    button.click()
    page.get_by_text("Premiers résultats nationaux.").wait_for()
    assert stream_texts(page)[0] == "Premiers résultats nationaux."
    assert button.is_hidden()
    page.problems.assert_clean()


def test_a_permalink_shows_its_post(live_server, page, live_page):
    posts = [
        LivePostFactory(
            article=live_page,
            text=f"<p>Message {n}.</p>" + "<p>Suite.</p>" * 5,
            created_at=timezone.now() - timedelta(minutes=40 - n),
        )
        for n in range(20)
    ]
    target = posts[3]

    page.goto(f"{live_server.url}{live_page.get_absolute_url()}#message-{target.pk}")

    post = page.locator(f"#message-{target.pk}")
    assert post.evaluate("(element) => element.matches(':target')") is True
    box, viewport = post.bounding_box(), page.viewport_size
    assert 0 <= box["y"] < viewport["height"]
    page.problems.assert_clean()
