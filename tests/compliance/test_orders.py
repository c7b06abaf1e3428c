"""The register of authority orders (DSA Arts 9 and 10)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, StatementOfReasons
from compliance import services
from compliance.models import AuthorityOrder
from infra.models import OutgoingMail
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = get_user_model().objects.create_user("modo", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def order(**fields):
    return AuthorityOrder.objects.create(
        kind="act",
        authority="Tribunal judiciaire de Paris",
        reference="RG 26/001",
        issued_on=timezone.localdate(),
        scope="Propos diffamatoires",
        **fields,
    )


@pytest.mark.parametrize(("withheld", "mails"), [(False, 1), (True, 0)])
def test_giving_effect_removes_the_comments_and_records_when(moderator, withheld, mails):
    shown = CommentFactory(status=Comment.Status.PUBLISHED, email="auteur@example.org")
    waiting = CommentFactory(email="")
    the_order = order(author_notice_withheld=withheld)
    the_order.comments.set([shown, waiting])

    removed = services.give_effect(order=the_order, by=moderator)

    the_order.refresh_from_db()
    assert removed == 2
    assert set(Comment.objects.values_list("status", flat=True)) == {"rejected"}
    assert the_order.effect == "2 commentaire(s) retiré(s) par modo."
    assert the_order.effect_at is not None
    assert (the_order.author_informed_at is None) == withheld
    assert OutgoingMail.objects.filter(to="auteur@example.org").count() == mails
    statement = StatementOfReasons.objects.get(comment=shown)
    assert (statement.sent_to, "Injonction RG 26/001" in statement.text) == (
        "" if withheld else "auteur@example.org",
        True,
    )


def test_a_moderator_registers_an_order_in_the_admin(client, moderator):
    comment = CommentFactory()
    client.force_login(moderator)

    response = client.post(
        reverse("admin:compliance_authorityorder_add"),
        {
            "kind": "information",
            "authority": "Parquet de Paris",
            "reference": "PQ-12",
            "issued_on": "01/12/2026",
            "received_at_0": "01/12/2026",
            "received_at_1": "09:00:00",
            "scope": "Identité de l'auteur",
            "comments": str(comment.pk),
            "effect": "",
        },
    )

    assert response.status_code == 302
    saved = AuthorityOrder.objects.get()
    assert (saved.authority, saved.recorded_by_name, list(saved.comments.all())) == (
        "Parquet de Paris",
        "modo",
        [comment],
    )
