"""
English under /en/: every reader page shows its interface in English.

The catalogue holds every string (a template tag inside Python code is invisible to
``makemessages``) and compiles all of them (none untranslated or fuzzy). Then two
guards on each page's visible text (text, alt, title, aria-label, placeholder and
button labels):
- no French string of the compiled English catalogue whose English differs: a string
  the catalogue has but the page does not translate (``gettext`` at import time, a
  French fragment served from a cache);
- no common French word at all: a string that ``makemessages`` cannot find has no
  entry to translate it (``{% translate %}`` inside a Python string, text written
  straight into a template).
The content is written in words that are not French, so only the interface can bring
French to the page.
"""

import ast
import os
import re
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from comments.models import Comment
from tests.factories import (
    AgencyFactory,
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
SOURCE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
CATALOGUE = SOURCE.with_suffix(".mo")
# What ``makemessages`` skips (see the Makefile) and what is not the application.
NOT_APPLICATION = {"node_modules", "var", "bench", "tests", "__pycache__"}
TEMPLATE_TRANSLATION = re.compile(r"\{%-?\s*(trans|translate|blocktrans|blocktranslate)\b")
PLACEHOLDERS_AND_TAGS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|<[^>]*>")
# Words of French sentences that English never uses.
FRENCH_WORDS = {
    "au", "aucun", "aucune", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du",
    "est", "et", "la", "le", "les", "mais", "ne", "nos", "notre", "nous", "ou", "par", "pas",
    "pour", "qui", "que", "sont", "sur", "une", "vos", "votre", "vous",
}  # fmt: skip
FRENCH_LETTERS = re.compile(r"[àâäçéèêëîïôöùûüÿœæ]", re.IGNORECASE)
NOTICES = {
    "fr": (
        "Votre email ne sera pas affiché publiquement. Tous les champs sont obligatoires.",
        "Pour un contenu illicite, expliquez pourquoi il l’est (obligatoire).",
    ),
    "en": (
        "Your email will not be shown publicly. All fields are required.",
        "For illegal content, explain why it is illegal (required).",
    ),
}


class _VisibleText(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, and labelling attributes."""

    LABELS = ("alt", "title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in {"script", "style"}:
            self._hidden += 1
        self.parts.extend(attributes[name] for name in self.LABELS if attributes.get(name))
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def fragments(message: str) -> set[str]:
    """The literal pieces of a message, between its placeholders and tags."""
    pieces = (" ".join(piece.split()) for piece in PLACEHOLDERS_AND_TAGS.split(message))
    return {piece for piece in pieces if re.search(r"\w{3}", piece)}


def compiled_catalogue() -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of the compiled English catalogue, as gettext reads them."""
    data = CATALOGUE.read_bytes()
    magic, _revision, count, originals, translations = struct.unpack("<5I", data[:20])
    assert magic == 0x950412DE, "a little-endian .mo file"

    def strings(table: int) -> list[str]:
        entries = (struct.unpack_from("<2I", data, table + 8 * index) for index in range(count))
        return [data[start : start + length].decode() for length, start in entries]

    return list(zip(strings(originals), strings(translations), strict=True))


def source_catalogue() -> set[str]:
    """The msgids of django.po (obsolete entries left out), keyed as in the compiled file."""
    keys = set()
    for block in SOURCE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        name = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            if not line.startswith('"'):
                name, line = keyword, rest
            fields[name] = fields.get(name, "") + ast.literal_eval(line)
        if fields.get("msgid"):
            key = fields["msgid"] + (
                "\x00" + fields["msgid_plural"] if "msgid_plural" in fields else ""
            )
            keys.add(f"{fields['msgctxt']}\x04{key}" if "msgctxt" in fields else key)
    return keys


def python_sources():
    for directory, subdirectories, files in os.walk(ROOT):
        subdirectories[:] = [
            name
            for name in subdirectories
            if not name.startswith(".") and name not in NOT_APPLICATION
        ]
        yield from (Path(directory) / name for name in files if name.endswith(".py"))


def template_tags_in_python(path: Path) -> list[str]:
    """String literals of a module that hold a translation tag (docstrings apart)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and TEMPLATE_TRANSLATION.search(node.value)
    ]


def untranslated_french() -> set[str]:
    """French pieces of the interface that an English page must not show."""
    french = set()
    for msgid, msgstr in compiled_catalogue():
        if not msgid:
            continue  # the catalogue's header
        # Plural forms are separated by NUL; a context comes before EOT.
        english = set().union(*(fragments(form) for form in msgstr.split("\x00")))
        for form in msgid.split("\x04")[-1].split("\x00"):
            french |= fragments(form) - english
    return french


def french_left(text: str, catalogue: set[str]) -> list[str]:
    """The French that ``text`` shows: catalogue strings, French words, accented words."""
    found = sorted(
        piece for piece in catalogue if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text)
    )
    words = re.findall(r"\w+", text)
    found += sorted({word for word in words if word.lower() in FRENCH_WORDS})
    found += sorted({word for word in words if FRENCH_LETTERS.search(word)})
    return found


@pytest.fixture
def paper(settings):
    """A small paper in English-neutral words: a section, a topic, an author, a story, a comment."""
    settings.NEWSROOM = {**settings.NEWSROOM, "SITE_NAME": "Newsroom"}
    section = SectionFactory(name="Tech", slug="tech")
    topic = TopicFactory(name="Chips", slug="chips")
    author = AuthorFactory(name="Alex Morgan", slug="alex-morgan", role="Reporter")
    article = ArticleFactory(
        title="Chips and clouds",
        lead="Lorem ipsum dolor sit amet.",
        body="<p>Lorem ipsum.</p><h2>Dolor</h2><p>Sit amet.</p>",
        section=section,
        topics=[topic],
        authors=[author],
        agencies=[AgencyFactory(name="Wire Service", short_name="WS")],
        main_image=ImageFactory(alt_text="Servers", caption="Servers at night", credit="Studio"),
    )
    comment = CommentFactory(
        article=article, name="Sam", body="Lorem ipsum.", status=Comment.Status.PUBLISHED
    )
    return article, comment


def english_urls(article, comment) -> dict[str, str]:
    with translation.override("en"):
        report = {"pk": comment.pk}
        return {
            "home": reverse("articles:home"),
            "section": reverse("articles:section", kwargs={"slug": article.section.slug}),
            "topic": reverse("articles:topic", kwargs={"slug": article.topics.get().slug}),
            "author": reverse("articles:author", kwargs={"slug": article.authors.get().slug}),
            "article": article.get_absolute_url(),
            "article, comment received": f"{article.get_absolute_url()}?commentaire=recu",
            "report form": reverse("comments:report", kwargs=report),
            "report done": reverse("comments:report_done", kwargs=report),
            "not found": reverse("articles:section", kwargs={"slug": "missing"}),
        }


def test_python_code_holds_no_template_translation_tag():
    # makemessages reads such a tag in templates only: in Python it never reaches the catalogue.
    found = [place for path in python_sources() for place in template_tags_in_python(path)]

    assert found == []


def test_every_string_of_the_catalogue_is_translated_and_compiled():
    compiled = {msgid for msgid, _msgstr in compiled_catalogue() if msgid}

    # msgfmt leaves out untranslated and fuzzy entries; a stale .mo misses new ones.
    assert sorted(source_catalogue() - compiled) == []
    assert sorted(compiled - source_catalogue()) == []


def test_english_pages_show_no_french_interface(client, paper):
    catalogue = untranslated_french()
    pages = english_urls(*paper)

    shown = {name: client.get(url) for name, url in pages.items()}

    assert {name: response.status_code for name, response in shown.items()} == {
        **dict.fromkeys(pages, 200),
        "not found": 404,
    }
    assert {
        name: french_left(visible_text(response.content.decode()), catalogue)
        for name, response in shown.items()
    } == {name: [] for name in pages}


def test_french_left_finds_catalogue_strings_and_french_words():
    catalogue = {"Signaler", "a écrit le"}

    found = french_left("Sam a écrit le 2 March. Signaler — Report. Votre email", catalogue)

    assert found == ["Signaler", "a écrit le", "Votre", "le", "écrit"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_comment_and_report_form_notices_follow_the_language(client, paper, language):
    article, comment = paper
    with translation.override(language):
        urls = (article.get_absolute_url(), reverse("comments:report", kwargs={"pk": comment.pk}))

    notices = [
        re.findall(r'<p class="form-notice">(.*?)</p>', client.get(url).content.decode())
        for url in urls
    ]

    assert notices == [[notice] for notice in NOTICES[language]]
