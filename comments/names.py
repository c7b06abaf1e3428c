"""
Which names a reader may sign with. A name is shown next to the comment as the
author's: it must not carry invisible characters (bidi overrides that reverse the
text around them, zero-width characters that make two names look alike), and must
not pass a reader off as the newsroom ("Rédaction", "Modérateur", a journalist's
name), however it is spelled: with accents or without, in capitals, in another
script's look-alike letters (a Cyrillic e in "Rédaction"), in full-width or
mathematical letters, with digits for letters ("M0dérateur").

Look-alikes are compared through a skeleton in the manner of Unicode's UTS #39:
NFKC and case folding, then each character replaced by its ASCII prototype from
Unicode's confusables table (the ``confusable_homoglyphs`` package, which ships that
table and is kept up to date; ICU's spoof checker would need a C library), accents,
spaces and punctuation dropped, and a few ASCII look-alikes (0/o, 1/l/i, rn/m) merged.
"""

import unicodedata
from functools import lru_cache

from confusable_homoglyphs.confusables import confusables_data
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from infra import pagecache
from infra.people import display_name

# Roles that would pass a reader off as the newsroom, as skeletons: found anywhere
# in a name ("La Rédaction", "modérateur officiel").
STAFF_WORDS = (
    "moderateur",
    "moderatrice",
    "moderation",
    "redaction",
    "redacteur",
    "administrateur",
    "admin",
    "webmaster",
    "journaliste",
    "equipe",
    "staff",
    "officiel",
)
# Unicode categories no name needs: controls, format characters (bidi controls,
# zero-width spaces and joiners, the BOM), line and paragraph separators, private
# use, surrogates and unassigned code points.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})
ASCII_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "l": "i", "|": "i", "!": "i", "@": "a"})


@lru_cache(maxsize=4096)
def _prototype(char: str) -> str:
    """The ASCII letter or digit ``char`` is confusable with, or ``char`` itself."""
    if char.isascii():
        return char
    for glyph in confusables_data.get(char, ()):
        if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
            return glyph["c"]
    return char


def skeleton(value: str) -> str:
    """What ``value`` looks like, for comparing names (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", value).casefold()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(_prototype(c) for c in text if not unicodedata.combining(c)).casefold()
    text = text.translate(ASCII_LOOKALIKES)
    return "".join(c for c in text if c.isalnum()).replace("rn", "m")


def validate_visible_characters(value: str) -> None:
    """Refuse control and format characters (bidi overrides, zero-width) in a name."""
    if any(unicodedata.category(c) in REFUSED_CATEGORIES for c in value):
        raise ValidationError(
            _(
                "Le nom contient des caractères invisibles ou de contrôle (inversion du "
                "sens du texte, espace sans largeur…) : retirez-les."
            ),
            code="invisible",
        )


STAFF_SKELETONS_KEY = "comments:staff-skeletons"


def _staff_skeletons() -> set[str]:
    """
    The skeletons of the active staff members' names: one query, then from the shared
    cache for DATA_CACHE_SECONDS, so that posting a comment does not read the staff
    table each time (a new staff member's name is protected within that delay).
    """

    def compute() -> set[str]:
        users = get_user_model().objects.filter(is_staff=True, is_active=True)
        fields = ("username", "first_name", "last_name")
        names = {display_name(user) for user in users.only(*fields)}
        return {found for found in map(skeleton, names) if len(found) >= 3}

    return pagecache.cached(STAFF_SKELETONS_KEY, compute)


def validate_not_staff_name(value: str) -> None:
    """Refuse a name that reads as the newsroom's, a role or a staff member's, however spelled."""
    found = skeleton(value)
    site = skeleton(settings.NEWSROOM["SITE_NAME"])
    if (
        any(skeleton(word) in found for word in STAFF_WORDS)
        or (site and site in found)
        or found in _staff_skeletons()
    ):
        raise ValidationError(
            _("Ce nom est réservé à la rédaction, choisissez-en un autre."), code="staff_name"
        )
