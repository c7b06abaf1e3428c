"""
The edge's lifetimes, with varnishd and the shipped VCL in front of a fake backend
whose health the test turns off and on: s-maxage is the TTL, stale-while-revalidate
serves the stale page while it is fetched again, and past it a stale page stands in
only while the backend is down (stale-if-error); a response setting a cookie is never
stored. Skipped without varnishd, failing under CI (see test_edge.py).
"""

import os
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from infra import edge
from tests.faults import free_port
from tests.httpfakes import LoopbackServer, QuietHandler
from tests.infra.test_edge import _missing

pytestmark = pytest.mark.edge

LIFETIMES = "public, max-age=0, s-maxage=1, stale-while-revalidate=2, stale-if-error=3600"


class Backend:
    """A site whose version and health the test sets; it counts the page's fetches."""

    def __init__(self):
        self.version, self.healthy, self.fetches = 1, True, 0
        backend = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                if not backend.healthy:
                    self.send_body(503, b"down", {"Cache-Control": "no-store"})
                elif self.path == "/healthz":
                    self.send_body(200, b"ok", {"Cache-Control": "no-store"})
                elif self.path == "/cookie/":
                    cookie = {"Cache-Control": LIFETIMES, "Set-Cookie": "a=1"}
                    self.send_body(200, b"cookie", cookie)
                else:
                    backend.fetches += 1
                    body = f"version {backend.version}".encode()
                    page = {"Cache-Control": LIFETIMES, "Surrogate-Key": "front"}
                    self.send_body(200, body, page)

        self.server = LoopbackServer(Handler).start()
        self.port = self.server.port

    def close(self):
        self.server.close()


@pytest.fixture
def backend():
    site = Backend()
    yield site
    site.close()


@pytest.fixture
def front(backend, tmp_path):
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    port = free_port()
    site = edge.site_vcl(backend_port=backend.port, token="t" * 20, probe_interval="0.2s")
    (tmp_path / "newsroom_site.vcl").write_text(site)
    process = subprocess.Popen(
        edge.varnishd_command(
            port=port, site_dir=str(tmp_path), work_dir=str(tmp_path / "work"), memory="16m"
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while get(url + "/healthz")[0] != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("varnishd did not start")
        time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
    except OSError:
        return None, {}, ""


def wait_until(condition, limit: float = 5.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.05)


def test_the_edge_follows_the_page_s_lifetimes(backend, front):
    assert get(front + "/page/")[2] == "version 1"
    assert get(front + "/page/")[1]["X-Edge-Cache"] == "hit"
    assert backend.fetches == 1

    # Past s-maxage, within stale-while-revalidate: the stale page at once, refreshed
    # in the background.
    time.sleep(1.2)
    backend.version = 2
    assert get(front + "/page/")[2] == "version 1"
    wait_until(lambda: get(front + "/page/")[2] == "version 2")
    assert backend.fetches == 2

    # Past stale-while-revalidate with the site up: the reader waits for a fresh page.
    time.sleep(3.2)
    backend.version = 3
    assert get(front + "/page/")[2] == "version 3"

    # The site down: past both, the stale page stands in (stale-if-error).
    backend.healthy = False
    time.sleep(3.2)
    status, _headers, body = get(front + "/page/")
    assert (status, body) == (200, "version 3")

    # Back up: the next request past the lifetimes fetches it again.
    backend.healthy, backend.version = True, 4
    wait_until(lambda: get(front + "/page/")[2] == "version 4")


def test_a_response_setting_a_cookie_is_never_stored(backend, front):
    get(front + "/cookie/")

    status, headers, _body = get(front + "/cookie/")

    assert (status, headers["X-Edge-Cache"], headers["Set-Cookie"]) == (200, "pass", "a=1")
