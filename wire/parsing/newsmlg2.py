"""
NewsML-G2 (Reuters, AP, dpa, AFP's newer profile, TT): a ``newsItem`` alone or a
``newsMessage`` whose ``itemSet`` holds text and picture newsItems and the
``packageItem``s that group them. A text item gets the pictures its package groups
with it (or that its body points to); a picture sent alone is a dispatch of its own.
Feeds use the G2 namespace or none at all: elements are matched by local name.
"""

from django.utils.translation import gettext_lazy as _

from wire.parsing import nitf
from wire.parsing.errors import WireError
from wire.parsing.items import ParsedItem, ParsedPicture, as_priority, parse_when, subject
from wire.parsing.safexml import child, children, descendants, find, local, text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The best rendition first; a rendition not listed ranks after them, a thumbnail last.
RENDITIONS = ("rnd:highRes", "rnd:print", "rnd:preview", "rnd:web")


def _qcode(element) -> str:
    return element.get("qcode", "") if element is not None else ""


def _name(element) -> str:
    """A G2 concept's name: its ``name`` child, else its literal, else its qcode."""
    if element is None:
        return ""
    return text(child(element, "name")) or element.get("literal", "") or _qcode(element)


def _rights(item) -> tuple[str, str, str]:
    rights = child(item, "rightsInfo")
    return (
        _name(child(rights, "copyrightHolder")),
        text(child(rights, "copyrightNotice")),
        text(child(rights, "usageTerms")),
    )


def _description(meta, *roles: str) -> str:
    for description in children(meta, "description"):
        if description.get("role", "") in roles:
            return text(description)
    return ""


def _body(item) -> str:
    for inline in descendants(child(item, "contentSet"), "inlineXML"):
        document = next((node for node in inline if isinstance(node.tag, str)), None)
        if document is None:
            continue
        if local(document) == "nitf":
            return nitf.markup(find(document, "body", "body.content"))
        body = find(document, "body") if local(document) == "html" else document
        for container in ("article", "section"):
            while body is not None and child(body, container) is not None:
                body = child(body, container)
        bodytext = next(
            (div for div in descendants(body, "div") if div.get("class") == "bodytext"), None
        )
        return nitf.markup(bodytext if bodytext is not None else body)
    for inline in descendants(child(item, "contentSet"), "inlineData"):
        paragraphs = [p.strip() for p in (inline.text or "").split("\n\n") if p.strip()]
        return "".join(f"<p>{p}</p>" for p in paragraphs)
    return ""


def _picture(item) -> ParsedPicture | None:
    contents = [
        rc
        for rc in descendants(child(item, "contentSet"), "remoteContent")
        if rc.get("href") and "thumb" not in rc.get("rendition", "")
    ]
    if not contents:
        return None

    def rank(content):
        rendition = content.get("rendition", "")
        order = RENDITIONS.index(rendition) if rendition in RENDITIONS else len(RENDITIONS)
        return (order, -int(content.get("width") or 0))

    best = min(contents, key=rank)
    meta = child(item, "contentMeta")
    holder, _notice, terms = _rights(item)
    creator = _name(child(meta, "creator"))
    provider = _name(find(item, "itemMeta", "provider")).split(":")[-1]
    credit = text(child(meta, "creditline")) or " / ".join(
        part for part in (creator, holder or provider) if part
    )
    return ParsedPicture(
        uri=item.get("guid", ""),
        href=best.get("href"),
        caption=_description(meta, "drol:caption", "drol:summary") or text(child(meta, "headline")),
        credit=credit,
        copyright_holder=holder,
        usage_terms=terms,
        width=int(best.get("width") or 0),
    )


def _signal(item_meta) -> str:
    codes = {_qcode(signal) for signal in children(item_meta, "signal")}
    if "sig:correction" in codes:
        return "correction"
    if "sig:update" in codes:
        return "update"
    return ""


def _replaces(item_meta) -> str:
    for link in children(item_meta, "link"):
        if link.get("rel", "").endswith("replaces"):
            return link.get("residref", "") or link.get("href", "")
    return ""


def parse_news_item(item, *, priority=None) -> ParsedItem:
    meta, content_meta = child(item, "itemMeta"), child(item, "contentMeta")
    holder, notice, terms = _rights(item)
    provider = child(meta, "provider")
    status = _qcode(child(meta, "pubStatus")).split(":")[-1] or "usable"
    kind = (
        "picture"
        if _qcode(child(meta, "itemClass")) in {"ninat:picture", "ninat:graphic"}
        else "text"
    )
    language = child(content_meta, "language")
    body_images = [
        image.get("data-uri") for image in descendants(item, "img") if image.get("data-uri")
    ]
    parsed = ParsedItem(
        format="newsml-g2",
        uri=item.get("guid", ""),
        version=item.get("version", "1"),
        provider=_qcode(provider) or provider.get("uri", "") if provider is not None else "",
        kind=kind,
        headline=text(child(content_meta, "headline")),
        slugline=text(child(content_meta, "slugline")),
        byline=text(child(content_meta, "by")) or _name(child(content_meta, "creator")),
        dateline=text(child(content_meta, "dateline")) or _name(child(content_meta, "located")),
        summary=_description(content_meta, "drol:summary"),
        language=(language.get("tag", "") if language is not None else "")
        or item.get(XML_LANG, ""),
        priority=as_priority(text(child(content_meta, "urgency"))) or priority,
        first_created=parse_when(text(child(meta, "firstCreated")))
        or parse_when(text(child(content_meta, "contentCreated"))),
        version_created=parse_when(text(child(meta, "versionCreated"))),
        embargo_until=parse_when(text(child(meta, "embargoed"))),
        pub_status=status if status in {"usable", "withheld", "canceled"} else "usable",
        signal=_signal(meta),
        replaces_uri=_replaces(meta),
        subjects=[
            subject(_qcode(node), text(child(node, "name")))
            for node in children(content_meta, "subject")
            if _qcode(node) or text(child(node, "name"))
        ],
        body_html=_body(item) if kind == "text" else "",
        copyright_holder=holder,
        copyright_notice=notice,
        usage_terms=terms,
        picture_refs=body_images,
    )
    if kind == "picture":
        picture = _picture(item)
        parsed.pictures = [picture] if picture else []
    return parsed


def parse_message(root) -> list[ParsedItem]:
    header = child(root, "header")
    priority = as_priority(text(child(header, "priority")))
    items_set = child(root, "itemSet")
    items = [parse_news_item(item, priority=priority) for item in children(items_set, "newsItem")]
    pictures = {item.uri: item for item in items if item.kind == "picture"}
    texts = [item for item in items if item.kind == "text"]
    grouped: set[str] = set()
    for package in children(items_set, "packageItem"):
        members = [ref.get("residref", "") for ref in descendants(package, "itemRef")]
        for text_item in (item for item in texts if item.uri in members):
            text_item.picture_refs += [uri for uri in members if uri in pictures]
    for text_item in texts:
        refs = list(dict.fromkeys(uri for uri in text_item.picture_refs if uri in pictures))
        text_item.pictures = [p for uri in refs for p in pictures[uri].pictures]
        grouped.update(refs)
    return texts + [item for uri, item in pictures.items() if uri not in grouped]


def parse_document(root) -> list[ParsedItem]:
    name = local(root)
    if name == "newsMessage":
        return parse_message(root)
    if name == "newsItem":
        return [parse_news_item(root)]
    raise WireError(
        _(
            "Un paquet NewsML-G2 (packageItem) reçu seul ne contient aucune dépêche : "
            "il doit arriver avec ses éléments dans un newsMessage."
        ),
        code="package-alone",
    )
