"""
An image's files leaving the public storage leave the edge and the CDN too: the
storage answers 404 for them at once, but a copy of ``/media/…`` cached in front
would be served until its TTL (docs/images.md). Their public URLs are purged hard
through the pending purges (``infra.generations.purge_urls``), when a purge hook is set.
"""

from collections.abc import Iterable

from django.core.files.storage import default_storage

from infra import generations
from infra.site import absolute_url


def public_url(name: str) -> str:
    """Where readers fetch a stored file: ``default_storage.url``, made absolute on the site."""
    return absolute_url(default_storage.url(name))


def purge_files(names: Iterable[str]) -> None:
    """Purge these files (taken off the public storage) from the edge and the CDN."""
    generations.purge_urls([public_url(name) for name in names if name])
