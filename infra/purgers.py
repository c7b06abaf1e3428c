"""
The purge hooks (``NEWSROOM["PURGE_HOOK"]``, see ``infra.generations``): each takes
the surrogate keys of a batch and purges them from an edge, raising when the edge
does not confirm, so that the purge task (``infra.tasks.purge_cdn``) tries again
later and the keys stay pending meanwhile. They run in the task worker only.

- ``infra.purgers.varnish``: the edge shipped in ``deploy/varnish`` (docs/edge.md),
  an xkey soft purge on each of ``VARNISH_PURGE_URLS``, with ``PURGE_TOKEN``.
- ``infra.purgers.fastly``: Fastly's purge by surrogate key (``Surrogate-Key``),
  soft, with ``FASTLY_SERVICE_ID`` and ``FASTLY_API_TOKEN``.
- ``infra.purgers.cloudflare``: Cloudflare's purge by cache tag (``Cache-Tag``),
  with ``CLOUDFLARE_ZONE_ID`` and ``CLOUDFLARE_API_TOKEN``.

Several edges (Varnish behind a CDN): ``infra.purgers.varnish_then_fastly`` and
``infra.purgers.varnish_then_cloudflare`` purge the inner edge first, so the CDN
fetches the fresh page from it.
"""

from collections.abc import Iterator

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TIMEOUT_SECONDS = 10
# What each service takes in one request (Cloudflare: 30 tags a call on most plans;
# Fastly: 256 keys; Varnish: what fits comfortably in a request header).
VARNISH_KEYS_PER_REQUEST = 100
FASTLY_KEYS_PER_REQUEST = 256
CLOUDFLARE_TAGS_PER_REQUEST = 30

# One connection pool per worker process.
_session = requests.Session()


class PurgeRefused(Exception):
    """The edge did not confirm the purge: the task tries again later."""


def _setting(name: str) -> str:
    value = settings.NEWSROOM.get(name)
    if not value:
        raise ImproperlyConfigured(f"The purge hook needs NEWSROOM[{name!r}].")
    return value


def _batches(keys: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _check(response: requests.Response, edge: str) -> requests.Response:
    if response.status_code >= 300:
        raise PurgeRefused(f"{edge} answered {response.status_code}: {response.text[:200]}")
    return response


def varnish(keys: list[str]) -> None:
    """
    Soft-purge the keys from every Varnish of ``VARNISH_PURGE_URLS`` (comma-separated):
    ``PURGE`` with ``xkey-softpurge: <keys>`` and ``X-Purge-Token``. A soft purge marks
    the pages stale: the next request fetches them again (the stale page is kept for
    stale-if-error and answers with its ETag, so the fetch is often a 304).
    """
    token = _setting("PURGE_TOKEN")
    urls = [url.strip() for url in _setting("VARNISH_PURGE_URLS").split(",") if url.strip()]
    for url in urls:
        for batch in _batches(keys, VARNISH_KEYS_PER_REQUEST):
            response = _session.request(
                "PURGE",
                url,
                headers={"xkey-softpurge": " ".join(batch), "X-Purge-Token": token},
                timeout=TIMEOUT_SECONDS,
            )
            _check(response, f"Varnish {url}")


def fastly(keys: list[str]) -> None:
    """
    Fastly's purge by surrogate key (the pages' ``Surrogate-Key``), soft: ``POST
    /service/<id>/purge`` with the keys space-separated in ``Surrogate-Key``,
    ``Fastly-Key`` and ``Fastly-Soft-Purge: 1``.
    """
    base = settings.NEWSROOM.get("FASTLY_API_URL") or "https://api.fastly.com"
    url = f"{base.rstrip('/')}/service/{_setting('FASTLY_SERVICE_ID')}/purge"
    token = _setting("FASTLY_API_TOKEN")
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


def cloudflare(keys: list[str]) -> None:
    """
    Cloudflare's purge by cache tag (the pages' ``Cache-Tag``): ``POST
    /zones/<id>/purge_cache`` with ``{"tags": [...]}`` and a bearer API token; the
    answer's ``success`` must be true.
    """
    base = settings.NEWSROOM.get("CLOUDFLARE_API_URL") or "https://api.cloudflare.com/client/v4"
    url = f"{base.rstrip('/')}/zones/{_setting('CLOUDFLARE_ZONE_ID')}/purge_cache"
    token = _setting("CLOUDFLARE_API_TOKEN")
    for batch in _batches(keys, CLOUDFLARE_TAGS_PER_REQUEST):
        response = _check(
            _session.post(
                url,
                json={"tags": batch},
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


def varnish_then_fastly(keys: list[str]) -> None:
    """Varnish behind Fastly: the inner edge first."""
    varnish(keys)
    fastly(keys)


def varnish_then_cloudflare(keys: list[str]) -> None:
    """Varnish behind Cloudflare: the inner edge first."""
    varnish(keys)
    cloudflare(keys)
