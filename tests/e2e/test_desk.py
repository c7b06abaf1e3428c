"""
The desk in the browser: arranging the front page by mouse and by keyboard (the home
page follows), axe on the arrange screen, and the "Alerte" banner on a cached page.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from desk import services
from desk.services import SlotChoice
from tests.e2e.support import admin_login, url
from tests.factories import ArticleFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def front(staff_user):
    """Three stories on the front page: one leads, two sit beside it."""
    section = SectionFactory(name="Économie", slug="economie")
    editor = staff_user("redaction-chef", "Éditeurs")
    stories = {
        title: ArticleFactory(section=section, title=title)
        for title in ("Le budget adopté", "La grève des cheminots", "Les marchés en hausse")
    }
    services.arrange_page(
        by=editor,
        slots=[
            SlotChoice(zone="lead", article=stories["Le budget adopté"]),
            SlotChoice(zone="secondary", article=stories["La grève des cheminots"]),
            SlotChoice(zone="secondary", article=stories["Les marchés en hausse"]),
        ],
    )
    return editor


def secondary_list(page):
    return page.locator("[data-reorder][data-zone=secondary] [data-item-title]")


def home_secondary(page, live_server) -> list[str]:
    page.goto(url(live_server, "articles:home"))
    return page.locator(".une-secondary .card__title").all_inner_texts()


def save(page, live_server):
    page.get_by_role("button", name="Mettre en ligne / programmer").click()
    page.locator(".messagelist").wait_for()
    assert page.locator(".messagelist").inner_text() == "La nouvelle composition est en ligne."


def test_the_desk_reorders_the_front_page_by_mouse_and_the_home_page_follows(
    live_server, page, front, axe, shoot
):
    assert home_secondary(page, live_server) == ["La grève des cheminots", "Les marchés en hausse"]
    admin_login(page, live_server, front)
    page.goto(url(live_server, "admin:desk_arrangement_arrange"))
    assert axe(page) == []
    shoot(page, "30-desk-arrange")

    markets = page.locator(".desk-item", has_text="Les marchés en hausse").locator(
        ".desk-item__head"
    )
    strike = page.locator(".desk-item", has_text="La grève des cheminots").locator(
        ".desk-item__head"
    )
    markets.drag_to(strike, target_position={"x": 40, "y": 3})

    assert secondary_list(page).all_inner_texts() == [
        "Les marchés en hausse",
        "La grève des cheminots",
    ]
    # The announcement is written a moment after the move (see desk-arrange.js).
    expect(page.locator("#desk-announcer")).to_have_text(
        "« Les marchés en hausse » : position 1 sur 2, Secondaires."
    )
    save(page, live_server)
    assert home_secondary(page, live_server) == ["Les marchés en hausse", "La grève des cheminots"]
    page.problems.assert_clean()


def test_the_desk_reorders_the_front_page_by_keyboard_and_the_home_page_follows(
    live_server, page, front
):
    admin_login(page, live_server, front)
    page.goto(url(live_server, "admin:desk_arrangement_arrange"))

    down = page.get_by_role("button", name="Descendre : La grève des cheminots")
    down.focus()
    page.keyboard.press("Enter")

    assert secondary_list(page).all_inner_texts() == [
        "Les marchés en hausse",
        "La grève des cheminots",
    ]
    announcer = page.locator("#desk-announcer")
    page.wait_for_function("() => document.getElementById('desk-announcer').textContent.length > 0")
    assert announcer.inner_text() == "« La grève des cheminots » : position 2 sur 2, Secondaires."
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Descendre : La grève des cheminots"
    )
    # Alt+Arrow on the moved story's button takes it back up, then the desk saves.
    page.keyboard.press("Alt+ArrowUp")
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_function(
        "() => document.getElementById('desk-announcer').textContent.includes('déjà en tête')"
    )
    assert secondary_list(page).all_inner_texts() == [
        "La grève des cheminots",
        "Les marchés en hausse",
    ]
    page.get_by_role("button", name="Descendre : La grève des cheminots").press("Enter")
    page.get_by_role("button", name="Mettre en ligne / programmer").focus()
    page.keyboard.press("Enter")
    page.locator(".messagelist").wait_for()
    assert page.locator(".messagelist").inner_text() == "La nouvelle composition est en ligne."

    assert home_secondary(page, live_server) == ["Les marchés en hausse", "La grève des cheminots"]
    page.problems.assert_clean()


def test_a_banner_appears_on_a_page_already_in_the_page_cache(
    live_server, page, new_page, settings, staff_user, shoot
):
    # An open page asks again every second here (ALERT_POLL_SECONDS), and the
    # answer is kept one second (ALERT_MAX_AGE): the delay measured is the banner's.
    settings.NEWSROOM = {**settings.NEWSROOM, "ALERT_POLL_SECONDS": 1, "ALERT_MAX_AGE": 1}
    story = ArticleFactory(title="Le gouvernement démissionne")
    editor = staff_user("redaction-chef", "Éditeurs")
    page.goto(url(live_server, "articles:home"))
    cached = page.goto(url(live_server, "articles:home"))
    assert cached.headers["x-page-cache"] == "hit"
    assert page.locator(".alert-banner").is_hidden()

    raised = time.monotonic()
    services.raise_alert(
        by=editor,
        text="Le Premier ministre présente sa démission",
        article=story,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    banner = page.get_by_role("region", name="Alerte")
    banner.wait_for(timeout=10_000)
    open_page_delay = time.monotonic() - raised

    reader = new_page(reader_ip="198.51.100.9")
    opened = time.monotonic()
    again = reader.goto(url(live_server, "articles:home"))
    reader.get_by_role("region", name="Alerte").wait_for(timeout=10_000)
    new_page_delay = time.monotonic() - opened

    assert again.headers["x-page-cache"] == "hit"
    assert "présente sa démission" not in again.text()  # never in the cached HTML
    assert banner.inner_text() == "ALERTE Le Premier ministre présente sa démission"
    assert banner.get_by_role("link").get_attribute("href") == story.get_absolute_url()
    print(f"banner delay: open page {open_page_delay:.2f} s, new page {new_page_delay:.2f} s")
    shoot(page, "31-alert-banner")
    page.problems.assert_clean()
    reader.problems.assert_clean()
