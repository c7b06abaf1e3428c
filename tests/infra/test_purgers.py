"""
The purge hooks' requests, exactly as each edge expects them, against a local fake
endpoint (never the internet): Varnish's xkey soft purge and its hard purge of a URL,
Fastly's purge by surrogate key and by URL, Cloudflare's purge by cache tag and by
file; an edge that refuses leaves the keys and URLs pending.
"""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from infra import generations, purgers
from infra.models import PendingPurge
from tests.httpfakes import LoopbackServer, QuietHandler


class FakeEdge:
    """An HTTP server on loopback that records each request and answers as told."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        self.body = b"{}"
        edge = self

        class Handler(QuietHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                edge.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": self.rfile.read(length),
                    }
                )
                self.send_body(edge.status, edge.body, {"Content-Type": "application/json"})

            do_POST = do_PURGE = _answer

        self.server = LoopbackServer(Handler).start()
        self.url = self.server.url

    def close(self):
        self.server.close()


@pytest.fixture
def fake_edge():
    edge = FakeEdge()
    yield edge
    edge.close()


def configure(settings, **values):
    settings.NEWSROOM = {**settings.NEWSROOM, **values}


def test_varnish_soft_purges_the_keys_with_the_token(settings, fake_edge):
    configure(
        settings,
        VARNISH_PURGE_URLS=f"{fake_edge.url}/, {fake_edge.url}/second",
        PURGE_TOKEN="s3cret",
    )

    purgers.varnish(["article-7", "front", "section-economie"])

    assert [
        (r["method"], r["path"], r["headers"]["xkey-softpurge"], r["headers"]["x-purge-token"])
        for r in fake_edge.requests
    ] == [
        ("PURGE", "/", "article-7 front section-economie", "s3cret"),
        ("PURGE", "/second", "article-7 front section-economie", "s3cret"),
    ]


def test_varnish_takes_a_hundred_keys_a_request(settings, fake_edge):
    configure(settings, VARNISH_PURGE_URLS=fake_edge.url + "/", PURGE_TOKEN="t")

    purgers.varnish([f"article-{n}" for n in range(250)])

    sizes = [len(r["headers"]["xkey-softpurge"].split()) for r in fake_edge.requests]
    assert sizes == [100, 100, 50]
    assert fake_edge.requests[2]["headers"]["xkey-softpurge"].split()[-1] == "article-249"


def test_fastly_soft_purges_by_surrogate_key(settings, fake_edge):
    configure(
        settings,
        FASTLY_API_URL=fake_edge.url,
        FASTLY_SERVICE_ID="SU1Z0isxPaozGVKXdv0eY",
        FASTLY_API_TOKEN="fastly-token",
    )
    fake_edge.body = b'{"article-7": "108-1391560174-974124", "front": "108-1391560174-974125"}'

    purgers.fastly(["article-7", "front"])

    (request,) = fake_edge.requests
    assert (request["method"], request["path"], request["body"]) == (
        "POST",
        "/service/SU1Z0isxPaozGVKXdv0eY/purge",
        b"",
    )
    headers = request["headers"]
    assert (
        headers["fastly-key"],
        headers["fastly-soft-purge"],
        headers["surrogate-key"],
        headers["accept"],
    ) == ("fastly-token", "1", "article-7 front", "application/json")


def cloudflare_confirming(settings, fake_edge) -> None:
    """The Cloudflare hook set up against the fake endpoint, which confirms each purge."""
    configure(
        settings,
        CLOUDFLARE_API_URL=fake_edge.url + "/client/v4",
        CLOUDFLARE_ZONE_ID="023e105f4ecef8ad9ca31a8372d0c353",
        CLOUDFLARE_API_TOKEN="cf-token",
    )
    fake_edge.body = b'{"success": true, "errors": [], "messages": [], "result": {"id": "1"}}'


def test_cloudflare_purges_by_cache_tag_thirty_at_a_time(settings, fake_edge):
    cloudflare_confirming(settings, fake_edge)
    keys = [f"article-{n}" for n in range(31)]

    purgers.cloudflare(keys)

    assert [
        (r["method"], r["path"], r["headers"]["authorization"], r["headers"]["content-type"])
        for r in fake_edge.requests
    ] == [
        (
            "POST",
            "/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache",
            "Bearer cf-token",
            "application/json",
        )
    ] * 2
    assert [json.loads(r["body"]) for r in fake_edge.requests] == [
        {"tags": keys[:30]},
        {"tags": keys[30:]},
    ]


def test_cloudflare_answering_success_false_is_a_refusal(settings, fake_edge):
    configure(
        settings,
        CLOUDFLARE_API_URL=fake_edge.url,
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_API_TOKEN="cf-token",
    )
    fake_edge.body = b'{"success": false, "errors": [{"code": 10000, "message": "Auth"}]}'

    with pytest.raises(purgers.PurgeRefused, match="did not confirm"):
        purgers.cloudflare(["front"])


@pytest.mark.parametrize("status", [403, 500, 503])
def test_an_edge_answering_an_error_is_a_refusal(settings, fake_edge, status):
    configure(settings, VARNISH_PURGE_URLS=fake_edge.url, PURGE_TOKEN="t")
    fake_edge.status = status

    with pytest.raises(purgers.PurgeRefused, match=f"answered {status}"):
        purgers.varnish(["front"])


def test_a_hook_without_its_settings_says_which_one_is_missing(settings):
    configure(settings, VARNISH_PURGE_URLS="http://127.0.0.1:9/", PURGE_TOKEN="")

    with pytest.raises(ImproperlyConfigured, match="PURGE_TOKEN"):
        purgers.varnish(["front"])


def test_varnish_then_cloudflare_purges_the_inner_edge_first(settings, fake_edge):
    configure(
        settings,
        VARNISH_PURGE_URLS=fake_edge.url + "/varnish",
        PURGE_TOKEN="t",
        CLOUDFLARE_API_URL=fake_edge.url,
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_API_TOKEN="cf",
    )
    fake_edge.body = b'{"success": true}'

    purgers.varnish_then_cloudflare(["front"])

    assert [r["path"] for r in fake_edge.requests] == ["/varnish", "/zones/zone/purge_cache"]


@pytest.mark.django_db(transaction=True)
def test_the_purge_task_hands_the_pending_keys_to_varnish(settings, fake_edge, run_worker):
    configure(
        settings,
        PURGE_HOOK="infra.purgers.varnish",
        VARNISH_PURGE_URLS=fake_edge.url + "/",
        PURGE_TOKEN="t",
    )
    generations.article_changed(12, section_slug="monde", listings=True)

    run_worker()

    assert [r["headers"]["xkey-softpurge"] for r in fake_edge.requests] == [
        "article-12 front section-monde"
    ]
    assert PendingPurge.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_refused_purge_is_tried_again_by_the_task(settings, fake_edge, run_worker):
    configure(
        settings,
        PURGE_HOOK="infra.purgers.varnish",
        VARNISH_PURGE_URLS=fake_edge.url + "/",
        PURGE_TOKEN="t",
    )
    fake_edge.status = 503
    generations.article_changed(12)

    run_worker()

    # Refused: the key stays pending and the task is queued again, for later.
    assert list(PendingPurge.objects.values_list("key", flat=True)) == ["article-12"]
    (record,) = DBTaskResult.objects.all()
    assert (record.task_path, record.status) == ("infra.tasks.purge_cdn", "READY")
    assert record.run_after > timezone.now()
    assert len(fake_edge.requests) == 1


MEDIA = "https://www.example.fr/media/images/renditions/4/le-port-320.jpg"
CROP = "https://www.example.fr/media/images/renditions/4/le-port-1x1-crop-160.webp"


def test_varnish_purges_each_url_hard_at_its_path_on_every_edge(settings, fake_edge):
    configure(
        settings,
        VARNISH_PURGE_URLS=f"{fake_edge.url}/, {fake_edge.url}/second",
        PURGE_TOKEN="s3cret",
    )

    purgers.varnish([], [MEDIA, CROP])

    assert [
        (r["method"], r["path"], r["headers"]["x-purge-token"], "xkey-softpurge" in r["headers"])
        for r in fake_edge.requests
    ] == [
        ("PURGE", "/media/images/renditions/4/le-port-320.jpg", "s3cret", False),
        ("PURGE", "/media/images/renditions/4/le-port-1x1-crop-160.webp", "s3cret", False),
    ] * 2


def test_fastly_purges_each_url_hard_by_its_host_and_path(settings, fake_edge):
    configure(
        settings,
        FASTLY_API_URL=fake_edge.url,
        FASTLY_SERVICE_ID="SU1Z0isxPaozGVKXdv0eY",
        FASTLY_API_TOKEN="fastly-token",
    )
    fake_edge.body = b'{"status": "ok", "id": "108-1391560174-974124"}'

    purgers.fastly(["front"], [MEDIA])

    assert [(r["method"], r["path"]) for r in fake_edge.requests] == [
        ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge"),
        ("POST", "/purge/www.example.fr/media/images/renditions/4/le-port-320.jpg"),
    ]
    headers = fake_edge.requests[1]["headers"]
    assert (headers["fastly-key"], "fastly-soft-purge" in headers, "surrogate-key" in headers) == (
        "fastly-token",
        False,
        False,
    )


def test_cloudflare_purges_the_urls_as_files_thirty_at_a_time(settings, fake_edge):
    cloudflare_confirming(settings, fake_edge)
    urls = [f"https://www.example.fr/media/images/renditions/{n}/photo-320.jpg" for n in range(31)]

    purgers.cloudflare(["front"], urls)

    assert [(r["path"], r["headers"]["authorization"]) for r in fake_edge.requests] == [
        ("/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache", "Bearer cf-token")
    ] * 3
    assert [json.loads(r["body"]) for r in fake_edge.requests] == [
        {"tags": ["front"]},
        {"files": urls[:30]},
        {"files": urls[30:]},
    ]


def test_varnish_then_fastly_purges_the_urls_at_both(settings, fake_edge):
    configure(
        settings,
        VARNISH_PURGE_URLS=fake_edge.url + "/varnish",
        PURGE_TOKEN="t",
        FASTLY_API_URL=fake_edge.url,
        FASTLY_SERVICE_ID="service",
        FASTLY_API_TOKEN="f",
    )

    purgers.varnish_then_fastly([], [MEDIA])

    assert [(r["method"], r["path"]) for r in fake_edge.requests] == [
        ("PURGE", "/media/images/renditions/4/le-port-320.jpg"),
        ("POST", "/purge/www.example.fr/media/images/renditions/4/le-port-320.jpg"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_refused_url_purge_stays_pending_and_is_tried_again(settings, fake_edge, run_worker):
    configure(
        settings,
        PURGE_HOOK="infra.purgers.varnish",
        VARNISH_PURGE_URLS=fake_edge.url + "/",
        PURGE_TOKEN="t",
    )
    fake_edge.status = 503
    generations.purge_urls([MEDIA])

    run_worker()

    assert list(PendingPurge.objects.values_list("key", flat=True)) == [f"url:{MEDIA}"]
    (record,) = DBTaskResult.objects.all()
    assert (record.task_path, record.status) == ("infra.tasks.purge_cdn", "READY")
    assert record.run_after > timezone.now()

    fake_edge.status = 200
    assert generations.purge_pending() == 1
    assert [(r["method"], r["path"]) for r in fake_edge.requests] == [
        ("PURGE", "/media/images/renditions/4/le-port-320.jpg")
    ] * 2
    assert PendingPurge.objects.count() == 0
