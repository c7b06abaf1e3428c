"""
Reading untrusted agency bytes: the encoding, then a hardened XML parse.

Feeds lie about their encoding (a declaration that says ISO-8859-1 over UTF-8 bytes,
or none at all over Windows-1252) and point to external DTDs (``<!DOCTYPE nitf
SYSTEM "nitf-3-6.dtd">``). The text is decoded here, in this order: a byte-order
mark, the XML declaration, an HTML ``<meta charset>``, then UTF-8 and finally
Windows-1252; a declared encoding the bytes contradict is corrected when the bytes
are valid UTF-8, refused when nothing reads them.

lxml parses with entity resolution, DTD loading and the network off, so no DTD and no
entity is ever fetched; a document that declares entities at all (the "billion laughs"
bomb, an external entity pointing to a local file) is refused outright, since no
agency format needs them.
"""

import codecs
import re

from django.utils.translation import gettext_lazy as _
from lxml import etree

from wire.parsing.errors import WireError

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
# Encodings that read any byte: a declaration of one of them proves nothing.
SINGLE_BYTE = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "cp1252", "windows-1252"})


def _normal(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise WireError(
            _("Encodage déclaré inconnu : « %(name)s ».") % {"name": name}, code="encoding"
        ) from None


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode(raw: bytes) -> tuple[str, str]:
    """The text of ``raw`` and the encoding it was read in (see the module's docstring)."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(name), name
            except UnicodeDecodeError:
                raise WireError(
                    _("Le fichier annonce %(name)s par sa marque d'ordre mais ne s'y lit pas.")
                    % {"name": name},
                    code="encoding",
                ) from None
    found = XML_DECLARATION.match(raw) or META_CHARSET.search(raw[:4096])
    declared = _normal(found.group(1).decode("ascii")) if found else None
    if declared in SINGLE_BYTE or declared is None or declared == "utf-8":
        text = _utf8(raw)
        if text is not None:
            return text, "utf-8"
        if declared == "utf-8" or declared is None:
            declared = "cp1252"
    try:
        return raw.decode(declared), declared
    except UnicodeDecodeError:
        raise WireError(
            _("Encodage illisible : le fichier ne se lit ni en UTF-8 ni en %(name)s.")
            % {"name": declared},
            code="encoding",
        ) from None


_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_xml(raw: bytes) -> etree._Element:
    """The root element of an untrusted XML document, parsed safely (module docstring)."""
    text, _encoding = decode(raw)
    # The text is decoded: hand lxml UTF-8 bytes without the (possibly lying) declaration.
    data = DECLARATION.sub("", text, count=1).encode("utf-8")
    parser = etree.XMLParser(encoding="utf-8", **_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise WireError(
            _("XML mal formé : %(error)s") % {"error": str(error)[:200]}, code="malformed"
        ) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _entity in dtd.iterentities()):
        raise WireError(
            _("Le document déclare des entités XML : refusé (bombe XML ou entité externe)."),
            code="entities",
        )
    return root


def local(element) -> str:
    """An element's tag without its namespace (feeds use G2 with and without one)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element, name: str) -> list:
    return [child for child in element if local(child) == name]


def child(element, name: str):
    if element is None:
        return None
    for candidate in element:
        if local(candidate) == name:
            return candidate
    return None


def descendants(element, name: str) -> list:
    return [node for node in element.iter() if local(node) == name]


def find(element, *path: str):
    """The first element down ``path`` (local names), or None."""
    for name in path:
        element = child(element, name)
        if element is None:
            return None
    return element


def text(element) -> str:
    """All the text of an element, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
