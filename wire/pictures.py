"""
A dispatch's pictures are downloaded once and stored as our own images: a reader's
browser never loads them from the agency (no hot-linking). Only the agency's own
picture servers are asked (``WireSource.picture_hosts``), over HTTP(S), with a size
limit and a timeout, so an item cannot make the server fetch anything else (no
request to an internal address on an item's say-so). A file delivered next to the
item (drop folder, command line) is read from that folder only.
"""

import io
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.translation import gettext

from images.models import Image
from images.services import save_image
from images.uploads import clean_upload
from wire.parsing import ParsedPicture


class PictureError(Exception):
    """A picture of an item could not be fetched or stored: noted in the ingest log."""


def _download(url: str, *, max_bytes: int) -> bytes:
    request = Request(url, headers={"User-Agent": "Newsroom wire desk"})  # noqa: S310 (host allow-listed)
    timeout = settings.NEWSROOM["WIRE_PICTURE_TIMEOUT_SECONDS"]
    with urlopen(request, timeout=timeout) as response:  # noqa: S310
        data = response.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PictureError(gettext("photo trop lourde"))
    return data


def fetch(href: str, *, hosts: list[str], folder: Path | None) -> bytes:
    """The bytes of a picture, from an allowed host or from the item's folder."""
    max_bytes = settings.NEWSROOM["WIRE_PICTURE_MAX_BYTES"]
    parts = urlsplit(href)
    if parts.scheme in {"http", "https"}:
        if (parts.hostname or "").lower() not in hosts:
            raise PictureError(
                gettext("serveur « %(host)s » non autorisé pour cette agence")
                % {"host": parts.hostname}
            )
        try:
            return _download(href, max_bytes=max_bytes)
        except OSError as error:
            message = gettext("téléchargement impossible (%(error)s)") % {"error": error}
            raise PictureError(message) from None
    if parts.scheme in {"", "file"} and folder is not None:
        path = (folder / parts.path.lstrip("/").strip()).resolve()
        if not path.is_relative_to(folder.resolve()) or not path.is_file():
            raise PictureError(gettext("fichier introuvable à côté de la dépêche"))
        if path.stat().st_size > max_bytes:
            raise PictureError(gettext("photo trop lourde"))
        return path.read_bytes()
    raise PictureError(gettext("adresse inutilisable"))


def store(picture: ParsedPicture, *, data: bytes, credit: str, alt_text: str) -> Image:
    """Validate and store the downloaded bytes as an image (``ValidationError`` if not one)."""
    clean = clean_upload(
        io.BytesIO(data),
        max_bytes=settings.NEWSROOM["WIRE_PICTURE_MAX_BYTES"],
        max_pixels=settings.NEWSROOM["IMAGE_MAX_PIXELS"],
    )
    image = Image(
        alt_text=alt_text[:250],
        caption=picture.caption[:500],
        credit=credit[:200],
    )
    return save_image(
        image=image, clean=clean, original_name=Path(urlsplit(picture.href).path).name
    )


__all__ = ["PictureError", "fetch", "store"]
