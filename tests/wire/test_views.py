"""The push endpoint and the ninjs API, through the test client."""

import io
import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
    UserFactory,
)
from tests.wire.conftest import sample
from wire import pictures
from wire.models import Dispatch, PartnerToken, ReceivedItem, WireSource, hash_token
from wire.parsing.ninjs import validate
from wire.services import ingest, take_dispatch

pytestmark = pytest.mark.django_db
TOKEN = "s3cret-agency-token-0123456789abcdef"


@pytest.fixture
def pushing_afp(afp):
    afp.token_hash = hash_token(TOKEN)
    afp.save()
    return afp


def _push(client, content: bytes, token: str | None = TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(
        reverse("wire:push"), data=content, content_type="application/xml", headers=headers
    )


def test_push_needs_a_valid_token(client, pushing_afp):
    assert _push(client, sample("afp_newsml12_en.xml"), token=None).status_code == 401
    refused = _push(client, sample("afp_newsml12_en.xml"), token="guess")
    assert (refused.status_code, refused.json()) == (
        401,
        {"error": "Jeton d'agence absent ou invalide."},
    )
    assert Dispatch.objects.count() == 0


def test_push_is_idempotent_on_uri_and_version(client, pushing_afp):
    first = _push(client, sample("afp_newsml12_en.xml"))
    again = _push(client, sample("afp_newsml12_en.xml"))
    assert first.status_code == 201
    assert first.json()["dispatches"] == [
        {
            "uri": "urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71",
            "version": "1",
            "status": "usable",
        }
    ]
    assert (again.status_code, again.json()["outcome"]) == (200, "duplicate")
    assert Dispatch.objects.count() == 1


def test_push_over_the_size_limit_is_refused(client, pushing_afp, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "WIRE_MAX_BYTES": 1000}
    response = _push(client, b"<nitf>" + b" " * 2000 + b"</nitf>")
    assert response.status_code == 413
    assert response.json()["outcome"] == "refused"
    assert ReceivedItem.objects.get().log.startswith("Refusée : fichier de 2,0")


def test_push_of_a_malformed_item_says_why(client, pushing_afp):
    response = _push(client, b"<NewsML><NewsItem></NewsML>")
    assert response.status_code == 422
    assert response.json()["log"].startswith("Refusée : XML mal formé")


def test_push_needs_no_csrf_token(pushing_afp):
    from django.test import Client

    response = _push(Client(enforce_csrf_checks=True), sample("afp_newsml12_en.xml"))
    assert response.status_code == 201


@pytest.fixture
def story(db):
    article = ArticleFactory(
        title="Le budget de l'État adopté",
        lead="Le Parlement a voté le budget.",
        body="<p>Premier paragraphe.</p><p>Deuxième paragraphe.</p>",
        section=SectionFactory(name="Politique", slug="politique"),
        main_image=ImageFactory(credit="Jean Dupont / Le Quotidien", alt_text="L'hémicycle"),
        published_at=timezone.now() - timedelta(hours=1),
        authors=[AuthorFactory(name="Claire Petit", slug="claire-petit")],
        topics=[TopicFactory(name="Budget de l'État", slug="budget")],
        agencies=[AgencyFactory(name="Agence France-Presse", short_name="AFP")],
    )
    return article


def test_ninjs_article_is_valid_ninjs_2(client, story):
    response = client.get(reverse("wire:ninjs-article", kwargs={"pk": story.pk}))
    assert response.status_code == 200
    data = response.json()
    validate(data, 2)  # raises if the IPTC schema disagrees
    assert data["headlines"] == [{"role": "main", "value": "Le budget de l'État adopté"}]
    assert data["by"] == "Claire Petit"
    assert data["infosources"] == [{"name": "AFP", "role": "agency"}]
    assert [(s["rel"], s["name"]) for s in data["subjects"]] == [
        ("section", "Politique"),
        ("topic", "Budget de l'État"),
    ]
    [picture] = data["associations"]
    assert picture["by"] == "Jean Dupont / Le Quotidien"
    assert {r["width"] for r in picture["renditions"]} >= {story.main_image.width}
    assert data["usageterms"] == "Reproduction réservée aux partenaires sous contrat."


def test_ninjs_article_has_an_etag_and_is_cacheable(client, story):
    url = reverse("wire:ninjs-article", kwargs={"pk": story.pk})
    response = client.get(url)
    assert "public" in response["Cache-Control"]
    assert response["Surrogate-Key"] == f"article-{story.pk} ninjs"
    again = client.get(url, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_unpublished_and_scheduled_articles_are_not_exposed(client, story):
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    draft = ArticleFactory(status="draft", published_at=None)
    for article in (scheduled, draft):
        url = reverse("wire:ninjs-article", kwargs={"pk": article.pk})
        assert client.get(url).status_code == 404
    feed = client.get(reverse("wire:ninjs-feed")).json()
    assert [item["headlines"][0]["value"] for item in feed["items"]] == [story.title]


def test_a_partner_token_sees_scheduled_stories_privately(client, story):
    PartnerToken.objects.create(name="Agrégateur", token_hash=hash_token("partner-token"))
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    url = reverse("wire:ninjs-article", kwargs={"pk": scheduled.pk})
    response = client.get(url, headers={"Authorization": "Bearer partner-token"})
    assert response.status_code == 200
    assert "embargoed" in response.json()
    assert "private" in response["Cache-Control"]
    assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_feed_filters_by_section_and_since_and_paginates(
    client, story, settings, django_assert_num_queries
):
    settings.NEWSROOM = {**settings.NEWSROOM, "NINJS_PAGE_SIZE": 2}
    other = SectionFactory(name="Économie", slug="economie")
    old = ArticleFactory(section=other, published_at=timezone.now() - timedelta(days=10))
    for hours in (2, 3):
        ArticleFactory(section=other, published_at=timezone.now() - timedelta(hours=hours))
    url = reverse("wire:ninjs-feed")
    by_section = client.get(url, {"section": "politique"}).json()
    assert [i["uri"].rsplit("/", 1)[-1] for i in by_section["items"]] == [str(story.pk)]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = client.get(url, {"since": since}).json()
    assert recent["count"] == 3 and recent["pages"] == 2 and recent["next"] is not None
    assert str(old.pk) not in {i["uri"].rsplit("/", 1)[-1] for i in recent["items"]}
    bad = client.get(url, {"since": "hier"})
    assert bad.status_code == 400
    # A page of articles costs the same queries whatever it holds.
    with django_assert_num_queries(5):  # count, page, authors, topics, agencies
        client.get(url)


def test_round_trip_article_exported_and_ingested_again(client, story, monkeypatch):
    source = WireSource.objects.create(
        agency=AgencyFactory(name="Le Quotidien", short_name="LQ"),
        provider_ids="AFP",
        picture_hosts=urlsplit("http://127.0.0.1:8000").hostname,
    )
    exported = client.get(reverse("wire:ninjs-article", kwargs={"pk": story.pk})).content

    class Stored(io.BytesIO):
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def fake_urlopen(request, timeout):  # the HTTP boundary: read our own media instead
        path = urlsplit(request.full_url).path.removeprefix("/media/")
        with default_storage.open(path) as file:
            return Stored(file.read())

    monkeypatch.setattr(pictures, "urlopen", fake_urlopen)
    received = ingest(content=exported, origin=ReceivedItem.Origin.COMMAND, source=source)
    [dispatch] = received.dispatches.all()
    assert dispatch.headline == story.title
    assert dispatch.byline == "Claire Petit"
    assert dispatch.body == story.body
    assert dispatch.summary == story.lead
    [picture] = dispatch.pictures.select_related("image")
    assert picture.image.credit.startswith("Jean Dupont / Le Quotidien")
    article = take_dispatch(dispatch=dispatch, by=UserFactory(is_superuser=True, is_staff=True))
    assert (article.title, article.lead, article.body) == (story.title, story.lead, story.body)
    assert json.loads(exported)["by"] == dispatch.byline
