"""
Agency files to ``ParsedItem``s: the format is told from the content (JSON is ninjs;
XML by its root: NewsML 1.2, NewsML-G2, NITF), never from the file name.
"""

from django.utils.translation import gettext_lazy as _

from wire.parsing import newsml1, newsmlg2, ninjs, nitf
from wire.parsing.errors import WireError
from wire.parsing.items import ParsedItem, ParsedPicture
from wire.parsing.safexml import decode, local, parse_xml

__all__ = ["ParsedItem", "ParsedPicture", "WireError", "parse"]

G2_ROOTS = {"newsMessage", "newsItem", "packageItem"}


def parse(raw: bytes) -> list[ParsedItem]:
    """The items of an agency file; ``WireError`` with a French message when refused."""
    if not raw.strip():
        raise WireError(_("Fichier vide."), code="empty")
    text, _encoding = decode(raw)
    if text.lstrip()[:1] in {"{", "["}:
        return ninjs.parse_document(text)
    root = parse_xml(raw)
    name = local(root)
    if name == "NewsML":
        items = newsml1.parse_document(root)
    elif name in G2_ROOTS:
        items = newsmlg2.parse_document(root)
    elif name == "nitf":
        items = [nitf.parse_document(root)]
    else:
        raise WireError(
            _("Format inconnu : l'élément racine « %(name)s » n'est ni NewsML, ni NITF.")
            % {"name": name},
            code="format",
        )
    if not items:
        raise WireError(_("Le fichier ne contient aucune dépêche."), code="empty")
    for item in items:
        if not item.uri:
            raise WireError(_("Une dépêche n'a pas d'identifiant (URI)."), code="uri")
    return items
