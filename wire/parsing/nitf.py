"""NITF 3.x: a document of its own, or the body inside NewsML 1.2 and NewsML-G2."""

import copy
import re

from lxml import etree
from lxml import html as lxml_html

from wire.parsing.items import ParsedItem, ParsedPicture, as_priority, parse_when, subject
from wire.parsing.safexml import child, descendants, find, local, text

# NITF's names for what the article body calls h2, em, and so on.
RENAMED = {"hl1": "h2", "hl2": "h2", "block": "div", "q": "em", "pre": "p"}
DROPPED = {"media", "note", "table", "nitf-table", "byline", "dateline", "body.head"} | {
    "figure",
    "img",
    "h1",
    "head",
    "script",
    "style",
}
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")
# AFP ends a dispatch with the initials of its writers and editors ("bur-dar-gl/fz").
SIGNATURE = re.compile(r"^[a-z]{2,5}(?:\s*[-/]\s*[a-z]{2,5})+$")


def markup(container) -> str:
    """
    The HTML of an NITF ``body.content`` or an XHTML body: namespaces dropped, NITF's
    headings and blocks renamed, media and notes left out, AFP's trailing initials cut.
    What the article allow-list does not know is unwrapped later by the sanitizer.
    """
    if container is None:
        return ""
    tree = copy.deepcopy(container)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue
        name = local(element)
        if name in DROPPED and element is not tree:
            parent = element.getparent()
            if parent is not None:
                tail = element.tail or ""
                previous = element.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
                parent.remove(element)
            continue
        element.tag = RENAMED.get(name, name)
        for attribute in list(element.attrib):
            if attribute != "href":
                del element.attrib[attribute]
    paragraphs = [p for p in tree.iter("p") if SIGNATURE.match(text(p))]
    for paragraph in paragraphs[-1:]:
        paragraph.getparent().remove(paragraph)
    etree.cleanup_namespaces(tree)
    html = (tree.text or "") + "".join(
        etree.tostring(element, method="html", encoding="unicode") for element in tree
    )
    return EMPTY_PARAGRAPH.sub("", html).strip()


def html_markup(html: str) -> str:
    """
    An HTML body as ninjs carries it (a fragment or a whole document, TT's with its
    text in ``div.bodytext``), through the same path as NITF. lxml's HTML parser reads
    no DTD and fetches nothing.
    """
    if "<" not in (html or ""):
        return html or ""
    document = lxml_html.document_fromstring(html)
    bodytext = document.find_class("bodytext")
    return markup(bodytext[0] if bodytext else document.body)


def media_pictures(container, *, credit: str = "") -> list[ParsedPicture]:
    """The pictures an NITF body points to (``media`` with a ``media-reference``)."""
    pictures = []
    for media in descendants(container, "media") if container is not None else []:
        if media.get("media-type", "image") != "image":
            continue
        reference = child(media, "media-reference")
        if reference is None or not (reference.get("source") or reference.get("data-location")):
            continue
        pictures.append(
            ParsedPicture(
                uri=reference.get("source") or reference.get("data-location"),
                href=reference.get("source") or reference.get("data-location"),
                caption=text(child(media, "media-caption")),
                credit=text(child(media, "media-producer")) or credit,
                width=int(reference.get("width") or 0),
            )
        )
    return pictures


def parse_document(root) -> ParsedItem:
    """A standalone NITF document."""
    head, body = child(root, "head"), child(root, "body")
    docdata = find(head, "docdata")
    doc_id = find(docdata, "doc-id")
    provider = (doc_id.get("regsrc", "") if doc_id is not None else "") or text(
        find(body, "body.head", "distributor")
    )
    identifier = doc_id.get("id-string", "") if doc_id is not None else ""
    key = find(docdata, "du-key")
    urgency = find(docdata, "urgency")
    subjects = [
        subject(
            node.get("tobject.subject.refnum", ""),
            node.get("tobject.subject.matter") or node.get("tobject.subject.type", ""),
        )
        for node in descendants(head, "tobject.subject")
    ]
    release = find(docdata, "date.release")
    issue = find(docdata, "date.issue")
    content = find(body, "body.content")
    return ParsedItem(
        format="nitf",
        uri=f"urn:nitf:{provider}:{identifier}" if identifier else "",
        version=(key.get("version") if key is not None else "") or "1",
        provider=provider,
        headline=text(find(body, "body.head", "hedline", "hl1")) or text(find(head, "title")),
        byline=text(find(body, "body.head", "byline")),
        dateline=text(find(body, "body.head", "dateline")),
        language=root.get("baselang", "")
        or root.get("{http://www.w3.org/XML/1998/namespace}lang", ""),
        priority=as_priority(urgency.get("ed-urg") if urgency is not None else None),
        version_created=parse_when(issue.get("norm") if issue is not None else None),
        embargo_until=parse_when(release.get("norm") if release is not None else None),
        subjects=subjects,
        body_html=markup(content),
        pictures=media_pictures(content, credit=provider),
    )
