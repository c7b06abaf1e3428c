"""The legal pages, their links, and GDPR access, portability and erasure by signed link."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from comments import services
from comments.models import Comment, Disclosure, Erasure, ModerationEvent
from infra.models import OutgoingMail
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_legal_notice_names_publisher_director_and_host(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PUBLICATION_DIRECTOR": "Jeanne Dupont"}

    response = client.get(reverse("comments:legal_notice"))

    assert response.status_code == 200
    assert "Jeanne Dupont" in response.text
    assert settings.NEWSROOM["HOST"]["name"] in response.text
    assert settings.NEWSROOM["PUBLISHER"]["registration"] in response.text


def test_contact_point_gives_the_address_for_authorities_and_users(client):
    response = client.get(reverse("comments:contact_point"))

    assert response.text.count('href="mailto:dsa@example.org"') == 2


def test_privacy_notice_gives_the_retention_periods_and_the_cnil(client):
    text = client.get(reverse("comments:privacy")).text

    assert "Empreinte de l'adresse IP : 30 jours." in text
    assert "Email d'un commentateur : 365 jours." in text
    assert "CNIL" in text
    assert f'href="{reverse("comments:my_data")}"' in text


def test_the_charter_reads_its_thresholds_and_version_from_the_settings(client, settings):
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "REPORTS_TO_HIDE": 4,
        "REPORT_HIDES_PER_DAY": 7,
        "CHARTER_VERSION": "2027-01",
    }

    text = client.get(reverse("comments:charter")).text

    assert "Au bout de 4 signalements de lecteurs différents" in text
    assert "plus de 7 commentaires par jour" in text
    assert "Version 2027-01 de la charte." in text
    assert f'href="{reverse("comments:contact_point")}"' in text


def test_every_page_links_the_legal_pages_and_the_comment_form_its_notices(client):
    article = ArticleFactory()

    text = client.get(article.get_absolute_url()).text

    for name in ("legal_notice", "contact_point", "privacy", "charter"):
        assert f'href="{reverse(f"comments:{name}")}"' in text
    assert "Espace de contributions personnelles" in text


def test_comments_and_decisions_record_the_charter_version(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "CHARTER_VERSION": "2026-12"}
    result = services.post_comment(
        article=ArticleFactory(), name="Léa", email="l@example.org", body="Avis", ip_address=""
    )

    assert result.comment.charter_version == "2026-12"
    assert list(ModerationEvent.objects.values_list("charter_version", flat=True)) == ["2026-12"]


def link_in(body: str) -> str:
    return re.search(r"http://\S+/mes-donnees/\S+/", body)[0].removeprefix("http://127.0.0.1:8000")


def test_access_by_email_gives_a_link_to_a_json_download(client):
    comment = CommentFactory(email="lea@example.org", body="Mon avis")
    CommentFactory(email="autre@example.org")

    asked = client.post(reverse("comments:my_data"), {"email": "Lea@example.org"})
    nobody = client.post(reverse("comments:my_data"), {"email": "inconnu@example.org"})

    assert asked.text == nobody.text  # tells no one whether an address commented
    mail = OutgoingMail.objects.get()
    assert mail.to == "Lea@example.org"
    url = link_in(mail.body)
    page = client.get(url)
    download = client.get(url, {"format": "json"})
    data = json.loads(download.content)
    assert page.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="mes-donnees.json"'
    assert [(c["id"], c["text"]) for c in data["comments"]] == [(comment.pk, "Mon avis")]


def test_a_bad_email_is_explained_and_kept(client):
    response = client.post(reverse("comments:my_data"), {"email": "pas-une-adresse"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "Saisissez une adresse email valide, par exemple nom@exemple.fr."
    ]
    assert 'value="pas-une-adresse"' in response.text


def test_the_link_expires(client):
    CommentFactory(email="lea@example.org")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("comments:my_data"), {"email": "lea@example.org"})
    url = link_in(OutgoingMail.objects.get().body)

    with time_machine.travel(start + timedelta(hours=25), tick=False):
        assert client.get(url).status_code == 404


def test_erasure_from_the_link_respects_holds_and_records_itself(client):
    moderator = get_user_model().objects.create_user("modo", "m@example.org", "pw")
    kept = CommentFactory(email="lea@example.org", body="Preuve")
    gone = CommentFactory(email="lea@example.org", body="Rien")
    services.place_legal_hold(comment=kept, by=moderator, reason="Plainte")
    client.post(reverse("comments:my_data"), {"email": "lea@example.org"})

    response = client.post(link_in(OutgoingMail.objects.get().body))

    assert "1 commentaire(s) effacé(s)" in response.text
    assert dict(Comment.objects.values_list("pk", "body")) == {kept.pk: "Preuve", gone.pk: ""}
    assert list(Erasure.objects.values_list("source", "comments_erased", "comments_held")) == [
        ("self_service", 1, 1)
    ]


def test_moderators_see_emails_masked_and_each_unmasking_is_logged(client):
    from django.contrib.auth.models import Group

    comment = CommentFactory(email="jean@example.org")
    user = get_user_model().objects.create_user("modo", "m@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Modérateurs"))
    client.force_login(user)
    page_url = reverse("admin:comments_comment_change", args=[comment.pk])
    email_url = reverse("admin:comments_comment_email", args=[comment.pk, "comment"])

    masked_page = client.get(page_url).text
    refused = client.get(email_url).status_code
    user.user_permissions.add(Permission.objects.get(codename="view_email"))
    user = get_user_model().objects.get(pk=user.pk)
    client.force_login(user)
    shown = client.get(email_url)

    assert "j•••@example.org" in masked_page and "jean@example.org" not in masked_page
    assert refused == 403
    assert shown.content.decode() == "jean@example.org"
    assert list(Disclosure.objects.values_list("user_name", "comment")) == [("modo", comment.pk)]
