"""
The desk's writes: arranging a page (now or at a time), restoring or cancelling an
arrangement, taking a withdrawn story off every slot, raising and lowering the
"Alerte" banner. Each tells the page caches after the commit.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Article, Section
from desk.models import Alert, Arrangement, Slot
from images.models import Image
from infra import generations, jobs
from infra.people import display_name

ALERT_CACHE_KEY = "desk:alert:v1"
ALERT_SURROGATE_KEY = "alert"


@dataclass
class SlotChoice:
    """One slot as the desk decided it (the admin's form, a restore, a test)."""

    zone: str
    article: Article
    headline: str = ""
    lead: str = ""
    image: Image | None = None


def can_arrange(user) -> bool:
    return bool(user and user.is_active and user.has_perm("desk.add_arrangement"))


def can_alert(user) -> bool:
    return bool(user and user.is_active and user.has_perm("desk.add_alert"))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def front_changed(section: Section | None = None) -> None:
    """
    The home page (or a section's page) shows another arrangement: the listings'
    generation (the home page's and the section pages') moves on and the CDN purges
    ``front`` (and the section), after the commit.
    """
    generations.bump(generations.LISTINGS_KEY)
    keys = ["front"] + ([f"section-{section.slug}"] if section is not None else [])
    generations.purge(keys)


def check_slots(slots: list[SlotChoice], *, section: Section | None) -> list[str]:
    """What is wrong with an arrangement, as messages for the desk (empty: it is fine)."""
    problems = []
    leads = [slot for slot in slots if slot.zone == Slot.Zone.LEAD]
    if len(leads) > 1:
        problems.append(gettext("La une ne prend qu'un article."))
    if section is not None and any(slot.zone == Slot.Zone.SECTION for slot in slots):
        problems.append(gettext("Une page de rubrique n'a pas de blocs de rubriques."))
    seen = set()
    for slot in slots:
        if slot.article.pk in seen:
            problems.append(
                gettext("« %(title)s » est placé deux fois.") % {"title": slot.article.title}
            )
        seen.add(slot.article.pk)
    live = set(
        Article.objects.live_or_scheduled()
        .filter(pk__in=[slot.article.pk for slot in slots])
        .values_list("pk", flat=True)
    )
    for slot in slots:
        if slot.article.pk not in live:
            problems.append(
                gettext("« %(title)s » n'est ni publié ni programmé.")
                % {"title": slot.article.title}
            )
    return problems


def _schedule_announcement(arrangement: Arrangement) -> None:
    from desk import tasks  # the task module imports this one

    jobs.enqueue_after_commit(
        tasks.announce_arrangement,
        run_after=arrangement.effective_at,
        arrangement_id=arrangement.pk,
    )


@transaction.atomic
def arrange_page(
    *,
    by,
    slots: list[SlotChoice],
    section: Section | None = None,
    section_order: list[int] = (),
    at=None,
    restored_from: Arrangement | None = None,
) -> Arrangement:
    """
    A new arrangement of the home page (``section=None``) or of a section's page:
    now, or from ``at`` (a future time: "at 6:00 this story leads"). The page shows
    it once its time has come (``Arrangement.objects.current``); the caches change at
    once, or by a task due at that time (and the periodic safety net). Refused with
    the list of problems when the arrangement is wrong.
    """
    _require(can_arrange(by))
    problems = check_slots(slots, section=section)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    scheduled = at is not None and at > now
    arrangement = Arrangement.objects.create(
        section=section,
        section_order=[int(pk) for pk in section_order] if section is None else [],
        effective_at=at if scheduled else now,
        created_at=now,
        created_by=by,
        created_by_name=display_name(by),
        restored_from=restored_from,
        announced_at=None if scheduled else now,
    )
    Slot.objects.bulk_create(
        Slot(
            arrangement=arrangement,
            zone=slot.zone,
            position=position,
            article=slot.article,
            headline=slot.headline.strip(),
            lead=slot.lead.strip(),
            image=slot.image,
        )
        for position, slot in enumerate(slots)
    )
    if scheduled:
        _schedule_announcement(arrangement)
    else:
        front_changed(section)
    return arrangement


def slot_choices(arrangement: Arrangement, *, live_only: bool = False) -> list[SlotChoice]:
    """An arrangement's slots as choices (to show in the form, or to restore)."""
    slots = arrangement.slots.select_related("article", "image").order_by("position", "pk")
    if live_only:
        slots = slots.filter(article__in=Article.objects.live_or_scheduled().values("pk"))
    return [
        SlotChoice(
            zone=slot.zone,
            article=slot.article,
            headline=slot.headline,
            lead=slot.lead,
            image=slot.image,
        )
        for slot in slots
    ]


def restore_arrangement(*, arrangement: Arrangement, by) -> Arrangement:
    """
    Put an earlier arrangement back, now, as a new arrangement (the history keeps
    both). Its stories that are no longer live are left out.
    """
    return arrange_page(
        by=by,
        slots=slot_choices(arrangement, live_only=True),
        section=arrangement.section,
        section_order=arrangement.section_order,
        restored_from=arrangement,
    )


@transaction.atomic
def cancel_arrangement(*, arrangement: Arrangement, by) -> Arrangement:
    """Call off a scheduled arrangement before its time (its task then does nothing)."""
    _require(can_arrange(by))
    if arrangement.effective_at <= timezone.now() or arrangement.cancelled_at is not None:
        raise ValidationError(gettext("Seule une composition programmée à venir s'annule."))
    arrangement.cancelled_at = timezone.now()
    arrangement.cancelled_by_name = display_name(by)
    arrangement.save(update_fields=["cancelled_at", "cancelled_by_name"])
    return arrangement


@transaction.atomic
def announce_arrangement(*, arrangement_id: int) -> bool:
    """
    The scheduled arrangement's task: once it is in force (not cancelled), the page
    caches change now. True when they did; run again, it does nothing.
    """
    arrangement = (
        Arrangement.objects.unannounced()
        .select_for_update(of=("self",))
        .select_related("section")
        .filter(pk=arrangement_id)
        .first()
    )
    if arrangement is None:
        return False
    arrangement.announced_at = timezone.now()
    arrangement.save(update_fields=["announced_at"])
    front_changed(arrangement.section)
    return True


def announce_due_arrangements() -> int:
    """The safety net: announce every arrangement whose time has come (a lost task's)."""
    due = list(Arrangement.objects.unannounced().values_list("pk", flat=True))
    return sum(announce_arrangement(arrangement_id=pk) for pk in due)


def remove_article_from_slots(*, article: Article) -> int:
    """
    A story taken off the site leaves every slot at once: those of each page's
    current arrangement and of the scheduled ones (earlier arrangements keep theirs
    as history; a restore leaves out what is not live, and pages never show a story
    that is not published). The number of slots removed.
    """
    now = timezone.now()
    pages = [None, *Section.objects.filter(arrangements__slots__article=article).distinct()]
    current = [Arrangement.objects.current(page, now) for page in pages]
    removed, _by_model = Slot.objects.filter(
        article=article,
        arrangement__in=[arrangement.pk for arrangement in current if arrangement is not None],
    ).delete()
    upcoming = Arrangement.objects.upcoming(now).values("pk")
    removed += Slot.objects.filter(article=article, arrangement__in=upcoming).delete()[0]
    if removed:
        front_changed(None)
    return removed


# --- The "Alerte" banner ---------------------------------------------------------------------


def alert_changed() -> None:
    """The banner changed: its cached answer goes and the CDN purges it, after the commit."""
    transaction.on_commit(lambda: cache.delete(ALERT_CACHE_KEY))
    generations.purge([ALERT_SURROGATE_KEY])


@transaction.atomic
def raise_alert(*, by, text: str, article: Article, expires_at) -> Alert:
    """
    Raise the "Alerte" banner: a short text linking to a live story, until
    ``expires_at``. One banner at a time: the one showing is lowered.
    """
    _require(can_alert(by))
    text = " ".join(text.split())
    problems = []
    if not text:
        problems.append(gettext("Le texte de l'alerte est vide."))
    if expires_at <= timezone.now():
        problems.append(gettext("L'alerte doit expirer dans le futur."))
    if not Article.objects.published().filter(pk=article.pk).exists():
        problems.append(gettext("L'alerte doit mener à un article publié."))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    Alert.objects.showing(now).update(lowered_at=now, lowered_by_name=display_name(by))
    alert = Alert.objects.create(
        text=text,
        article=article,
        expires_at=expires_at,
        raised_at=now,
        raised_by=by,
        raised_by_name=display_name(by),
    )
    alert_changed()
    return alert


@transaction.atomic
def lower_alert(*, alert: Alert, by) -> Alert:
    """Take the banner down now (readers' pages lose it within its cache lifetime)."""
    _require(can_alert(by))
    if alert.lowered_at is None:
        alert.lowered_at, alert.lowered_by_name = timezone.now(), display_name(by)
        alert.save(update_fields=["lowered_at", "lowered_by_name"])
        alert_changed()
    return alert


def lower_alerts_of(*, article: Article) -> int:
    """A story taken off the site: a banner leading to it comes down with it."""
    lowered = Alert.objects.filter(article=article, lowered_at__isnull=True).update(
        lowered_at=timezone.now(), lowered_by_name=gettext("(article dépublié)")
    )
    if lowered:
        alert_changed()
    return lowered
