"""
The purge hooks (``NEWSROOM["PURGE_HOOK"]``, see ``infra.generations``): each takes
the surrogate keys and the URLs of a batch, ``hook(keys, urls)``, and purges them from
an edge, raising when the edge does not confirm, so that the purge task
(``infra.tasks.purge_cdn``) tries again later and they stay pending meanwhile. Keys are
purged soft (a page changed: a stale copy may stand in while the fresh one is
fetched); URLs hard (a withdrawn image's files: its rights forbid any copy). They run
in the task worker only.

- ``infra.purgers.varnish``: the edge shipped in ``deploy/varnish`` (docs/edge.md),
  an xkey soft purge on each of ``VARNISH_PURGE_URLS``, and a ``PURGE`` of each URL's
  path there, with ``PURGE_TOKEN``.
- ``infra.purgers.fastly``: Fastly's purge by surrogate key (``Surrogate-Key``),
  soft, and its single-URL purge, with ``FASTLY_SERVICE_ID`` and ``FASTLY_API_TOKEN``.
- ``infra.purgers.cloudflare``: Cloudflare's purge by cache tag (``Cache-Tag``) and
  by URL (``files``), with ``CLOUDFLARE_ZONE_ID`` and ``CLOUDFLARE_API_TOKEN``.

Several edges (Varnish behind a CDN): ``infra.purgers.varnish_then_fastly`` and
``infra.purgers.varnish_then_cloudflare`` purge the inner edge first, so the CDN
fetches the fresh page from it.
"""

from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TIMEOUT_SECONDS = 10
# What each service takes in one request (Cloudflare: 30 tags or 30 URLs a call on
# most plans; Fastly: 256 keys, one URL; Varnish: what fits comfortably in a request
# header, one URL).
VARNISH_KEYS_PER_REQUEST = 100
FASTLY_KEYS_PER_REQUEST = 256
CLOUDFLARE_TAGS_PER_REQUEST = 30
CLOUDFLARE_FILES_PER_REQUEST = 30

# One connection pool per worker process.
_session = requests.Session()


class PurgeRefused(Exception):
    """The edge did not confirm the purge: the task tries again later."""


def _setting(name: str) -> str:
    value = settings.NEWSROOM.get(name)
    if not value:
        raise ImproperlyConfigured(f"The purge hook needs NEWSROOM[{name!r}].")
    return value


def _batches(keys: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _check(response: requests.Response, edge: str) -> requests.Response:
    if response.status_code >= 300:
        raise PurgeRefused(f"{edge} answered {response.status_code}: {response.text[:200]}")
    return response


def varnish(keys: Sequence[str], urls: Sequence[str] = ()) -> None:
    """
    Soft-purge the keys from every Varnish of ``VARNISH_PURGE_URLS`` (comma-separated):
    ``PURGE`` with ``xkey-softpurge: <keys>`` and ``X-Purge-Token``. A soft purge marks
    the pages stale: the next request fetches them again (the stale page is kept for
    stale-if-error and answers with its ETag, so the fetch is often a 304).
    Each URL is purged hard: ``PURGE <that Varnish's address><the URL's path>`` with the
    token and no ``xkey-softpurge``, which removes the object the path names (the VCL
    hashes the URL alone, whatever the host).
    """
    token = _setting("PURGE_TOKEN")
    edges = [url.strip() for url in _setting("VARNISH_PURGE_URLS").split(",") if url.strip()]
    paths = [_path(url) for url in urls]
    for edge in edges:
        for batch in _batches(keys, VARNISH_KEYS_PER_REQUEST):
            response = _session.request(
                "PURGE",
                edge,
                headers={"xkey-softpurge": " ".join(batch), "X-Purge-Token": token},
                timeout=TIMEOUT_SECONDS,
            )
            _check(response, f"Varnish {edge}")
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(edge))
        for path in paths:
            response = _session.request(
                "PURGE", origin + path, headers={"X-Purge-Token": token}, timeout=TIMEOUT_SECONDS
            )
            _check(response, f"Varnish {origin}")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def fastly(keys: Sequence[str], urls: Sequence[str] = ()) -> None:
    """
    Fastly's purge by surrogate key (the pages' ``Surrogate-Key``), soft: ``POST
    /service/<id>/purge`` with the keys space-separated in ``Surrogate-Key``,
    ``Fastly-Key`` and ``Fastly-Soft-Purge: 1``. Each URL by Fastly's single-URL purge,
    hard (no ``Fastly-Soft-Purge``): ``POST /purge/<host/path>`` with ``Fastly-Key``.
    """
    base = (settings.NEWSROOM.get("FASTLY_API_URL") or "https://api.fastly.com").rstrip("/")
    token = _setting("FASTLY_API_TOKEN")
    if keys:
        url = f"{base}/service/{_setting('FASTLY_SERVICE_ID')}/purge"
        for batch in _batches(keys, FASTLY_KEYS_PER_REQUEST):
            response = _session.post(
                url,
                headers={
                    "Fastly-Key": token,
                    "Fastly-Soft-Purge": "1",
                    "Surrogate-Key": " ".join(batch),
                    "Accept": "application/json",
                },
                timeout=TIMEOUT_SECONDS,
            )
            _check(response, "Fastly")
    for cached in urls:
        parts = urlsplit(cached)
        response = _session.post(
            f"{base}/purge/{parts.netloc}{_path(cached)}",
            headers={"Fastly-Key": token, "Accept": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
        _check(response, "Fastly")


def cloudflare(keys: Sequence[str], urls: Sequence[str] = ()) -> None:
    """
    Cloudflare's purge by cache tag (the pages' ``Cache-Tag``): ``POST
    /zones/<id>/purge_cache`` with ``{"tags": [...]}`` and a bearer API token, and by
    URL with ``{"files": [...]}`` (a hard purge: Cloudflare keeps no stale copy of a
    purged file); the answer's ``success`` must be true.
    """
    base = settings.NEWSROOM.get("CLOUDFLARE_API_URL") or "https://api.cloudflare.com/client/v4"
    url = f"{base.rstrip('/')}/zones/{_setting('CLOUDFLARE_ZONE_ID')}/purge_cache"
    token = _setting("CLOUDFLARE_API_TOKEN")
    bodies = [{"tags": batch} for batch in _batches(keys, CLOUDFLARE_TAGS_PER_REQUEST)]
    bodies += [{"files": batch} for batch in _batches(urls, CLOUDFLARE_FILES_PER_REQUEST)]
    for body in bodies:
        response = _check(
            _session.post(
                url,
                json={name: list(values) for name, values in body.items()},
                headers={"Authorization": f"Bearer {token}"},
                timeout=TIMEOUT_SECONDS,
            ),
            "Cloudflare",
        )
        try:
            confirmed = response.json().get("success") is True
        except ValueError:
            confirmed = False
        if not confirmed:
            raise PurgeRefused(f"Cloudflare did not confirm the purge: {response.text[:200]}")


def varnish_then_fastly(keys: Sequence[str], urls: Sequence[str] = ()) -> None:
    """Varnish behind Fastly: the inner edge first."""
    varnish(keys, urls)
    fastly(keys, urls)


def varnish_then_cloudflare(keys: Sequence[str], urls: Sequence[str] = ()) -> None:
    """Varnish behind Cloudflare: the inner edge first."""
    varnish(keys, urls)
    cloudflare(keys, urls)
