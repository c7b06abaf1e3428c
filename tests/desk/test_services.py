"""The desk's arrangements: made now or at a time, recorded, restored, cancelled, cleaned."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services as article_services
from articles.models import Article
from desk import services, tasks
from desk.models import Arrangement, Slot
from desk.services import SlotChoice
from infra import generations
from infra.models import PendingPurge
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

LEAD, SECONDARY, SECTION = Slot.Zone.LEAD, Slot.Zone.SECONDARY, Slot.Zone.SECTION


def slots_of(arrangement):
    return list(arrangement.slots.order_by("position").values_list("zone", "article__title"))


def test_an_arrangement_goes_live_at_once_and_the_caches_follow(
    editor, purges, django_capture_on_commit_callbacks
):
    one, two = ArticleFactory(title="Un"), ArticleFactory(title="Deux")
    before = generations.current(generations.LISTINGS_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        arrangement = services.arrange_page(
            by=editor,
            slots=[
                SlotChoice(zone=LEAD, article=two, headline="Deux, en une"),
                SlotChoice(zone=SECONDARY, article=one),
            ],
        )

    assert Arrangement.objects.current(None) == arrangement
    assert slots_of(arrangement) == [("lead", "Deux"), ("secondary", "Un")]
    assert arrangement.slots.get(zone=LEAD).headline == "Deux, en une"
    assert (arrangement.created_by, arrangement.created_by_name) == (editor, "Marc")
    assert arrangement.announced_at == arrangement.effective_at
    assert cache.get(generations.LISTINGS_KEY) != before
    assert set(PendingPurge.objects.values_list("key", flat=True)) == set()  # purged
    assert purges == [["front"]]


def test_a_section_arrangement_purges_its_section_page(
    editor, purges, django_capture_on_commit_callbacks
):
    section = SectionFactory(slug="economie")
    story = ArticleFactory(section=section)

    with django_capture_on_commit_callbacks(execute=True):
        services.arrange_page(
            by=editor, section=section, slots=[SlotChoice(zone=LEAD, article=story)]
        )

    assert purges == [["front", "section-economie"]]
    assert Arrangement.objects.current(None) is None
    assert Arrangement.objects.current(section).section == section


def test_a_wrong_arrangement_is_refused_with_every_problem(editor):
    one, two = ArticleFactory(title="Un"), ArticleFactory(title="Deux")
    draft = ArticleFactory(title="Brouillon", status=Article.Status.DRAFT, published_at=None)
    section = SectionFactory()

    with pytest.raises(ValidationError) as refused:
        services.arrange_page(
            by=editor,
            slots=[
                SlotChoice(zone=LEAD, article=one),
                SlotChoice(zone=LEAD, article=two),
                SlotChoice(zone=SECONDARY, article=one),
                SlotChoice(zone=SECONDARY, article=draft),
            ],
        )
    with pytest.raises(ValidationError) as on_section:
        services.arrange_page(
            by=editor, section=section, slots=[SlotChoice(zone=SECTION, article=one)]
        )

    assert refused.value.messages == [
        "La une ne prend qu'un article.",
        "« Un » est placé deux fois.",
        "« Brouillon » n'est ni publié ni programmé.",
    ]
    assert on_section.value.messages == ["Une page de rubrique n'a pas de blocs de rubriques."]
    assert Arrangement.objects.count() == 0


def test_journalists_do_not_arrange_the_front_page(journalist):
    with pytest.raises(PermissionDenied):
        services.arrange_page(
            by=journalist, slots=[SlotChoice(zone=LEAD, article=ArticleFactory())]
        )


def test_a_scheduled_arrangement_leads_at_its_time_and_its_task_tells_the_caches_once(
    editor, purges, django_capture_on_commit_callbacks
):
    now = timezone.now()
    early, late = ArticleFactory(title="Matin"), ArticleFactory(title="Six heures")
    with django_capture_on_commit_callbacks(execute=True):
        services.arrange_page(by=editor, slots=[SlotChoice(zone=LEAD, article=early)])
    purges.clear()
    at = now + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        scheduled = services.arrange_page(
            by=editor, slots=[SlotChoice(zone=LEAD, article=late)], at=at
        )

    assert (scheduled.effective_at, scheduled.announced_at) == (at, None)
    assert slots_of(Arrangement.objects.current(None)) == [("lead", "Matin")]
    assert list(Arrangement.objects.upcoming()) == [scheduled]
    assert purges == []  # nothing changes before its time
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert Arrangement.objects.current(None) == scheduled
        with django_capture_on_commit_callbacks(execute=True):
            first = tasks.announce_arrangement.call(arrangement_id=scheduled.pk)
        with django_capture_on_commit_callbacks(execute=True):
            again = tasks.announce_arrangement.call(arrangement_id=scheduled.pk)
            net = tasks.announce_due_arrangements.call()

    assert (first, again, net) == (True, False, 0)
    assert purges == [["front"]]


def test_the_safety_net_announces_an_arrangement_whose_task_was_lost(
    editor, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(minutes=5)
    scheduled = services.arrange_page(
        by=editor, slots=[SlotChoice(zone=LEAD, article=ArticleFactory())], at=at
    )

    with time_machine.travel(at + timedelta(minutes=1), tick=False):
        cache.set(generations.LISTINGS_KEY, 1, None)
        with django_capture_on_commit_callbacks(execute=True):
            announced = services.announce_due_arrangements()

        assert announced == 1
        assert cache.get(generations.LISTINGS_KEY) != 1
    scheduled.refresh_from_db()
    assert scheduled.announced_at is not None


def test_a_cancelled_schedule_never_leads_and_its_task_does_nothing(editor):
    at = timezone.now() + timedelta(hours=1)
    scheduled = services.arrange_page(
        by=editor, slots=[SlotChoice(zone=LEAD, article=ArticleFactory())], at=at
    )

    services.cancel_arrangement(arrangement=scheduled, by=editor)

    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert Arrangement.objects.current(None) is None
        assert services.announce_arrangement(arrangement_id=scheduled.pk) is False
    with pytest.raises(ValidationError) as refused:
        services.cancel_arrangement(arrangement=scheduled, by=editor)
    assert refused.value.messages == ["Seule une composition programmée à venir s'annule."]


def test_an_earlier_arrangement_is_restored_as_a_new_one_without_its_dead_stories(editor):
    one, two, three = (ArticleFactory(title=t) for t in ("Un", "Deux", "Trois"))
    image = ImageFactory()
    first = services.arrange_page(
        by=editor,
        slots=[
            SlotChoice(zone=LEAD, article=one, lead="Chapô de une", image=image),
            SlotChoice(zone=SECONDARY, article=two),
        ],
        section_order=[two.section_id, one.section_id],
    )
    services.arrange_page(by=editor, slots=[SlotChoice(zone=LEAD, article=three)])
    Article.objects.filter(pk=two.pk).update(status=Article.Status.UNPUBLISHED)

    restored = services.restore_arrangement(arrangement=first, by=editor)

    assert Arrangement.objects.current(None) == restored
    assert restored.restored_from == first
    assert slots_of(restored) == [("lead", "Un")]
    assert (restored.slots.get().lead, restored.slots.get().image) == ("Chapô de une", image)
    assert restored.section_order == [two.section_id, one.section_id]
    assert Arrangement.objects.count() == 3  # the history keeps all three


def test_unpublishing_takes_a_story_off_every_current_and_scheduled_slot(
    editor, django_capture_on_commit_callbacks
):
    section = SectionFactory()
    story = ArticleFactory(title="Retirée", section=section, main_image=ImageFactory())
    other = ArticleFactory(title="Reste", section=section)
    old = services.arrange_page(by=editor, slots=[SlotChoice(zone=SECONDARY, article=story)])
    home = services.arrange_page(
        by=editor,
        slots=[SlotChoice(zone=LEAD, article=story), SlotChoice(zone=SECONDARY, article=other)],
    )
    on_section = services.arrange_page(
        by=editor, section=section, slots=[SlotChoice(zone=LEAD, article=story)]
    )
    later = services.arrange_page(
        by=editor,
        slots=[SlotChoice(zone=SECONDARY, article=story)],
        at=timezone.now() + timedelta(hours=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        article_services.unpublish_article(article=story, by=editor)

    assert slots_of(home) == [("secondary", "Reste")]
    assert slots_of(on_section) == []
    assert slots_of(later) == []
    assert slots_of(old) == [("secondary", "Retirée")]  # history, never shown again
