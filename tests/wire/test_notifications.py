"""Mail alerts to the newsroom when an item an article was made from changes."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from infra.models import OutgoingMail
from tests.factories import AuthorFactory, UserFactory
from tests.wire.test_services import COMMAND, _revision
from wire.models import Dispatch
from wire.services import ingest, take_dispatch

pytestmark = pytest.mark.django_db
ADMIN = "https://www.example.fr"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_URL": ADMIN}


@pytest.fixture
def desk(db):
    user = UserFactory(username="desk", email="desk@example.org", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_article", "publish_article"])
    )
    return user


@pytest.fixture
def story(afp, desk, django_capture_on_commit_callbacks):
    """An article taken from version 1, signed by a staff author, a former staff author
    and an outside contributor; saved last by another editor."""
    with django_capture_on_commit_callbacks(execute=True):
        ingest(content=_revision(1), origin=COMMAND)
    article = take_dispatch(dispatch=Dispatch.objects.get(), by=desk)
    chief = UserFactory(username="chef", email="chef@example.org", is_staff=True)
    signed = AuthorFactory(user=UserFactory(username="lea", email="lea@example.org", is_staff=True))
    left = AuthorFactory(
        user=UserFactory(
            username="parti", email="parti@example.org", is_staff=True, is_active=False
        )
    )
    outside = AuthorFactory(
        user=UserFactory(username="pigiste", email="pigiste@example.org", is_staff=False)
    )
    no_address = AuthorFactory(user=UserFactory(username="sans", email="", is_staff=True))
    desk_author = AuthorFactory(user=desk)  # the taker also signs: still one mail
    article.authors.set([signed, left, outside, no_address, desk_author])
    type(article).objects.filter(pk=article.pk).update(modified_by=chief)
    article.refresh_from_db()
    return article


def _ingest(content, callbacks):
    with callbacks(execute=True):
        return ingest(content=content, origin=COMMAND)


def test_a_correction_mails_each_answerable_staff_member_once(
    story, django_capture_on_commit_callbacks
):
    _ingest(_revision(2, advisory=b"RECTIFICATIF"), django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "chef@example.org",
        "desk@example.org",
        "lea@example.org",
    ]
    message = mail.outbox[0]
    new = Dispatch.objects.get(version="2")
    assert message.subject == f"Correction de la dépêche de « {story.title} »"
    assert (
        "AFP a envoyé une nouvelle version de la dépêche dont est tiré l'article "
        f"« {story.title} » : Correction." in message.body
    )
    assert f"{ADMIN}{reverse('admin:articles_article_change', args=[story.pk])}" in message.body
    assert f"{ADMIN}{reverse('admin:wire_dispatch_change', args=[new.pk])}" in message.body
    # Through the outbox, delivered by the mail task: every row marked sent.
    assert OutgoingMail.objects.filter(sent_at__isnull=False).count() == 3


def test_a_kill_is_mailed_as_urgent(story, django_capture_on_commit_callbacks):
    _ingest(_revision(2, status=b"Canceled"), django_capture_on_commit_callbacks)

    assert {m.subject for m in mail.outbox} == {
        f"URGENT — dépêche retirée par AFP : « {story.title} »"
    }
    assert "Ne la publiez plus : retirez ou modifiez l'article sans attendre." in (
        mail.outbox[0].body
    )
    assert len(mail.outbox) == 3


def test_each_change_is_mailed_once(story, django_capture_on_commit_callbacks):
    _ingest(_revision(2), django_capture_on_commit_callbacks)
    again = _ingest(_revision(2), django_capture_on_commit_callbacks)
    _ingest(_revision(3), django_capture_on_commit_callbacks)

    assert again.outcome == "duplicate"
    subjects = [m.subject for m in mail.outbox if m.to == ["desk@example.org"]]
    assert subjects == [f"Mise à jour de la dépêche de « {story.title} »"] * 2
    assert len(mail.outbox) == 6


def test_a_dispatch_no_article_was_made_from_mails_no_one(
    afp, desk, django_capture_on_commit_callbacks
):
    _ingest(_revision(1), django_capture_on_commit_callbacks)
    _ingest(_revision(2, status=b"Canceled"), django_capture_on_commit_callbacks)

    assert (mail.outbox, OutgoingMail.objects.count()) == ([], 0)


def test_a_refused_ingest_mails_no_one(story, django_capture_on_commit_callbacks):
    _ingest(_revision(2).replace(b"</NewsML>", b""), django_capture_on_commit_callbacks)

    assert (mail.outbox, OutgoingMail.objects.count()) == ([], 0)
