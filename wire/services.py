"""
Writes with side effects for the wire desk: ingesting an agency file (whatever way it
came in), taking a dispatch into a draft article ("Reprendre"), acknowledging alerts,
purging what the desk never used.
"""

import hashlib
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from lxml import html as lxml_html

from articles.body import sanitize_body
from articles.models import Article, Section
from articles.services import can_edit, create_draft_article
from images.models import Image
from wire import indexing, notifications
from wire import pictures as picture_files
from wire.models import Dispatch, DispatchPicture, ReceivedItem, WireAlert, WireSource
from wire.parsing import ParsedItem, WireError, parse

logger = logging.getLogger(__name__)


# --- Ingest ---------------------------------------------------------------------------------


def _refuse(received: ReceivedItem, message: str) -> ReceivedItem:
    received.outcome = ReceivedItem.Outcome.REFUSED
    received.log = gettext("Refusée : %(message)s") % {"message": message}
    received.save()
    return received


def find_source(provider: str) -> WireSource | None:
    """The active wire whose provider identifiers include ``provider``."""
    return next((s for s in WireSource.objects.filter(active=True) if s.provides(provider)), None)


def subject_top(subjects: list[dict]) -> str:
    """The first level (two digits) of the first IPTC subject code among ``subjects``."""
    choices = set(Dispatch.Subject.values)
    for item in subjects:
        code = item["code"].rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
        if len(code) == 8 and code.isdigit() and code[:2] in choices:
            return code[:2]
    return ""


def _status(item: ParsedItem, previous: Dispatch | None) -> str:
    if item.pub_status == "canceled":
        return Dispatch.Status.WITHDRAWN
    if item.replaces_uri or item.signal == "replace":
        return Dispatch.Status.REPLACES
    if item.signal == "correction":
        return Dispatch.Status.CORRECTION
    if previous is not None or item.signal == "update":
        return Dispatch.Status.UPDATE
    return Dispatch.Status.USABLE


def _with_agency(credit: str, agency_name: str) -> str:
    credit = credit.strip()
    if not credit:
        return agency_name
    return credit if agency_name.lower() in credit.lower() else f"{credit} / {agency_name}"


def _download_pictures(item: ParsedItem, source: WireSource, folder: Path | None, log: list):
    """The pictures' bytes, fetched before any write; a picture that fails is only noted."""
    found = []
    for picture in item.pictures:
        try:
            found.append(
                (picture, picture_files.fetch(picture.href, hosts=source.hosts, folder=folder))
            )
        except picture_files.PictureError as error:
            log.append(
                gettext("Photo %(href)s non récupérée : %(error)s")
                % {"href": picture.href[:200], "error": error}
            )
    return found


def _store_pictures(dispatch: Dispatch, downloads, source: WireSource, log: list) -> None:
    for position, (picture, data) in enumerate(downloads):
        try:
            image = picture_files.store(
                picture,
                data=data,
                credit=_with_agency(picture.credit, source.agency.short_name),
                alt_text=picture.caption or dispatch.headline or source.agency.short_name,
            )
        except ValidationError as error:
            log.append(
                gettext("Photo %(href)s refusée : %(error)s")
                % {"href": picture.href[:200], "error": " ".join(error.messages)}
            )
            continue
        DispatchPicture.objects.create(
            dispatch=dispatch,
            image=image,
            position=position,
            source_uri=picture.uri[:500],
            copyright_holder=(picture.copyright_holder or dispatch.copyright_holder)[:300],
            usage_terms=picture.usage_terms or dispatch.usage_terms,
        )


def _store_dispatch(item, *, source, received, downloads, log) -> Dispatch:
    uris = {item.uri} | ({item.replaces_uri} if item.replaces_uri else set())
    previous = (
        Dispatch.objects.filter(uri__in=uris)
        .order_by("-is_current", "-version_number", "-pk")
        .first()
    )
    is_current = (
        previous is None
        or item.version_number >= previous.version_number
        or previous.uri != item.uri
    )
    dispatch = Dispatch.objects.create(
        source=source,
        received=received,
        uri=item.uri[:500],
        version=item.version[:40],
        version_number=item.version_number,
        format=item.format,
        kind=item.kind,
        received_at=received.received_at,
        first_created=item.first_created,
        version_created=item.version_created,
        headline=item.headline[:500],
        slugline=item.slugline[:200],
        byline=item.byline[:300],
        dateline=item.dateline[:300],
        summary=item.summary,
        priority=item.priority,
        language=item.language[:20],
        subjects=item.subjects,
        subject_top=subject_top(item.subjects),
        body=sanitize_body(item.body_html),
        copyright_holder=(item.copyright_holder or source.agency.name)[:300],
        copyright_notice=item.copyright_notice[:500],
        usage_terms=item.usage_terms,
        status=_status(item, previous),
        embargo_until=item.embargo_until,
        replaces=previous,
        is_current=is_current,
    )
    if is_current and previous is not None:
        Dispatch.objects.filter(uri__in=uris, is_current=True).exclude(pk=dispatch.pk).update(
            is_current=False
        )
    _store_pictures(dispatch, downloads, source, log)
    indexing.index_dispatches([dispatch])
    used = (
        Dispatch.objects.filter(uri__in=uris, article__isnull=False)
        .exclude(pk=dispatch.pk)
        .values_list("article_id", flat=True)
        .distinct()
    )
    urgent = dispatch.status == Dispatch.Status.WITHDRAWN
    alerts = WireAlert.objects.bulk_create(
        WireAlert(article=article, dispatch=dispatch, urgent=urgent)
        for article in Article.objects.filter(pk__in=used).order_by("pk")
    )
    notifications.mail_alerts(alerts)
    log.append(
        gettext("%(status)s : « %(headline)s » (%(uri)s, version %(version)s)")
        % {
            "status": dispatch.get_status_display(),
            "headline": dispatch.headline[:120],
            "uri": dispatch.uri,
            "version": dispatch.version,
        }
    )
    return dispatch


def ingest(
    *,
    content: bytes,
    origin: str,
    filename: str = "",
    source: WireSource | None = None,
    folder: Path | None = None,
    size: int | None = None,
) -> ReceivedItem:
    """
    Ingest one agency file: stored as received (its bytes kept), parsed, each new item
    stored as a dispatch with its pictures, the previous version taken off the queue and
    the editors of an article made from it alerted. A file refused (too large, malformed,
    unreadable, of an unknown agency) is logged with the reason and stores no dispatch;
    an item already received (same URI and version) is not stored twice. Never raises
    for bad input: the returned ``ReceivedItem`` says what happened.
    """
    size = len(content) if size is None else size
    received = ReceivedItem(
        source=source,
        origin=origin,
        filename=filename[:255],
        size=size,
        sha256=hashlib.sha256(content).hexdigest() if content else "",
    )
    limit = settings.NEWSROOM["WIRE_MAX_BYTES"]
    if size > limit:
        return _refuse(
            received,
            gettext("fichier de %(size)s, %(limit)s au plus.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    received.content = content
    try:
        items = parse(content)
    except WireError as error:
        return _refuse(received, error.message)
    first = items[0]
    received.format, received.uri, received.version = (
        first.format,
        first.uri[:500],
        first.version[:40],
    )
    if source is None:
        source = find_source(first.provider)
        if source is None:
            return _refuse(
                received,
                gettext("agence inconnue (fournisseur « %(provider)s »).")
                % {"provider": first.provider or "?"},
            )
        received.source = source
    known = set(
        Dispatch.objects.filter(uri__in=[i.uri for i in items]).values_list("uri", "version")
    )
    new = [item for item in items if (item.uri[:500], item.version[:40]) not in known]
    log: list[str] = []
    if not new:
        received.outcome = ReceivedItem.Outcome.DUPLICATE
        received.log = gettext("Déjà reçue : %(uri)s, version %(version)s.") % {
            "uri": first.uri,
            "version": first.version,
        }
        received.save()
        return received
    downloads = {id(item): _download_pictures(item, source, folder, log) for item in new}
    try:
        with transaction.atomic():
            received.outcome = ReceivedItem.Outcome.ACCEPTED
            received.save()
            for item in new:
                _store_dispatch(
                    item, source=source, received=received, downloads=downloads[id(item)], log=log
                )
            received.log = "\n".join(log)
            received.save(update_fields=["log"])
    except IntegrityError:
        # Another worker stored the same version meanwhile.
        received.pk = None
        received.outcome = ReceivedItem.Outcome.DUPLICATE
        received.log = gettext("Déjà reçue : %(uri)s, version %(version)s.") % {
            "uri": first.uri,
            "version": first.version,
        }
        received.save()
    return received


def ingest_path(path: Path, *, origin: str, source: WireSource | None = None) -> ReceivedItem:
    """Ingest a file from disk; one over the size limit is refused before it is read."""
    size = path.stat().st_size
    content = b"" if size > settings.NEWSROOM["WIRE_MAX_BYTES"] else path.read_bytes()
    return ingest(
        content=content,
        origin=origin,
        filename=path.name,
        source=source,
        folder=path.parent,
        size=size,
    )


DROP_SUFFIXES = frozenset({".xml", ".json", ".nitf", ".newsml"})


def ingest_drop_folder() -> list[ReceivedItem]:
    """
    Ingest every item file of the drop folder (``WIRE_DROP_DIR``), oldest first, and
    move each to ``done/`` or ``refused/`` beside it, so a second run finds nothing to
    do. Meant for a periodic background job; safe to run again at any time.
    """
    folder = Path(settings.NEWSROOM["WIRE_DROP_DIR"])
    if not folder.is_dir():
        return []
    files = sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in DROP_SUFFIXES),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    results = []
    for path in files:
        received = ingest_path(path, origin=ReceivedItem.Origin.DROP)
        target = folder / (
            "refused" if received.outcome == ReceivedItem.Outcome.REFUSED else "done"
        )
        target.mkdir(exist_ok=True)
        path.replace(target / path.name)
        results.append(received)
    return results


# --- The desk -------------------------------------------------------------------------------


def split_lead(body: str) -> tuple[str, str]:
    """The first paragraph's text (the lead) and the rest of the body's HTML."""
    if not body.strip():
        return "", ""
    fragments = lxml_html.fragments_fromstring(body)
    for index, fragment in enumerate(fragments):
        if isinstance(fragment, str) or fragment.tag != "p":
            continue
        lead = " ".join(fragment.text_content().split())
        rest = fragments[:index] + fragments[index + 1 :]
        html = "".join(
            f if isinstance(f, str) else lxml_html.tostring(f, encoding="unicode") for f in rest
        )
        return lead, sanitize_body(html)
    return "", body


def suggested_section(dispatch: Dispatch) -> Section | None:
    """The section the dispatch's subjects point to (``WIRE_SECTION_SUBJECTS``), if it exists."""
    mapping = settings.NEWSROOM["WIRE_SECTION_SUBJECTS"]
    slugs = [mapping[top] for s in dispatch.subjects if (top := subject_top([s])) in mapping]
    if not slugs:
        return None
    found = {section.slug: section for section in Section.objects.filter(slug__in=slugs)}
    return next((found[slug] for slug in slugs if slug in found), None)


class AlreadyTaken(ValidationError):
    def __init__(self, article: Article):
        super().__init__(
            gettext("Un article a déjà été tiré de cette dépêche : « %(title)s ».")
            % {"title": article.title},
            code="taken",
        )
        self.article = article


@transaction.atomic
def take_dispatch(*, dispatch: Dispatch, by) -> Article:
    """
    "Reprendre la dépêche": a draft article with its headline, lead (its summary, else
    its first paragraph), body, the agency as attribution ("Avec AFP"), the section its
    subjects suggest, its first picture as main image and its embargo; the dispatch
    records the article made from it. Refused for a withdrawn item, or when an article
    was already made from any version of it.
    """
    if not can_edit(by, Article()):
        raise PermissionDenied
    dispatch = (
        Dispatch.objects.select_for_update().select_related("source__agency").get(pk=dispatch.pk)
    )
    if dispatch.status == Dispatch.Status.WITHDRAWN:
        raise ValidationError(
            gettext("Cette dépêche a été retirée par l'agence."), code="withdrawn"
        )
    taken = (
        Dispatch.objects.filter(uri=dispatch.uri, article__isnull=False)
        .select_related("article")
        .first()
    )
    if taken is not None:
        raise AlreadyTaken(taken.article)
    if dispatch.summary:
        lead, body = dispatch.summary, dispatch.body
    else:
        lead, body = split_lead(dispatch.body)
    picture = dispatch.pictures.select_related("image").first()
    article = create_draft_article(
        by=by,
        title=(dispatch.headline or dispatch.slugline or dispatch.uri)[:200],
        lead=lead,
        body=body,
        section=suggested_section(dispatch),
        agencies=[dispatch.source.agency],
        main_image=picture.image if picture else None,
        embargo_until=dispatch.embargo_until,
    )
    dispatch.article, dispatch.taken_at, dispatch.taken_by = article, timezone.now(), by
    dispatch.save(update_fields=["article", "taken_at", "taken_by"])
    return article


def acknowledge_alerts(*, alerts, by) -> int:
    """Mark wire alerts as seen by an editor of their article."""
    alerts = [alert for alert in alerts if can_edit(by, alert.article)]
    ids = [alert.pk for alert in alerts]
    return WireAlert.objects.filter(pk__in=ids, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now()
    )


# Rows deleted (and forgotten by the index) per statement: a month of a busy wire is
# tens of thousands of dispatches, past what one SQLite statement may bind.
PURGE_BATCH = 500


@transaction.atomic
def purge_unused_dispatches(*, now=None) -> int:
    """
    Delete the dispatches of items no article was made from, received more than
    ``WIRE_RETENTION_DAYS`` ago, with their pictures (unless an article shows one) and
    the receptions left without dispatch. For a daily scheduled job. Returns how many
    dispatches went.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.NEWSROOM["WIRE_RETENTION_DAYS"])
    used_uris = Dispatch.objects.filter(article__isnull=False).values("uri")
    doomed = Dispatch.objects.unused_before(cutoff).exclude(uri__in=used_uris)
    image_ids = list(
        DispatchPicture.objects.filter(dispatch__in=doomed).values_list("image_id", flat=True)
    )
    doomed_ids = list(doomed.values_list("pk", flat=True))
    deleted = 0
    for start in range(0, len(doomed_ids), PURGE_BATCH):
        batch = doomed_ids[start : start + PURGE_BATCH]
        _total, by_model = Dispatch.objects.filter(pk__in=batch).delete()
        indexing.forget_dispatches(batch)
        deleted += by_model.get("wire.Dispatch", 0)
    images = list(Image.objects.filter(pk__in=image_ids, articles__isnull=True))
    paths = [
        p for image in images for p in (image.file.name, *(r["path"] for r in image.renditions))
    ]
    Image.objects.filter(pk__in=[image.pk for image in images]).delete()
    transaction.on_commit(lambda: [default_storage.delete(path) for path in paths if path])
    ReceivedItem.objects.filter(received_at__lt=cutoff, dispatches__isnull=True).delete()
    return deleted
