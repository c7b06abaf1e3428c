import shutil
from pathlib import Path

import pytest

from demo.loader import CONTENT_DIR, DemoContentError, load_content
from demo.specs import (
    AgencySpec,
    ArchiveWords,
    AuthorSpec,
    BodyFragments,
    CommentSpec,
    DemoContent,
    ImageSpec,
    Link,
    Palette,
    Quote,
    SectionFragments,
    SectionSpec,
    StorySpec,
    Subject,
    TopicSpec,
    Verb,
)

# A whole, minimal demo in two files: the loader reads every *.toml of a folder.
SMALL_NEWSROOM = """
[sections.eco]
name = "Économie"
position = 1
description = "Conjoncture."
palette = { dark = "#000000", light = "#111111", accents = ["#222222", "#333333", "#444444"] }

[topics]
inflation = "Inflation"
emploi = "Emploi"
budget = "Budget"

[authors.claire]
name = "Claire"
role = "Journaliste"
bio = "Suit la conjoncture."

[agencies.AFP]
name = "Agence France-Presse"
url = "https://www.afp.com/"

[images.eco-bars]
section = "eco"
style = "bars"
credit = "Infographie"
alt_text = "Des barres."
caption = "Légende."

[[comments]]
name = "Hugo"
body = "Merci.\\nÀ suivre."
"""

SMALL_STORIES = """
[[stories]]
title = "Les prix reculent"
lead = "Enfin."
section = "eco"
image = "eco-bars"
hours_ago = 2.5
topics = ["inflation", "emploi"]
authors = ["claire"]

[[stories]]
title = "Le budget en débat"
lead = "Encore."
section = "eco"
image = "eco-bars"
hours_ago = 20
topics = ["budget"]
authors = []
credit_line = "Le Quotidien avec AFP"
agency = "AFP"
updated_after_hours = 3

[[stories]]
title = "Un brouillon"
lead = "Bientôt."
section = "eco"
image = "eco-bars"
draft = true
topics = []
authors = ["claire"]

[body]
common_sentences = ["C1.", "C2.", "C3.", "C4.", "C5.", "C6.", "C7.", "C8.", "C9.", "C10.",
  "C11.", "C12.", "C13.", "C14.", "C15.", "C16.", "C17.", "C18.", "C19.", "C20."]
minor_headings = ["En bref"]

[body.sections.eco]
sentences = ["S1.", "S2.", "S3.", "S4."]
subheadings = ["H1", "H2"]
key_facts = ["F1", "F2", "F3"]
quotes = [{ text = "Q1", speaker = "un économiste" }]
links = [{ opening = "Voir", path = "eco/note", text = "la note" }]

[archive]
subjects = [{ text = "Le marché", plural = false }]
verbs = [{ singular = "recule", plural = "reculent" }]
connectors = ["malgré"]
objects = ["la hausse des taux"]
sources = ["une étude"]
agencies = ["AFP"]
agency_credit_line = "Le Quotidien avec {agency}"
newsroom_credit_line = "La rédaction"
"""


def write_small_demo(folder: Path, **replaced: str) -> Path:
    """The small demo in ``folder``; ``replaced`` maps a text of it to another."""
    texts = {"newsroom.toml": SMALL_NEWSROOM, "stories.toml": SMALL_STORIES}
    for name, text in texts.items():
        for old, new in replaced.items():
            text = text.replace(old, new)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_load_content_reads_a_small_demo_exactly(tmp_path):
    content = load_content(write_small_demo(tmp_path))

    assert content == DemoContent(
        sections=(
            SectionSpec(
                slug="eco",
                name="Économie",
                position=1,
                description="Conjoncture.",
                palette=Palette(
                    dark="#000000", light="#111111", accents=("#222222", "#333333", "#444444")
                ),
            ),
        ),
        topics=(
            TopicSpec(slug="inflation", name="Inflation"),
            TopicSpec(slug="emploi", name="Emploi"),
            TopicSpec(slug="budget", name="Budget"),
        ),
        authors=(
            AuthorSpec(
                slug="claire", name="Claire", role="Journaliste", bio="Suit la conjoncture."
            ),
        ),
        agencies=(
            AgencySpec(short_name="AFP", name="Agence France-Presse", url="https://www.afp.com/"),
        ),
        images=(
            ImageSpec(
                key="eco-bars",
                section="eco",
                style="bars",
                credit="Infographie",
                alt_text="Des barres.",
                caption="Légende.",
            ),
        ),
        stories=(
            StorySpec(
                title="Les prix reculent",
                lead="Enfin.",
                section="eco",
                image="eco-bars",
                topics=("inflation", "emploi"),
                authors=("claire",),
                hours_ago=2.5,
            ),
            StorySpec(
                title="Le budget en débat",
                lead="Encore.",
                section="eco",
                image="eco-bars",
                topics=("budget",),
                authors=(),
                hours_ago=20,
                credit_line="Le Quotidien avec AFP",
                agency="AFP",
                updated_after_hours=3,
            ),
            StorySpec(
                title="Un brouillon",
                lead="Bientôt.",
                section="eco",
                image="eco-bars",
                topics=(),
                authors=("claire",),
                draft=True,
            ),
        ),
        body=BodyFragments(
            common_sentences=tuple(f"C{n}." for n in range(1, 21)),
            minor_headings=("En bref",),
            sections={
                "eco": SectionFragments(
                    sentences=("S1.", "S2.", "S3.", "S4."),
                    subheadings=("H1", "H2"),
                    key_facts=("F1", "F2", "F3"),
                    quotes=(Quote(text="Q1", speaker="un économiste"),),
                    links=(Link(opening="Voir", path="eco/note", text="la note"),),
                )
            },
        ),
        archive=ArchiveWords(
            subjects=(Subject(text="Le marché", plural=False),),
            verbs=(Verb(singular="recule", plural="reculent"),),
            connectors=("malgré",),
            objects=("la hausse des taux",),
            sources=("une étude",),
            agencies=("AFP",),
            agency_credit_line="Le Quotidien avec {agency}",
            newsroom_credit_line="La rédaction",
        ),
        comments=(CommentSpec(name="Hugo", body="Merci.\nÀ suivre."),),
    )
    assert [story.is_live for story in content.stories] == [True, True, False]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'image = "eco-bars"\nhours_ago = 20',
            'image = "eco-lines"\nhours_ago = 20',
            "stories[1]: unknown image 'eco-lines'",
        ),
        ('topics = ["budget"]', 'topics = ["budjet"]', "stories[1]: unknown topic 'budjet'"),
        ("authors = []\ncredit", 'authors = ["marc"]\ncredit', "stories[1]: unknown author 'marc'"),
        ('agency = "AFP"', 'agency = "AP"', "stories[1]: unknown agency 'AP'"),
        ('style = "bars"', 'style = "pie"', "images.eco-bars: unknown style 'pie'"),
        ('agencies = ["AFP"]', 'agencies = ["AP"]', "archive.agencies: unknown agency 'AP'"),
        (
            "draft = true",
            "draft = true\nhours_ago = 1",
            "stories[2]: a draft has no hours_ago, any other story has one",
        ),
        (
            "hours_ago = 20",
            "hours_ago = -20",
            "sections.eco: fewer than 2 live stories to link",
        ),
        (
            'key_facts = ["F1", "F2", "F3"]',
            'key_facts = ["F1", "F2"]',
            "body.sections.eco.key_facts: at least 3 needed",
        ),
        (
            'lead = "Encore."',
            'lede = "Encore."',
            "stories[1]: StorySpec.__init__() got an unexpected keyword argument 'lede'",
        ),
        (
            'minor_headings = ["En bref"]\n',
            "",
            "body: BodyFragments.__init__() missing 1 required positional argument: "
            "'minor_headings'",
        ),
    ],
)
def test_load_content_names_what_is_wrong_and_where(tmp_path, old, new, message):
    folder = write_small_demo(tmp_path, **{old: new})

    with pytest.raises(DemoContentError) as error:
        load_content(folder)

    assert str(error.value) == message


def test_load_content_refuses_a_table_given_twice(tmp_path):
    folder = write_small_demo(tmp_path)
    (folder / "more.toml").write_text('[topics]\nemploi = "Emploi"\n', encoding="utf-8")

    with pytest.raises(DemoContentError) as error:
        load_content(folder)

    assert str(error.value) == "newsroom.toml: 'topics' is already in more.toml"


def test_demo_content_counts():
    content = load_content()

    counts = {
        "sections": len(content.sections),
        "topics": len(content.topics),
        "authors": len(content.authors),
        "agencies": len(content.agencies),
        "images": len(content.images),
        "stories": len(content.stories),
        "live": sum(story.is_live for story in content.stories),
        "drafts": sum(story.draft for story in content.stories),
        "comments": len(content.comments),
        "live_pages": sum(bool(story.live_posts) for story in content.stories),
        "live_posts": sum(len(story.live_posts) for story in content.stories),
    }
    assert counts == {
        "sections": 6,
        "topics": 18,
        "authors": 8,
        "agencies": 3,
        "images": 12,
        "stories": 46,
        "live": 43,
        "drafts": 2,
        "comments": 6,
        "live_pages": 1,
        "live_posts": 7,
    }


def test_demo_content_references_name_existing_entries():
    content = load_content()
    sections = {section.slug for section in content.sections}
    images = {image.key for image in content.images}
    topics = {topic.slug for topic in content.topics}
    authors = {author.slug for author in content.authors}
    agencies = {agency.short_name for agency in content.agencies}

    assert {story.section for story in content.stories} == sections
    assert {story.image for story in content.stories} == images
    assert {image.section for image in content.images} == sections
    assert {topic for story in content.stories for topic in story.topics} - topics == set()
    assert {author for story in content.stories for author in story.authors} - authors == set()
    assert {story.agency for story in content.stories} - {""} == agencies
    assert set(content.archive.agencies) - agencies == set()
    assert set(content.body.sections) == sections
    assert len({story.title for story in content.stories}) == len(content.stories)


def test_a_live_post_by_an_unknown_author_is_reported(tmp_path):
    for path in CONTENT_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    stories = tmp_path / "stories.toml"
    stories.write_text(
        stories.read_text(encoding="utf-8").replace(
            'minutes_ago = 10\nauthor = "sophie-garnier"', 'minutes_ago = 10\nauthor = "personne"'
        ),
        encoding="utf-8",
    )

    with pytest.raises(DemoContentError) as error:
        load_content(tmp_path)

    assert str(error.value) == "stories[45].live_posts[6]: unknown author 'personne'"
