"""
ninjs, the IPTC's news in JSON, in its three generations. Items rarely say which
version they follow, so the shape tells: 3.x writes its properties in camelCase
(``versionCreated``, ``pubStatus``), 2.x in lower case and in the plural
(``headlines``, ``bodies``, ``subjects``, associations as a list), 1.x in the
singular (``headline``, ``body_html``, associations as an object). Each item is then
validated against the IPTC's published JSON Schema of that generation (1.6, 2.2,
3.1, shipped in ``wire/schemas/``) before anything is read from it.
"""

import json
import re
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _
from jsonschema.validators import validator_for
from referencing import Registry
from referencing.exceptions import Unretrievable
from referencing.jsonschema import DRAFT202012

from wire.parsing import nitf
from wire.parsing.errors import WireError
from wire.parsing.items import ParsedItem, ParsedPicture, as_priority, parse_when, subject

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_FILES = {1: "ninjs-schema_1.6.json", 2: "ninjs-schema_2.2.json", 3: "ninjs-schema_3.1.json"}
CAMEL_CASE = frozenset(
    {"versionCreated", "firstCreated", "contentCreated", "pubStatus", "copyrightHolder"}
    | {"copyrightNotice", "usageTerms", "embargoedUntil", "altIds", "infoSources", "edNote"}
    | {"representationType", "trustIndicators", "digitalSourceType", "rightsInfo"}
)
PLURALS = frozenset(
    {"headlines", "bodies", "descriptions", "subjects", "people", "organisations", "places"}
    | {"genres", "infosources", "events", "objects", "by", "trustindicators"}
)


# The one outside schema ninjs 2 and 3 refer to (a place's geometry). Nothing is ever
# fetched while validating: it is registered here as "any JSON object", so geometries
# are checked for their type only, and any other remote reference fails loudly.
GEOJSON = "https://geojson.org/schema/GeoJSON.json"


def _refuse_remote(uri: str):
    raise Unretrievable(ref=uri)


@cache
def validator(generation: int):
    schema = json.loads((SCHEMAS / SCHEMA_FILES[generation]).read_text(encoding="utf-8"))
    registry = Registry(retrieve=_refuse_remote).with_resource(
        GEOJSON, DRAFT202012.create_resource({"type": "object"})
    )
    return validator_for(schema)(schema, registry=registry)


def generation(data: dict) -> int:
    """1, 2 or 3: from ``standard.version`` when the item says it, else from its shape."""
    declared = (
        (data.get("standard") or {}).get("version", "")
        if isinstance(data.get("standard"), dict)
        else ""
    )
    if declared[:1] in {"1", "2", "3"}:
        return int(declared[0])
    if CAMEL_CASE.intersection(data):
        return 3
    if PLURALS.intersection(data) or isinstance(data.get("associations"), list):
        return 2
    return 1


def validate(data, version: int) -> None:
    errors = sorted(validator(version).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.path) or "racine"
        raise WireError(
            _("ninjs %(version)s invalide selon le schéma de l'IPTC (%(where)s) : %(error)s")
            % {
                "version": SCHEMA_FILES[version][13:16],
                "where": where,
                "error": first.message[:200],
            },
            code="schema",
        )


def _get(data: dict, version: int, lower: str, camel: str | None = None):
    return data.get(camel or lower) if version == 3 else data.get(lower)


def _first(values, *roles: str) -> dict:
    values = values or []
    for role in roles:
        for value in values:
            if value.get("role") == role:
                return value
    return values[0] if values else {}


def _text_to_html(value: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", value or "") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _body(data: dict, version: int) -> str:
    if version == 1:
        if data.get("body_html"):
            return nitf.html_markup(data["body_html"])
        return _text_to_html(data.get("body_text", ""))
    bodies = data.get("bodies") or []
    html = next((b for b in bodies if "html" in b.get("contenttype", "")), None)
    if html:
        return nitf.html_markup(html["value"])
    plain = _first(bodies, "main", "text")
    return _text_to_html(plain.get("value", ""))


def _headline(data: dict, version: int) -> str:
    if version == 1:
        return data.get("headline", "")
    return _first(data.get("headlines"), "main", "").get("value", "")


def _summary(data: dict, version: int) -> str:
    if version == 1:
        return data.get("description_text", "")
    found = [d for d in data.get("descriptions") or [] if d.get("role") in {"summary", "lead"}]
    return found[0]["value"] if found else ""


def _subjects(data: dict, version: int) -> list[dict]:
    if version == 1:
        return [subject(s.get("code", ""), s.get("name", "")) for s in data.get("subject") or []]
    return [
        subject(s.get("uri") or s.get("literal", ""), s.get("name", ""))
        for s in data.get("subjects") or []
    ]


READABLE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def _best_rendition(renditions) -> dict:
    if isinstance(renditions, dict):
        renditions = [{"name": name, **value} for name, value in renditions.items()]
    usable = [r for r in renditions or [] if r.get("href") and "thumb" not in r.get("name", "")]
    # The widest in a format the upload check reads (JPEG, PNG, WebP: not AVIF), or untyped.
    readable = [r for r in usable if r.get("contenttype", "image/jpeg") in READABLE_TYPES]
    return max(readable or usable, key=lambda r: r.get("width") or 0, default={})


def _pictures(data: dict, version: int) -> list[ParsedPicture]:
    associations = data.get("associations") or []
    if isinstance(associations, dict):
        associations = list(associations.values())
    if data.get("type") in {"picture", "graphic"}:
        associations = [data]  # a picture item is its own picture
    pictures = []
    for association in associations:
        if association.get("type") not in {"picture", "graphic"}:
            continue
        rendition = _best_rendition(association.get("renditions"))
        if not rendition:
            continue
        byline = association.get("byline" if version == 1 else "by", "")
        holder = _get(association, version, "copyrightholder", "copyrightHolder") or ""
        caption = (
            association.get("description_text")
            if version == 1
            else _first(association.get("descriptions"), "caption", "text").get("value")
        ) or _headline(association, version)
        pictures.append(
            ParsedPicture(
                uri=association.get("uri", rendition["href"]),
                href=rendition["href"],
                caption=caption or "",
                credit=byline or holder,
                copyright_holder=holder,
                usage_terms=_get(association, version, "usageterms", "usageTerms") or "",
                width=int(rendition.get("width") or 0),
            )
        )
    return pictures


def _provider(data: dict, version: int) -> str:
    sources = (
        data.get("infosource")
        if version == 1
        else _get(data, version, "infosources", "infoSources")
    )
    if isinstance(sources, dict):
        sources = [sources]
    for source in sources or []:
        if source.get("name"):
            return source["name"]
    return (
        _get(data, version, "copyrightholder", "copyrightHolder")
        or urlsplit(data.get("uri", "")).hostname
        or ""
    )


def parse_document(raw_text: str) -> list[ParsedItem]:
    try:
        data = json.loads(raw_text)
    except json.JSONDecodeError as error:
        raise WireError(
            _("JSON mal formé : %(error)s") % {"error": str(error)[:200]}, code="malformed"
        ) from None
    if not isinstance(data, dict):
        raise WireError(_("Un item ninjs est un objet JSON."), code="malformed")
    version = generation(data)
    validate(data, version)
    pub_status = _get(data, version, "pubstatus", "pubStatus") or "usable"
    return [
        ParsedItem(
            format=f"ninjs{version}",
            uri=data["uri"],
            version=str(data.get("version") or "1"),
            provider=_provider(data, version),
            kind="picture" if data.get("type") in {"picture", "graphic"} else "text",
            headline=_headline(data, version),
            slugline=data.get("slugline", ""),
            byline=data.get("byline" if version == 1 else "by", ""),
            dateline=data.get("located", "") if isinstance(data.get("located"), str) else "",
            summary=_summary(data, version),
            language=data.get("language", ""),
            priority=as_priority(data.get("urgency")),
            first_created=parse_when(_get(data, version, "firstcreated", "firstCreated")),
            version_created=parse_when(_get(data, version, "versioncreated", "versionCreated")),
            embargo_until=parse_when(_get(data, version, "embargoed", "embargoedUntil")),
            pub_status=pub_status if pub_status in {"usable", "withheld", "canceled"} else "usable",
            subjects=_subjects(data, version),
            body_html=_body(data, version),
            copyright_holder=_get(data, version, "copyrightholder", "copyrightHolder") or "",
            copyright_notice=_get(data, version, "copyrightnotice", "copyrightNotice") or "",
            usage_terms=_get(data, version, "usageterms", "usageTerms") or "",
            pictures=_pictures(data, version),
        )
    ]
