"""
Read the demo content, hand-written data in ``demo/content/*.toml``, into the
dataclasses of ``demo.specs``.

The files of a directory are read together: each top-level table (``[sections]``,
``[[stories]]``...) lives in one of them, whichever. Lists become tuples, unknown or
missing keys are errors, and every name a story or an image refers to must exist, so
that a typo in the data fails here, with its place, rather than half-way through a seed.
"""

import tomllib
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from demo.drawing import STYLES
from demo.specs import (
    AgencySpec,
    ArchiveWords,
    AuthorSpec,
    BodyFragments,
    CommentSpec,
    DemoContent,
    ImageSpec,
    Link,
    LivePostSpec,
    Palette,
    Quote,
    SectionFragments,
    SectionSpec,
    StorySpec,
    Subject,
    TopicSpec,
    Verb,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"

# What a body or an archive story draws at most from a section's fragments.
FRAGMENTS_NEEDED = {"sentences": 4, "subheadings": 2, "key_facts": 3, "quotes": 1, "links": 1}
SENTENCES_NEEDED = 24  # section and common sentences together: 8 paragraphs of 3
TOPICS_NEEDED = 3  # per section, over its stories: an archive story takes up to 3


class DemoContentError(ValueError):
    """The demo content files do not say what the loader expects."""


@cache
def load_content(directory: Path = CONTENT_DIR) -> DemoContent:
    """The demo content of the TOML files in ``directory``, checked."""
    data = _read(directory)
    content = DemoContent(
        sections=tuple(
            _build(
                SectionSpec,
                f"sections.{slug}",
                table,
                slug=slug,
                palette=_build(Palette, f"sections.{slug}.palette", table.get("palette", {})),
            )
            for slug, table in data["sections"].items()
        ),
        topics=tuple(TopicSpec(slug=slug, name=name) for slug, name in data["topics"].items()),
        authors=tuple(
            _build(AuthorSpec, f"authors.{slug}", table, slug=slug)
            for slug, table in data["authors"].items()
        ),
        agencies=tuple(
            _build(AgencySpec, f"agencies.{short_name}", table, short_name=short_name)
            for short_name, table in data["agencies"].items()
        ),
        images=tuple(
            _build(ImageSpec, f"images.{key}", table, key=key)
            for key, table in data["images"].items()
        ),
        stories=tuple(
            _story(f"stories[{index}]", table) for index, table in enumerate(data["stories"])
        ),
        body=_body(data["body"]),
        archive=_build(
            ArchiveWords,
            "archive",
            data["archive"],
            **_nested("archive", data["archive"], subjects=Subject, verbs=Verb),
        ),
        comments=tuple(
            _build(CommentSpec, f"comments[{index}]", table)
            for index, table in enumerate(data["comments"])
        ),
    )
    problems = _problems(content)
    if problems:
        raise DemoContentError("\n".join(problems))
    return content


def _read(directory: Path) -> dict[str, Any]:
    names = [field.name for field in fields(DemoContent)]
    data: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            with path.open("rb") as file:
                tables = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise DemoContentError(f"{path.name}: {error}") from None
        for name, value in tables.items():
            if name not in names:
                raise DemoContentError(f"{path.name}: unknown table {name!r}")
            if name in origins:
                raise DemoContentError(f"{path.name}: {name!r} is already in {origins[name]}")
            data[name], origins[name] = value, path.name
    missing = [name for name in names if name not in data]
    if missing:
        raise DemoContentError(f"{directory.name}: missing {', '.join(missing)}")
    return data


def _build[T](cls: type[T], where: str, table: Any, **given: Any) -> T:
    """``cls`` from a TOML table (lists as tuples) and ``given`` fields; ``where`` names it."""
    try:
        values = {
            key: tuple(value) if isinstance(value, list) else value for key, value in table.items()
        }
        return cls(**{**values, **given})
    except (AttributeError, TypeError) as error:
        raise DemoContentError(f"{where}: {error}") from None


def _nested(where: str, table: dict[str, Any], **classes: type) -> dict[str, tuple]:
    """The lists of tables of ``table`` named in ``classes``, built; absent ones are left out."""
    return {
        key: tuple(
            _build(cls, f"{where}.{key}[{index}]", item) for index, item in enumerate(table[key])
        )
        for key, cls in classes.items()
        if key in table
    }


def _story(where: str, table: dict[str, Any]) -> StorySpec:
    story = _build(StorySpec, where, table, **_nested(where, table, live_posts=LivePostSpec))
    if story.draft == ("hours_ago" in table):
        raise DemoContentError(f"{where}: a draft has no hours_ago, any other story has one")
    return story


def _body(table: dict[str, Any]) -> BodyFragments:
    sections = {
        slug: _build(
            SectionFragments,
            f"body.sections.{slug}",
            part,
            **_nested(f"body.sections.{slug}", part, quotes=Quote, links=Link),
        )
        for slug, part in table.get("sections", {}).items()
    }
    return _build(BodyFragments, "body", table, sections=sections)


def _problems(content: DemoContent) -> list[str]:
    return _unknown_names(content) + _too_little(content)


def _unknown_names(content: DemoContent) -> list[str]:
    """The names the content refers to but does not hold, and titles used twice."""
    sections = {section.slug for section in content.sections}
    images = {image.key for image in content.images}
    topics = {topic.slug for topic in content.topics}
    authors = {author.slug for author in content.authors}
    agencies = {agency.short_name for agency in content.agencies}
    problems = []
    for image in content.images:
        if image.section not in sections:
            problems.append(f"images.{image.key}: unknown section {image.section!r}")
        if image.style not in STYLES:
            problems.append(f"images.{image.key}: unknown style {image.style!r}")
    titles = set()
    for index, story in enumerate(content.stories):
        where = f"stories[{index}]"
        if story.title in titles:
            problems.append(f"{where}: another story has the title {story.title!r}")
        titles.add(story.title)
        if story.section not in sections:
            problems.append(f"{where}: unknown section {story.section!r}")
        if story.image not in images:
            problems.append(f"{where}: unknown image {story.image!r}")
        problems += [
            f"{where}: unknown topic {slug!r}" for slug in story.topics if slug not in topics
        ]
        problems += [
            f"{where}: unknown author {slug!r}" for slug in story.authors if slug not in authors
        ]
        if story.agency and story.agency not in agencies:
            problems.append(f"{where}: unknown agency {story.agency!r}")
        for number, post in enumerate(story.live_posts):
            if post.author not in authors:
                problems.append(f"{where}.live_posts[{number}]: unknown author {post.author!r}")
            if post.image and post.image not in images:
                problems.append(f"{where}.live_posts[{number}]: unknown image {post.image!r}")
        if sum(post.pinned for post in story.live_posts) > 1:
            problems.append(f"{where}: a live page has one key post at most")
    problems += [
        f"archive.agencies: unknown agency {short_name!r}"
        for short_name in content.archive.agencies
        if short_name not in agencies
    ]
    if set(content.body.sections) != sections:
        problems.append(f"body.sections: one table per section is needed: {sorted(sections)}")
    return problems


def _too_little(content: DemoContent) -> list[str]:
    """What a seed would run out of: fragments, images, topics, stories to read next."""
    problems = [
        f"sections.{section.slug}.palette: three accents are needed"
        for section in content.sections
        if len(section.palette.accents) != 3
    ]
    for slug, part in content.body.sections.items():
        where = f"body.sections.{slug}"
        problems += [
            f"{where}.{name}: at least {needed} needed"
            for name, needed in FRAGMENTS_NEEDED.items()
            if len(getattr(part, name)) < needed
        ]
        if len(part.sentences) + len(content.body.common_sentences) < SENTENCES_NEEDED:
            problems.append(f"{where}.sentences: {SENTENCES_NEEDED} with the common ones needed")
    for section in content.sections:
        stories = [story for story in content.stories if story.section == section.slug]
        if not any(image.section == section.slug for image in content.images):
            problems.append(f"sections.{section.slug}: no image for its archive stories")
        if len({topic for story in stories for topic in story.topics}) < TOPICS_NEEDED:
            problems.append(f"sections.{section.slug}: fewer than {TOPICS_NEEDED} topics")
        # Each story links to another live story of its section ("Lire aussi").
        if stories and sum(story.is_live for story in stories) < 2:
            problems.append(f"sections.{section.slug}: fewer than 2 live stories to link")
    return problems
