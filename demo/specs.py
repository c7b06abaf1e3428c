"""
What the demo content is made of, as read from ``demo/content/*.toml`` by
``demo.loader``: plain frozen dataclasses, no database.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    dark: str
    light: str
    accents: tuple[str, str, str]


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    name: str
    position: int
    description: str
    palette: Palette


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    name: str


@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    role: str
    bio: str


@dataclass(frozen=True)
class AgencySpec:
    short_name: str
    name: str
    url: str


@dataclass(frozen=True)
class ImageSpec:
    """An illustration drawn in ``style`` with the palette of ``section``."""

    key: str
    section: str
    style: str
    credit: str
    alt_text: str
    caption: str


@dataclass(frozen=True)
class LivePostSpec:
    """A post of a live page, ``minutes_ago`` before the command runs, by an author's slug."""

    minutes_ago: float
    author: str
    text: str
    important: bool = False
    pinned: bool = False
    image: str = ""


@dataclass(frozen=True)
class StorySpec:
    """
    One hand-written story. ``hours_ago`` dates it relative to the moment the command
    runs; a negative value schedules it in the future. ``updated_after_hours`` marks it
    as updated that long after publication.
    """

    title: str
    lead: str
    section: str
    image: str
    topics: tuple[str, ...]
    authors: tuple[str, ...]
    hours_ago: float = 0
    credit_line: str = ""
    agency: str = ""
    updated_after_hours: float | None = None
    draft: bool = False
    # A live page ("En direct"): its posts, and when it ended (still running without).
    live_posts: tuple[LivePostSpec, ...] = ()
    live_ended_hours_ago: float | None = None

    @property
    def is_live(self) -> bool:
        return not self.draft and self.hours_ago > 0


@dataclass(frozen=True)
class Quote:
    text: str
    speaker: str


@dataclass(frozen=True)
class Link:
    """A sentence ending with a link: "<opening> <a href=https://example.org/<path>>text</a>."."""

    opening: str
    path: str
    text: str


@dataclass(frozen=True)
class SectionFragments:
    """The hand-written pieces the bodies of a section's stories are drawn from."""

    sentences: tuple[str, ...]
    subheadings: tuple[str, ...]
    key_facts: tuple[str, ...]
    quotes: tuple[Quote, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class BodyFragments:
    common_sentences: tuple[str, ...]
    minor_headings: tuple[str, ...]
    sections: dict[str, SectionFragments]


@dataclass(frozen=True)
class Subject:
    text: str
    plural: bool


@dataclass(frozen=True)
class Verb:
    singular: str
    plural: str


@dataclass(frozen=True)
class ArchiveWords:
    """
    The vocabulary of synthetic archive stories, and their bylines:
    ``agency_credit_line`` has an ``{agency}`` placeholder for the agency's short name.
    """

    subjects: tuple[Subject, ...]
    verbs: tuple[Verb, ...]
    connectors: tuple[str, ...]
    objects: tuple[str, ...]
    sources: tuple[str, ...]
    agencies: tuple[str, ...]
    agency_credit_line: str
    newsroom_credit_line: str


@dataclass(frozen=True)
class CommentSpec:
    name: str
    body: str


@dataclass(frozen=True)
class DemoContent:
    sections: tuple[SectionSpec, ...]
    topics: tuple[TopicSpec, ...]
    authors: tuple[AuthorSpec, ...]
    agencies: tuple[AgencySpec, ...]
    images: tuple[ImageSpec, ...]
    stories: tuple[StorySpec, ...]
    body: BodyFragments
    archive: ArchiveWords
    comments: tuple[CommentSpec, ...]
