"""The arrange screen and the banner in the admin: what an editor sees, sends and gets back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from desk import services
from desk.models import Alert, Arrangement, Slot
from desk.services import SlotChoice
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

ARRANGE = "admin:desk_arrangement_arrange"


def slot_data(slots, *, initial=None, blocks=()):
    data = {
        "slots-TOTAL_FORMS": len(slots),
        "slots-INITIAL_FORMS": len(slots) if initial is None else initial,
        "blocks-TOTAL_FORMS": len(blocks),
        "blocks-INITIAL_FORMS": len(blocks),
    }
    for i, (article, zone, order, headline) in enumerate(slots):
        data |= {
            f"slots-{i}-article": article.pk,
            f"slots-{i}-zone": zone,
            f"slots-{i}-ORDER": order,
            f"slots-{i}-headline": headline,
        }
    for i, (section, order) in enumerate(blocks):
        data |= {f"blocks-{i}-section": section.pk, f"blocks-{i}-ORDER": order}
    return data


def test_the_screen_shows_the_current_arrangement_in_its_zones(client, editor):
    one, two = ArticleFactory(title="Un"), ArticleFactory(title="Deux")
    services.arrange_page(
        by=editor,
        slots=[SlotChoice(zone="lead", article=two), SlotChoice(zone="secondary", article=one)],
    )
    client.force_login(editor)

    response = client.get(reverse(ARRANGE))

    zones = [(z["zone"], [f.item_title for f in z["forms"]]) for z in response.context["zones"]]
    assert zones == [("lead", ["Deux"]), ("secondary", ["Un"]), ("section", [])]
    assert len(response.context["new_forms"]) == 3
    assert [item["is_current"] for item in response.context["history"]] == [True]


def test_the_editor_reorders_and_the_order_sent_is_the_order_saved(client, editor):
    eco, tech = SectionFactory(name="Éco"), SectionFactory(name="Tech")
    one, two, three = (ArticleFactory(title=t, section=eco) for t in ("Un", "Deux", "Trois"))
    client.force_login(editor)

    response = client.post(
        reverse(ARRANGE),
        slot_data(
            [
                (one, "secondary", 3, ""),
                (two, "secondary", 2, "Deux, autrement"),
                (three, "lead", 1, ""),
            ],
            blocks=[(eco, 2), (tech, 1)],
        ),
    )

    arrangement = Arrangement.objects.current(None)
    assert response.status_code == 302
    assert list(arrangement.slots.values_list("zone", "article__title", "headline")) == [
        ("lead", "Trois", ""),
        ("secondary", "Deux", "Deux, autrement"),
        ("secondary", "Un", ""),
    ]
    assert arrangement.section_order == [tech.pk, eco.pk]


def test_a_wrong_arrangement_comes_back_with_its_reasons_and_what_was_typed(client, editor):
    one, two = ArticleFactory(title="Un"), ArticleFactory(title="Deux")
    client.force_login(editor)

    response = client.post(
        reverse(ARRANGE),
        slot_data([(one, "lead", 1, "Mon titre tapé"), (two, "lead", 2, "")])
        | {"when-at_0": "01/01/2020", "when-at_1": "06:00"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["forms"].when.errors == {
        "at": ["Cette heure est passée : laissez vide pour tout de suite."]
    }
    assert 'value="Mon titre tapé"' in html
    assert Arrangement.objects.count() == 0

    response = client.post(
        reverse(ARRANGE), slot_data([(one, "lead", 1, "Mon titre tapé"), (two, "lead", 2, "")])
    )

    assert response.context["problems"] == ["La une ne prend qu'un article."]
    assert 'value="Mon titre tapé"' in response.content.decode()


def test_a_new_story_added_at_the_bottom_takes_its_zone(client, editor):
    one, two = ArticleFactory(title="Un"), ArticleFactory(title="Nouvelle")
    client.force_login(editor)
    data = slot_data([(one, "lead", 1, ""), (two, "secondary", "", "")], initial=1)

    client.post(reverse(ARRANGE), data)

    assert list(Arrangement.objects.current(None).slots.values_list("zone", "article__title")) == [
        ("lead", "Un"),
        ("secondary", "Nouvelle"),
    ]


def test_a_scheduled_arrangement_is_listed_and_can_be_cancelled(client, editor):
    story = ArticleFactory()
    at = timezone.localtime() + timedelta(days=1)
    client.force_login(editor)

    client.post(
        reverse(ARRANGE),
        slot_data([(story, "lead", 1, "")])
        | {"when-at_0": at.strftime("%d/%m/%Y"), "when-at_1": at.strftime("%H:%M:%S")},
    )
    scheduled = Arrangement.objects.get()
    page = client.get(reverse(ARRANGE))
    client.post(reverse("admin:desk_arrangement_cancel", args=[scheduled.pk]))

    assert Arrangement.objects.current(None) is None
    assert [item["upcoming"] for item in page.context["history"]] == [True]
    scheduled.refresh_from_db()
    assert scheduled.cancelled_by_name == "Marc"


def test_an_earlier_arrangement_is_restored_from_the_history(client, editor):
    one, two = ArticleFactory(title="Un"), ArticleFactory(title="Deux")
    first = services.arrange_page(by=editor, slots=[SlotChoice(zone="lead", article=one)])
    services.arrange_page(by=editor, slots=[SlotChoice(zone="lead", article=two)])
    client.force_login(editor)

    response = client.post(reverse("admin:desk_arrangement_restore", args=[first.pk]))

    current = Arrangement.objects.current(None)
    assert response.status_code == 302
    assert (current.restored_from, current.slots.get().article) == (first, one)


def test_a_section_page_is_arranged_with_the_same_screen(client, editor):
    section = SectionFactory(name="Économie")
    story = ArticleFactory(section=section)
    client.force_login(editor)
    url = reverse("admin:desk_arrangement_arrange_section", args=[section.pk])

    page = client.get(url)
    client.post(url, slot_data([(story, "lead", 1, "")]))

    assert [z["zone"] for z in page.context["zones"]] == ["lead", "secondary"]
    assert page.context["title"] == "Composer la rubrique Économie"
    assert Arrangement.objects.current(section).slots.get().zone == Slot.Zone.LEAD


def test_an_editor_raises_and_lowers_the_banner_in_the_admin(client, editor):
    story = ArticleFactory()
    client.force_login(editor)
    expires = timezone.localtime() + timedelta(hours=2)

    client.post(
        reverse("admin:desk_alert_add"),
        {
            "text": "Séisme en Provence",
            "article": story.pk,
            "expires_at_0": expires.strftime("%d/%m/%Y"),
            "expires_at_1": expires.strftime("%H:%M:%S"),
        },
    )
    alert = Alert.objects.get()
    client.post(
        reverse("admin:desk_alert_changelist"),
        {"action": "lower_selected", "_selected_action": [alert.pk]},
    )

    alert.refresh_from_db()
    assert (alert.text, alert.raised_by_name, alert.lowered_by_name) == (
        "Séisme en Provence",
        "Marc",
        "Marc",
    )
