"""The home and section pages as the desk arranged them, their previews and query budgets."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from desk import services
from desk.models import Slot
from desk.services import SlotChoice
from infra import generations
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

LEAD, SECONDARY, SECTION = Slot.Zone.LEAD, Slot.Zone.SECONDARY, Slot.Zone.SECTION


def member(group: str, username: str):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor():
    return member("Éditeurs", "marc")


def titles(html: str, css: str = "card__title") -> list[str]:
    return [
        unescape(title)
        for title in re.findall(rf'class="{css}[^"]*"><a href="[^"]+">([^<]+)</a>', html)
    ]


def block_titles(html: str) -> list[str]:
    return re.findall(r'class="section-block__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def home(client) -> str:
    return client.get(reverse("articles:home")).content.decode()


def test_the_home_page_follows_the_arrangement_with_its_overrides(client, editor, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "HOME_STORIES_PER_SECTION": 2}
    eco, tech = SectionFactory(name="Économie", position=1), SectionFactory(name="Tech", position=2)
    e1, e2, _e3 = (ArticleFactory(section=eco, title=f"Éco {i}") for i in (1, 2, 3))
    t1, _t2 = (ArticleFactory(section=tech, title=f"Tech {i}") for i in (1, 2))
    newest = ArticleFactory(section=tech, title="La plus récente", short_headline="Récente")
    image = ImageFactory(alt_text="Image de une")
    services.arrange_page(
        by=editor,
        slots=[
            SlotChoice(
                zone=LEAD,
                article=e1,
                headline="Le titre de une",
                lead="Le chapô de une",
                image=image,
            ),
            SlotChoice(zone=SECONDARY, article=t1),
            SlotChoice(zone=SECTION, article=e2),
        ],
        section_order=[tech.pk, eco.pk],
    )

    html = home(client)

    assert titles(html, "card__title card__title--lead") == ["Le titre de une"]
    assert re.findall(r'<p class="card__lead">([^<]+)</p>', html)[0] == "Le chapô de une"
    assert 'alt="Image de une"' in html
    assert block_titles(html) == ["Tech", "Économie"]
    # Secondary, then the blocks: the curated story first, then the newest of the section.
    assert titles(html)[1:] == ["Tech 1", "Récente", "Tech 2", "Éco 2", "Éco 3"]
    e1.refresh_from_db()
    assert (e1.title, e1.lead) == ("Éco 1", "Un chapô qui résume l'article en une phrase.")
    assert newest.title == "La plus récente"


def test_without_an_arrangement_the_newest_story_leads(client):
    ArticleFactory(title="Ancienne")
    ArticleFactory(title="Nouvelle")

    assert titles(home(client), "card__title card__title--lead") == ["Nouvelle"]


def test_a_slot_never_shows_a_story_readers_may_not_see(client, editor):
    kept, hidden = ArticleFactory(title="Visible"), ArticleFactory(title="Cachée")
    services.arrange_page(
        by=editor,
        slots=[SlotChoice(zone=LEAD, article=hidden), SlotChoice(zone=SECONDARY, article=kept)],
    )
    # Not through the service (no signal): the rule at read time still holds.
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.DRAFT)

    html = home(client)

    assert "Cachée" not in html
    assert titles(html, "card__title card__title--lead") == ["Visible"]  # moved up
    assert titles(html) == ["Visible"]  # the lead alone: in no block again


@pytest.mark.parametrize("count", [3, 30])
def test_the_home_page_costs_the_same_whatever_the_number_of_slots(
    client, editor, count, django_assert_num_queries
):
    sections = SectionFactory.create_batch(3)
    stories = [
        ArticleFactory(section=sections[i % 3], main_image=ImageFactory()) for i in range(count)
    ]
    ArticleFactory.create_batch(3, section=sections[0])  # to fill the blocks
    services.arrange_page(
        by=editor,
        slots=[
            SlotChoice(
                zone=LEAD if i == 0 else SECONDARY if i % 2 else SECTION,
                article=story,
                headline=f"Titre {i}",
                image=ImageFactory() if i % 3 == 0 else None,
            )
            for i, story in enumerate(stories)
        ],
    )
    client.get(reverse("articles:home"))  # the menu and the sidebar, kept a minute
    cache.set(generations.LISTINGS_KEY, 1, None)  # the stories' fragment is built again

    # The arrangement, its slots with their stories and images, their authors; the
    # newest stories of each section and their authors.
    with django_assert_num_queries(5):
        html = home(client)

    shown = [title for title in titles(html) if title.startswith("Titre ")]
    assert sorted(shown) == sorted(f"Titre {i}" for i in range(count))
    assert titles(html, "card__title card__title--lead") == ["Titre 0"]


def test_a_section_page_shows_the_desk_lead_first_and_leaves_it_out_of_the_list(client, editor):
    section = SectionFactory(slug="economie")
    old = ArticleFactory(section=section, title="Ancienne enquête")
    ArticleFactory(section=section, title="Brève récente")
    services.arrange_page(
        by=editor,
        section=section,
        slots=[SlotChoice(zone=LEAD, article=old, headline="L'enquête de la semaine")],
    )

    html = client.get(section.get_absolute_url()).content.decode()

    assert titles(html, "card__title card__title--lead") == ["L'enquête de la semaine"]
    assert titles(html) == ["L'enquête de la semaine", "Brève récente"]  # not twice


def test_the_desk_previews_an_arrangement_before_it_goes_live(client, editor):
    one, two = ArticleFactory(title="En ligne"), ArticleFactory(title="Demain en une")
    services.arrange_page(by=editor, slots=[SlotChoice(zone=LEAD, article=one)])
    client.force_login(editor)
    data = {
        "slots-TOTAL_FORMS": 1,
        "slots-INITIAL_FORMS": 1,
        "slots-0-article": two.pk,
        "slots-0-zone": "lead",
        "slots-0-headline": "Aperçu du titre",
        "slots-0-ORDER": 1,
        "blocks-TOTAL_FORMS": 0,
        "blocks-INITIAL_FORMS": 0,
    }

    response = client.post(reverse("articles:front_preview"), data)
    client.logout()

    html = response.content.decode()
    assert response.status_code == 200
    assert "Aperçu de la une : pas encore en ligne." in html
    assert titles(html, "card__title card__title--lead") == ["Aperçu du titre"]
    assert response["Cache-Control"] == "private, no-cache, no-store, max-age=0, must-revalidate"
    assert titles(home(client), "card__title card__title--lead") == ["En ligne"]


def test_only_the_desk_previews_and_only_by_post(client, editor):
    journalist = member("Rédacteurs", "lea")
    url = reverse("articles:front_preview")

    client.force_login(journalist)
    assert client.post(url, {}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 405


def test_a_new_arrangement_replaces_the_cached_home_page_at_once(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}
    older, newer = ArticleFactory(title="Plus ancienne"), ArticleFactory(title="Plus récente")
    first = client.get(reverse("articles:home"))
    hit = client.get(reverse("articles:home"))

    with django_capture_on_commit_callbacks(execute=True):
        services.arrange_page(by=editor, slots=[SlotChoice(zone=LEAD, article=older)])
    after = client.get(reverse("articles:home"))

    assert (first["X-Page-Cache"], hit["X-Page-Cache"], after["X-Page-Cache"]) == (
        "miss",
        "hit",
        "miss",
    )
    assert titles(hit.content.decode(), "card__title card__title--lead") == ["Plus récente"]
    assert titles(after.content.decode(), "card__title card__title--lead") == ["Plus ancienne"]
    assert after["Surrogate-Key"] == "front"
    assert newer.title == "Plus récente"


def test_the_desk_previews_a_section_page(client, editor):
    section = SectionFactory(slug="economie", name="Économie")
    lead, other = (ArticleFactory(section=section, title=t) for t in ("Enquête", "Brève"))
    client.force_login(editor)
    data = {
        "slots-TOTAL_FORMS": 1,
        "slots-INITIAL_FORMS": 1,
        "slots-0-article": lead.pk,
        "slots-0-zone": "lead",
        "slots-0-headline": "L'enquête en tête",
        "slots-0-ORDER": 1,
    }

    response = client.post(reverse("articles:section_preview", args=["economie"]), data)

    html = response.content.decode()
    assert "Aperçu de la rubrique : pas encore en ligne." in html
    assert titles(html) == ["L'enquête en tête", "Brève"]
    assert other.title == "Brève"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
