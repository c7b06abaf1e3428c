"""Ingest (storage, versions, alerts, refusals), "Reprendre", the drop folder, retention."""

import shutil
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import SectionFactory, UserFactory, jpeg_bytes
from tests.wire.conftest import SAMPLES, sample
from wire.models import Dispatch, ReceivedItem, WireAlert
from wire.services import (
    AlreadyTaken,
    ingest,
    ingest_drop_folder,
    ingest_path,
    purge_unused_dispatches,
    take_dispatch,
)

pytestmark = pytest.mark.django_db
COMMAND = ReceivedItem.Origin.COMMAND


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="desk", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_article", "publish_article"])
    )
    return user


@pytest.fixture
def afp_folder(tmp_path):
    """The French AFP sample with its two photo files beside it."""
    shutil.copy(SAMPLES / "afp_newsml12_fr.xml", tmp_path / "afp.xml")
    (tmp_path / "afp-photo-highdef.jpg").write_bytes(jpeg_bytes(1600, 1000))
    (tmp_path / "afp-photo-quicklook.jpg").write_bytes(jpeg_bytes(400, 250))
    return tmp_path


def test_ingest_stores_bytes_and_dispatch_with_sanitized_body(afp):
    content = sample("afp_newsml12_en.xml").replace(
        b"<p>One strike", b"<p onclick='x()'><script>alert(1)</script>One strike"
    )
    received = ingest(content=content, origin=COMMAND, filename="afp.xml")
    assert received.outcome == ReceivedItem.Outcome.ACCEPTED
    assert bytes(received.content) == content
    assert received.source == afp
    [dispatch] = received.dispatches.all()
    assert dispatch.headline == "Israel strikes key Hamas targets as UN Security Council to meet"
    assert dispatch.status == Dispatch.Status.USABLE
    assert dispatch.subject_top == "16"
    assert "<script>" not in dispatch.body and "onclick" not in dispatch.body
    assert "<p>One strike on Gaza killed" in dispatch.body


def test_pictures_are_downloaded_and_stored_with_agency_credit_and_licence(
    afp, afp_folder, django_capture_on_commit_callbacks
):
    # The renditions are made by a task after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        received = ingest_path(afp_folder / "afp.xml", origin=COMMAND)
    [dispatch] = received.dispatches.all()
    [picture] = dispatch.pictures.select_related("image")
    assert picture.image.width == 1600  # the high definition, stored as our own image
    assert picture.image.credit == "Ludovic MARIN / AFP"
    assert picture.image.caption == "Des clients dans un supermarché parisien, le 10 mai 2026"
    assert picture.usage_terms == "Usage éditorial uniquement"
    assert picture.copyright_holder == "AFP"
    picture.image.refresh_from_db()
    assert {r["width"] for r in picture.image.renditions} == {320, 640, 960, 1280, 1600}


def test_a_picture_from_an_unlisted_host_is_not_fetched(afp):
    content = sample("ninjs1_complex.json")  # pictures on hosted.ap.org
    received = ingest(content=content, origin=COMMAND, source=afp)
    assert received.outcome == ReceivedItem.Outcome.ACCEPTED
    assert "serveur « hosted.ap.org » non autorisé" in received.log
    assert received.dispatches.get().pictures.count() == 0


def test_same_uri_and_version_is_stored_once(afp):
    first = ingest(content=sample("afp_newsml12_en.xml"), origin=COMMAND)
    again = ingest(content=sample("afp_newsml12_en.xml"), origin=COMMAND)
    assert (first.outcome, again.outcome) == ("accepted", "duplicate")
    assert Dispatch.objects.count() == 1


def _revision(number: int, advisory: bytes = b"PAPIER GENERAL", status: bytes = b"Usable") -> bytes:
    return (
        sample("afp_newsml12_fr.xml")
        .replace(b'Update="N">1<', b'Update="N">' + str(number).encode() + b"<")
        .replace(b"PAPIER GENERAL", advisory)
        .replace(b'Status FormalName="Usable"', b'Status FormalName="' + status + b'"')
    )


def test_new_version_replaces_the_previous_in_the_queue_and_alerts_the_article(afp, editor):
    ingest(content=_revision(1), origin=COMMAND)
    article = take_dispatch(dispatch=Dispatch.objects.get(), by=editor)
    ingest(content=_revision(2, advisory=b"RECTIFICATIF"), origin=COMMAND)
    queue = list(Dispatch.objects.in_queue())
    assert [(d.version, d.status) for d in queue] == [("2", Dispatch.Status.CORRECTION)]
    assert queue[0].replaces.version == "1"
    [alert] = WireAlert.objects.all()
    assert (alert.article, alert.dispatch, alert.urgent) == (article, queue[0], False)


def test_a_killed_item_is_alerted_as_urgent(afp, editor):
    ingest(content=_revision(1), origin=COMMAND)
    take_dispatch(dispatch=Dispatch.objects.get(), by=editor)
    ingest(content=_revision(2, status=b"Canceled"), origin=COMMAND)
    [alert] = WireAlert.objects.all()
    assert alert.urgent is True
    assert alert.dispatch.status == Dispatch.Status.WITHDRAWN


def test_an_older_version_arriving_late_does_not_take_the_queue(afp):
    ingest(content=_revision(3), origin=COMMAND)
    ingest(content=_revision(2), origin=COMMAND)
    assert [d.version for d in Dispatch.objects.in_queue()] == ["3"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<NewsML><NewsItem></NewsML>", "XML mal formé"),
        (b'{"uri": ', "JSON mal formé"),
        (b'<?xml version="1.0" encoding="UTF-8"?><nitf>\x81\x8d</nitf>', "Encodage illisible"),
        (b'<!DOCTYPE n [<!ENTITY e SYSTEM "file:///etc/passwd">]><nitf>&e;</nitf>', "entités"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(afp, content, message):
    received = ingest(content=content, origin=COMMAND)
    assert received.outcome == ReceivedItem.Outcome.REFUSED
    assert message in received.log
    assert Dispatch.objects.count() == 0


def test_unknown_agency_is_refused(afp):
    received = ingest(content=sample("ntb_nitf.xml"), origin=COMMAND)
    assert received.outcome == ReceivedItem.Outcome.REFUSED
    assert received.log == "Refusée : agence inconnue (fournisseur « NTB »)."


def test_a_file_over_the_limit_is_refused_unread(afp, tmp_path, settings):
    big = tmp_path / "big.xml"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    received = ingest_path(big, origin=COMMAND)
    assert received.outcome == ReceivedItem.Outcome.REFUSED
    assert received.size == 50 * 1024 * 1024
    assert bytes(received.content) == b""
    assert received.log == "Refusée : fichier de 50,0\xa0Mio, 10,0\xa0Mio au plus."


def test_drop_folder_ingests_each_file_and_the_batch_goes_on(afp, tmp_path, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "WIRE_DROP_DIR": str(tmp_path)}
    (tmp_path / "1-broken.xml").write_bytes(b"<NewsML>")
    (tmp_path / "2-good.xml").write_bytes(sample("afp_newsml12_en.xml"))
    results = ingest_drop_folder()
    assert [r.outcome for r in results] == ["refused", "accepted"]
    assert sorted(p.name for p in (tmp_path / "done").iterdir()) == ["2-good.xml"]
    assert sorted(p.name for p in (tmp_path / "refused").iterdir()) == ["1-broken.xml"]
    assert ingest_drop_folder() == []


def test_take_dispatch_makes_a_draft(afp, afp_folder, editor):
    economie = SectionFactory(name="Économie", slug="economie")
    ingest_path(afp_folder / "afp.xml", origin=COMMAND)
    dispatch = Dispatch.objects.get()
    article = take_dispatch(dispatch=dispatch, by=editor)
    assert article.status == Article.Status.DRAFT
    assert article.title == "L'inflation ralentit à 1,9 % sur un an en avril"
    assert article.lead.startswith("La hausse des prix à la consommation a ralenti à 1,9 %")
    assert not article.body.startswith("<p>La hausse")
    assert article.body.startswith("<p>Ce reflux tient surtout")
    assert [a.short_name for a in article.agencies.all()] == ["AFP"]
    assert article.section == economie
    assert article.main_image == dispatch.pictures.get().image
    assert article.created_by == editor
    dispatch.refresh_from_db()
    assert (dispatch.article, dispatch.taken_by) == (article, editor)
    with pytest.raises(AlreadyTaken):
        take_dispatch(dispatch=dispatch, by=editor)


def test_the_article_inherits_the_embargo(afp, editor):
    embargoed = _revision(1).replace(
        b'<Status FormalName="Usable"/>',
        b'<Status FormalName="Embargoed"/><StatusWillChange><FutureStatus FormalName="Usable"/>'
        b"<DateAndTimeWillChange>20260512T120000+0000</DateAndTimeWillChange></StatusWillChange>",
    )
    ingest(content=embargoed, origin=COMMAND)
    article = take_dispatch(dispatch=Dispatch.objects.get(), by=editor)
    assert article.embargo_until == timezone.datetime(2026, 5, 12, 12, tzinfo=timezone.UTC)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PUBLISHED, published_at=article.embargo_until - timedelta(hours=2)
    )
    with time_machine.travel(article.embargo_until - timedelta(minutes=1)):
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(article.embargo_until):
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_withdrawn_dispatch_cannot_be_taken(afp, editor):
    from django.core.exceptions import ValidationError

    ingest(content=_revision(1, status=b"Canceled"), origin=COMMAND)
    with pytest.raises(ValidationError):
        take_dispatch(dispatch=Dispatch.objects.get(), by=editor)


def test_retention_purges_unused_dispatches_only(afp, afp_folder, editor, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "WIRE_RETENTION_DAYS": 30}
    start = timezone.now()
    with time_machine.travel(start):
        ingest_path(afp_folder / "afp.xml", origin=COMMAND)
        ingest(content=sample("afp_newsml12_en.xml"), origin=COMMAND)
    used = Dispatch.objects.get(uri__endswith="TX-PAR-ABC12")
    take_dispatch(dispatch=used, by=editor)
    with time_machine.travel(start + timedelta(days=29)):
        assert purge_unused_dispatches() == 0
    with time_machine.travel(start + timedelta(days=31)):
        assert purge_unused_dispatches() == 1
    assert list(Dispatch.objects.values_list("pk", flat=True)) == [used.pk]
    assert used.pictures.count() == 1
