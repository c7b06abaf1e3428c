"""Word-level differences between two revisions of an article, for editors."""

import difflib
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.body import Block, expand_blocks

COMPARED_FIELDS = (("title", _("Titre")), ("lead", _("Chapô")), ("body", _("Texte")))
BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def _block_text(block: Block) -> str:
    """A block as the words an editor recognises it by, on lines of its own."""
    if block.kind == "photo":
        text = gettext("[Photo n° %(id)s : %(alt)s]") % {"id": block.image_ids[0], "alt": block.alt}
        return f"\n{escape(text)} {escape(block.caption)}\n"
    if block.kind == "gallery":
        ids = ", ".join(str(pk) for pk in block.image_ids)
        return f"\n{escape(gettext('[Diaporama : photos n° %(ids)s]') % {'ids': ids})}\n"
    if block.kind == "embed":
        return f"\n{escape(gettext('[Contenu externe : %(url)s]') % {'url': block.url})}\n"
    if block.kind == "quote":
        return f"\n« {' '.join(strip_tags(block.inner).split())} » — {escape(block.label)}\n"
    return f"\n{escape(block.label)}\n{block.inner}\n"


def readable_text(value: str) -> str:
    """Body HTML as text, one paragraph per line, so that a diff reads like the article."""
    with_breaks = BLOCK_END.sub("\n", expand_blocks(value or "", _block_text))
    lines = (" ".join(strip_tags(line).split()) for line in with_breaks.split("\n"))
    return "\n".join(line for line in lines if line)


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words in <del> and added words in <ins>, HTML escaped."""
    old_words = re.findall(r"\S+|\n", old)
    new_words = re.findall(r"\S+|\n", new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_join(new_words[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{_join(old_words[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_join(new_words[b1:b2])}</ins>")
    return mark_safe(" ".join(parts).replace("\n", "<br>"))


def _join(words: list[str]) -> str:
    return escape(" ".join(words)).replace(" \n ", "\n")


def compare_versions(older, newer) -> list[dict]:
    """For each compared field: its label, whether it changed, and the word diff."""
    old_fields = older.field_dict if older else {}
    new_fields = newer.field_dict
    changes = []
    for name, label in COMPARED_FIELDS:
        old = old_fields.get(name, "") or ""
        new = new_fields.get(name, "") or ""
        if name == "body":
            old, new = readable_text(old), readable_text(new)
        changes.append(
            {"label": label, "changed": old != new, "diff": word_diff(old, new), "text": new}
        )
    return changes
