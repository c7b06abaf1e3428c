"""What every parser gives back, whatever the format: plain data, no model."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime


@dataclass
class ParsedPicture:
    uri: str
    href: str
    caption: str = ""
    credit: str = ""
    copyright_holder: str = ""
    usage_terms: str = ""
    width: int = 0


@dataclass
class ParsedItem:
    """One agency item. ``body_html`` is not sanitized yet (the services do it)."""

    format: str
    uri: str
    version: str = "1"
    provider: str = ""
    kind: str = "text"  # text | picture
    headline: str = ""
    slugline: str = ""
    byline: str = ""
    dateline: str = ""
    summary: str = ""
    language: str = ""
    priority: int | None = None  # 1 (flash) to 9
    first_created: datetime | None = None
    version_created: datetime | None = None
    embargo_until: datetime | None = None
    pub_status: str = "usable"  # usable | withheld | canceled
    signal: str = ""  # "" | "update" | "correction"
    replaces_uri: str = ""
    subjects: list[dict] = field(default_factory=list)  # [{"code", "name"}]
    body_html: str = ""
    copyright_holder: str = ""
    copyright_notice: str = ""
    usage_terms: str = ""
    pictures: list[ParsedPicture] = field(default_factory=list)
    picture_refs: list[str] = field(default_factory=list)  # URIs of pictures sent alongside

    @property
    def version_number(self) -> int:
        digits = re.findall(r"\d+", self.version or "")
        return int(digits[-1]) if digits else 0


COMPACT = re.compile(r"^(\d{8})T(\d{6})(Z|[+-]\d{4})?$")


def parse_when(value: str | None) -> datetime | None:
    """ISO 8601 (G2, ninjs) or NewsML 1.2's compact ``20210516T080625+0000``; naive is UTC."""
    value = (value or "").strip()
    if not value:
        return None
    compact = COMPACT.match(value)
    if compact:
        day, time, zone = compact.groups()
        zone = "+0000" if zone in (None, "Z") else zone
        return datetime.strptime(day + time + zone, "%Y%m%d%H%M%S%z")
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def as_priority(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 9 else None


def subject(code: str = "", name: str = "") -> dict:
    return {"code": (code or "").strip(), "name": " ".join((name or "").split())}
