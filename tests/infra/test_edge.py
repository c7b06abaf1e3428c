"""
The edge for real: varnishd with the shipped configuration (deploy/varnish) in front
of the live server, purged by the task worker through ``infra.purgers.varnish``: pages
by surrogate key, a withdrawn image's files by URL.
Without varnishd the tests are skipped, except in CI (``CI`` set), where they fail.
"""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone

from articles import services
from articles.models import Article
from images import rights
from infra import edge
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory
from tests.faults import free_port, port_open

pytestmark = [pytest.mark.edge, pytest.mark.django_db(transaction=True)]

TOKEN = "edge-test-token-0123456789"


def _missing() -> str | None:
    if not shutil.which(edge.VARNISHD):
        return "varnishd is missing (apt-get install varnish varnish-modules)"
    found = subprocess.run(
        [edge.VARNISHD, "-V"], capture_output=True, text=True, check=False
    ).stderr
    if "varnish-7" not in found and "varnish-8" not in found:
        return f"Varnish 7 or later is needed, found {found.splitlines()[:1]}"
    return None


class Edge:
    def __init__(self, url: str):
        self.url = url

    def get(self, path: str, headers: dict | None = None, method: str = "GET"):
        status, headers, body = self.fetch(path, headers, method)
        return status, headers, body.decode()

    def fetch(self, path: str, headers: dict | None = None, method: str = "GET"):
        """The answer's status, headers and body as bytes (a picture's)."""
        request = urllib.request.Request(  # noqa: S310 (http on loopback)
            self.url + path, headers=headers or {}, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def varnish_process(live_server, tmp_path_factory):
    """One varnishd for the module (its VCL takes seconds to compile)."""
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    backend_port = int(live_server.url.rsplit(":", 1)[1])
    port = free_port()
    folder = tmp_path_factory.mktemp("edge")
    # No probe: the test database is closed to the live server between tests, so its
    # health check would fail there (the lifetimes' test probes a fake backend).
    site = edge.site_vcl(backend_port=backend_port, token=TOKEN, probe_url=None)
    (folder / "newsroom_site.vcl").write_text(site)
    process = subprocess.Popen(
        edge.varnishd_command(
            port=port, site_dir=str(folder), work_dir=str(folder / "work"), memory="32m"
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    front = Edge(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 20
    while True:
        if process.poll() is not None:
            pytest.fail(f"varnishd exited: {process.stderr.read()[-2000:]}")
        if port_open(port):
            break
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("varnishd did not answer within 20 s")
        time.sleep(0.1)
    yield front
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def varnish(varnish_process, settings):
    """The edge, and the site purging it through the purge task."""
    settings.NEWSROOM = {
        **settings.NEWSROOM,
        "PAGE_CACHE": True,
        "PURGE_HOOK": "infra.purgers.varnish",
        "VARNISH_PURGE_URLS": varnish_process.url + "/",
        "PURGE_TOKEN": TOKEN,
    }
    return varnish_process


@pytest.fixture(scope="module")
def site_serves_media(live_server):
    """
    The test server answers MEDIA_URL itself (Django's test media handler, without the
    site's Cache-Control); here the site's URLconf does, as SERVE_MEDIA deploys it
    (``newsroom.urls.serve_media``), so the edge sees what a reader's request would.
    """
    httpd = live_server.thread.httpd
    served = httpd.get_app()
    httpd.set_app(type(served)(WSGIHandler()))
    yield
    httpd.set_app(served)


@pytest.fixture
def editor():
    # A transactional test flushes the groups and permissions the migrations made.
    return UserFactory(username="chef", is_staff=True, is_superuser=True)


def wait_for(front: Edge, path: str, text: str, *, limit: float) -> float:
    """Seconds until the edge serves ``text`` at ``path``; fails past ``limit``."""
    start = time.monotonic()
    while True:
        status, _headers, body = front.get(path)
        elapsed = time.monotonic() - start
        if status == 200 and text in body:
            return elapsed
        assert elapsed < limit, f"still not served after {elapsed:.2f} s (status {status})"
        time.sleep(0.02)


def test_a_correction_is_served_by_the_edge_within_a_second(varnish, editor, run_worker):
    article = ArticleFactory(title="Le budget est adopté", section=SectionFactory(slug="eco"))
    path = article.get_absolute_url()

    status, headers, body = varnish.get(path)
    assert (status, headers["X-Edge-Cache"]) == (200, "miss")
    assert "Le budget est adopté" in body
    assert headers["Surrogate-Key"] == f"article-{article.pk}"
    assert "xkey" not in headers
    # Stored: the same page again, and with tracking parameters, is the edge's copy.
    assert varnish.get(path)[1]["X-Edge-Cache"] == "hit"
    assert varnish.get(path + "?utm_source=x&fbclid=abc")[1]["X-Edge-Cache"] == "hit"
    # A parameter the page reads is another page.
    assert varnish.get(path + "?commentaires=1")[1]["X-Edge-Cache"] == "miss"

    services.add_correction(article=article, by=editor, text="Le vote a eu lieu mardi, non lundi.")
    start = time.monotonic()
    run_worker()  # the purge task: a soft purge of article-<id> at the edge
    elapsed = (
        start
        - time.monotonic()
        + wait_for(varnish, path, "Le vote a eu lieu mardi, non lundi.", limit=1.0)
    )
    assert time.monotonic() - start < 1.0, elapsed


def test_a_scheduled_story_appears_at_the_edge_at_its_time(
    varnish, editor, run_worker, django_capture_on_commit_callbacks
):
    draft = ArticleFactory(
        title="Les résultats du premier tour",
        status=Article.Status.DRAFT,
        published_at=None,
        section=SectionFactory(slug="politique"),
        main_image=ImageFactory(),
    )
    due = timezone.now() + timedelta(seconds=2)
    services.publish_article(article=draft, by=editor, at=due)
    path = draft.get_absolute_url()

    # Before its time the edge stores its 404, under the story's key.
    status, headers, _ = varnish.get(path)
    assert (status, headers["Surrogate-Key"]) == (404, f"article-{draft.pk}")
    assert varnish.get(path)[:2][0] == 404
    assert varnish.get(path)[1]["X-Edge-Cache"] == "hit"

    run_worker()  # not yet due: the go-live task stays queued
    assert varnish.get(path)[0] == 404

    time.sleep(max(0.0, (due - timezone.now()).total_seconds()))
    start = time.monotonic()
    run_worker()  # due now: the go-live task, then the purge it queued
    wait_for(varnish, path, "Les résultats du premier tour", limit=1.0)
    assert time.monotonic() - start < 1.0


def test_the_edge_passes_sessions_forms_and_the_admin(varnish):
    article = ArticleFactory()
    path = article.get_absolute_url()
    varnish.get(path)

    assert varnish.get(path, {"Cookie": "sessionid=abc"})[1]["X-Edge-Cache"] == "pass"
    # Another cookie (a CSRF token, a consent banner's) does not make a reader known.
    assert varnish.get(path, {"Cookie": "csrftoken=abc; consent=1"})[1]["X-Edge-Cache"] == "hit"
    assert varnish.get("/admin/login/")[1]["X-Edge-Cache"] == "pass"
    assert varnish.get("/commentaires/jeton/")[1]["X-Edge-Cache"] == "pass"
    _status, headers, _ = varnish.get(f"/commentaires/article/{article.pk}/", method="POST")
    assert headers["X-Edge-Cache"] == "pass"


def test_only_the_application_with_its_token_may_purge(varnish):
    article = ArticleFactory()
    path = article.get_absolute_url()
    varnish.get(path)
    key = {"xkey-softpurge": f"article-{article.pk}"}

    assert varnish.get("/", key, method="PURGE")[0] == 403
    assert varnish.get("/", {**key, "X-Purge-Token": "guess"}, method="PURGE")[0] == 403
    assert varnish.get(path)[1]["X-Edge-Cache"] == "hit"  # still stored

    status, _headers, body = varnish.get("/", {**key, "X-Purge-Token": TOKEN}, method="PURGE")
    assert (status, "Purged 1" in body) == (200, True)


def test_a_withdrawn_image_leaves_the_edge_within_a_second(varnish, site_serves_media, run_worker):
    image = ImageFactory()
    rendition = default_storage.url(image.renditions[0]["path"])
    original = default_storage.url(image.file.name)
    assert rendition == f"/media/images/renditions/{image.pk}/photo-320.avif"

    for path in (rendition, original):
        status, headers, body = varnish.fetch(path)
        assert (status, headers["X-Edge-Cache"], headers["Cache-Control"]) == (
            200,
            "miss",
            "public, max-age=86400",
        )
        assert varnish.fetch(path)[:3:2] == (200, body)
        assert varnish.fetch(path)[1]["X-Edge-Cache"] == "hit"
    # Only the application, with its token, may purge a URL.
    assert varnish.fetch(rendition, method="PURGE")[0] == 403
    assert varnish.fetch(rendition, {"X-Purge-Token": "guess"}, method="PURGE")[0] == 403

    rights.withdraw_image(image=image)
    # The files have left the storage, but the edge still has its copies until the purge.
    assert (default_storage.exists(image.file.name), varnish.fetch(rendition)[0]) == (False, 200)
    start = time.monotonic()
    run_worker()  # the purge task: a hard purge of each file's URL at the edge
    for path in (rendition, original):
        while (status := varnish.fetch(path)[0]) != 404:
            assert time.monotonic() - start < 1.0, f"{path} still answers {status}"
            time.sleep(0.02)
    assert time.monotonic() - start < 1.0
