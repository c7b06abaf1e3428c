"""The desk's French search: dispatches indexed at ingest, found accents, case and stems aside."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from search.models import Entry
from search.query import parse
from tests.factories import UserFactory
from wire import indexing
from wire.models import Dispatch, ReceivedItem
from wire.services import ingest, purge_unused_dispatches

pytestmark = pytest.mark.django_db
QUERIES = 12  # a page of the queue, searched or not (tests/wire/test_admin.py)


def ninjs(uri: str, headline: str, body: str, version: str = "1") -> bytes:
    return json.dumps(
        {
            "uri": uri,
            "version": version,
            "pubstatus": "usable",
            "language": "fr",
            "headlines": [{"role": "main", "value": headline}],
            "bodies": [{"role": "html", "contenttype": "text/html", "value": body}],
        }
    ).encode()


@pytest.fixture
def dispatches(afp):
    def _ingest(content):
        received = ingest(content=content, origin=ReceivedItem.Origin.COMMAND, source=afp)
        assert received.outcome == ReceivedItem.Outcome.ACCEPTED, received.log
        return received.dispatches.get()

    return {
        "elysee": _ingest(
            ninjs("urn:afp:1", "Réunion à l'Élysée", "<p>Le président reçoit les syndicats.</p>")
        ),
        "invest": _ingest(
            ninjs(
                "urn:afp:2",
                "Plan de relance",
                "<p>Un investissement de 5 milliards d'euros dans le rail.</p>",
            )
        ),
        "other": _ingest(
            ninjs("urn:afp:3", "Météo", "<p>Pluie sur la Bretagne, soleil à Marseille.</p>")
        ),
    }


def _found(query: str) -> list[int]:
    return sorted(
        indexing.matching(Dispatch.objects.all(), parse(query)).values_list("pk", flat=True)
    )


def test_ingest_indexes_each_dispatch_in_its_transaction(dispatches):
    ids = sorted(d.pk for d in dispatches.values())
    assert sorted(Entry.objects.filter(kind="dispatch").values_list("object_id", flat=True)) == ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("elysee", ["elysee"]),
        ("ÉLYSÉE", ["elysee"]),
        ("investir", ["invest"]),
        ("syndicat", ["elysee"]),
        ("milliard rail", ["invest"]),
        ("marseille -bretagne", []),
        ("président", ["elysee"]),
    ],
)
def test_french_search_folds_accents_and_stems(dispatches, query, expected):
    assert _found(query) == sorted(dispatches[name].pk for name in expected)


@pytest.fixture
def desk(client):
    user = UserFactory(username="desk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename="view_dispatch"))
    client.force_login(user)
    return user


def test_the_desk_search_box_uses_the_french_search(client, desk, dispatches):
    url = reverse("admin:wire_dispatch_changelist")

    def listed(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [d.pk for d in response.context["cl"].result_list]

    assert listed(q="elysee") == [dispatches["elysee"].pk]
    assert listed(q="investir") == [dispatches["invest"].pk]
    assert listed(q="investi") == [dispatches["invest"].pk]  # the last word as a prefix
    assert listed(q="elysee", language="de") == []  # with the filters
    assert listed(q="") == [d.pk for d in reversed(dispatches.values())]


def test_a_new_version_is_found_and_a_purged_dispatch_forgotten(afp, dispatches, settings):
    ingest(
        content=ninjs("urn:afp:3", "Météo", "<p>Orages sur l'Élysée.</p>", version="2"),
        origin=ReceivedItem.Origin.COMMAND,
        source=afp,
    )
    newest = Dispatch.objects.get(uri="urn:afp:3", version="2")
    assert _found("orage") == [newest.pk]
    settings.NEWSROOM = {**settings.NEWSROOM, "WIRE_RETENTION_DAYS": -1}
    assert purge_unused_dispatches() == 4
    assert (_found("elysee"), Entry.objects.filter(kind="dispatch").count()) == ([], 0)


def test_rebuild_search_index_knows_dispatches(dispatches):
    from django.core.management import call_command

    Entry.objects.filter(kind="dispatch").delete()
    call_command("rebuild_search_index", "dispatch")
    assert _found("elysee") == [dispatches["elysee"].pk]


def test_a_desk_search_costs_the_same_whatever_it_finds(
    client, desk, afp, dispatches, django_assert_num_queries
):
    url = reverse("admin:wire_dispatch_changelist")
    with django_assert_num_queries(QUERIES):
        assert len(client.get(url, {"q": "elysee"}).context["cl"].result_list) == 1
    for number in range(4, 7):
        ingest(
            content=ninjs(f"urn:afp:{number}", f"Élysée, épisode {number}", "<p>Texte.</p>"),
            origin=ReceivedItem.Origin.COMMAND,
            source=afp,
        )
    with django_assert_num_queries(QUERIES):
        assert len(client.get(url, {"q": "elysee"}).context["cl"].result_list) == 4
