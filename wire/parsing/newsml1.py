"""
NewsML 1.2, as AFP still delivers it (the French service included): a NewsML
document holds NewsItems; each has its identification (provider, date, item id,
revision), its management (status, urgency, embargo as a status that will change),
and a NewsComponent with the news lines, the metadata, the text (NITF or XHTML) and
the photo components (one per picture, its renditions as sub-components by role).
"""

from wire.parsing import nitf
from wire.parsing.items import ParsedItem, ParsedPicture, as_priority, parse_when, subject
from wire.parsing.safexml import child, children, descendants, find, local, text

# The best rendition first (AFP's roles); any other role comes after these.
RENDITION_ROLES = ("HighDef", "Preview", "Quicklook", "Thumbnail")
PICTURE_MEDIA = {"Photo", "Image", "Graphic"}
PICTURE_ROLES = {"Photo", "Picture", "Graphic"}
# Words of the advisory lines that flag a correction or a replacement (French and English).
CORRECTION_WORDS = ("RECTIFICATIF", "CORRECTION", "CORRECTS", "CORRIGE")
REPLACE_WORDS = ("ANNULE ET REMPLACE", "REPLACES", "REMPLACE")


def _formal(element, name: str) -> str:
    found = child(element, name)
    return found.get("FormalName", "") if found is not None else ""


def _role(component) -> str:
    return _formal(component, "Role")


def _media_type(content_item) -> str:
    return _formal(content_item, "MediaType")


def _width(content_item) -> int:
    for prop in descendants(content_item, "Property"):
        if prop.get("FormalName") == "Width":
            try:
                return int(prop.get("Value", "0"))
            except ValueError:
                return 0
    return 0


def _rights(component) -> tuple[str, str]:
    rights = child(component, "RightsMetadata")
    holder = text(find(rights, "Copyright", "CopyrightHolder"))
    terms = text(find(rights, "UsageRights", "UsageType")) or text(
        find(rights, "UsageRights", "Limitations")
    )
    return holder, terms


def _picture(component, *, credit: str, holder: str, terms: str) -> ParsedPicture | None:
    renditions = []
    caption = text(find(component, "NewsLines", "HeadLine"))
    for sub in descendants(component, "ContentItem"):
        parent_role = _role(sub.getparent()) if sub.getparent() is not None else ""
        if parent_role == "Caption" or _media_type(sub) == "Text":
            caption = text(child(sub, "DataContent")) or caption
            continue
        if _media_type(sub) in PICTURE_MEDIA and sub.get("Href"):
            renditions.append((parent_role, _width(sub), sub.get("Href")))
    if not renditions:
        return None

    def rank(rendition):
        role, width, _href = rendition
        order = RENDITION_ROLES.index(role) if role in RENDITION_ROLES else len(RENDITION_ROLES)
        return (order, -width)

    _role_name, width, href = min(renditions, key=rank)
    own_holder, own_terms = _rights(component)
    return ParsedPicture(
        uri=component.get("Duid") or href,
        href=href,
        caption=caption,
        credit=text(find(component, "NewsLines", "CreditLine")) or credit,
        copyright_holder=own_holder or holder,
        usage_terms=own_terms or terms,
        width=width,
    )


def _photo_components(main) -> list:
    """
    The components that carry one picture each: AFP's role "Photo" (or "Picture",
    "Graphic"), else each direct sub-component of the item that holds a picture.
    """
    roles = [c for c in descendants(main, "NewsComponent") if _role(c) in PICTURE_ROLES]
    if roles:
        return roles
    return [
        component
        for component in children(main, "NewsComponent")
        if any(_media_type(ci) in PICTURE_MEDIA for ci in descendants(component, "ContentItem"))
    ]


def _body(main) -> str:
    for content_item in descendants(main, "ContentItem"):
        if _media_type(content_item) != "Text":
            continue
        parent = content_item.getparent()
        if parent is not None and _role(parent) == "Caption":
            continue
        data = child(content_item, "DataContent")
        if data is None:
            continue
        body = find(data, "nitf", "body", "body.content")
        if body is not None:
            return nitf.markup(body)
        html_body = find(data, "html", "body")
        return nitf.markup(html_body if html_body is not None else data)
    return ""


def _signal(main, genres: list[str]) -> str:
    lines = " ".join(
        text(find(line, "NewsLineText")).upper() for line in descendants(main, "NewsLine")
    )
    if any(word in lines for word in REPLACE_WORDS):
        return "replace"
    if "Correction" in genres or any(word in lines for word in CORRECTION_WORDS):
        return "correction"
    return ""


def parse_item(item, envelope) -> ParsedItem:
    identifier = find(item, "Identification", "NewsIdentifier")
    provider = text(child(identifier, "ProviderId"))
    revision = child(identifier, "RevisionId")
    management = child(item, "NewsManagement")
    main = child(item, "NewsComponent")
    lines = child(main, "NewsLines")
    descriptive = child(main, "DescriptiveMetadata")
    status = _formal(management, "Status").lower()
    will_change = child(management, "StatusWillChange")
    embargo = None
    if status == "embargoed" or will_change is not None:
        embargo = parse_when(text(child(will_change, "DateAndTimeWillChange")))
    genres = [g.get("FormalName", "") for g in children(descriptive, "Genre")]
    subjects = [
        subject(node.get("FormalName", ""))
        for code in children(descriptive, "SubjectCode")
        for node in code
        if local(node) in {"Subject", "SubjectMatter", "SubjectDetail"}
    ]
    holder, terms = _rights(main)
    party = find(main, "AdministrativeMetadata", "Provider", "Party")
    credit = party.get("FormalName", "").strip() if party is not None else ""
    pictures = [
        picture
        for component in _photo_components(main)
        if (picture := _picture(component, credit=credit, holder=holder, terms=terms))
    ]
    lang = item.get("{http://www.w3.org/XML/1998/namespace}lang", "")
    creator = find(main, "AdministrativeMetadata", "Creator", "Party")
    return ParsedItem(
        format="newsml1",
        uri="urn:newsml:{}:{}:{}".format(
            provider, text(child(identifier, "DateId")), text(child(identifier, "NewsItemId"))
        ),
        version=text(revision) or "1",
        provider=provider,
        headline=text(child(lines, "HeadLine")),
        slugline=text(child(lines, "SlugLine")) or text(find(item, "Identification", "NameLabel")),
        byline=text(child(lines, "ByLine"))
        or (creator.get("FormalName", "").strip() if creator is not None else ""),
        dateline=text(child(lines, "DateLine")),
        summary=text(child(lines, "SubHeadLine")),
        language=_formal(descriptive, "Language") or lang,
        priority=as_priority(_formal(management, "Urgency") or _formal(envelope, "Priority")),
        first_created=parse_when(text(child(management, "FirstCreated"))),
        version_created=parse_when(text(child(management, "ThisRevisionCreated"))),
        embargo_until=embargo,
        pub_status="canceled"
        if status in {"canceled", "cancelled"}
        else ("withheld" if status == "withheld" else "usable"),
        signal=_signal(main, genres),
        subjects=subjects,
        body_html=_body(main),
        copyright_holder=holder or credit,
        usage_terms=terms,
        pictures=pictures,
    )


def parse_document(root) -> list[ParsedItem]:
    envelope = child(root, "NewsEnvelope")
    return [parse_item(item, envelope) for item in children(root, "NewsItem")]
