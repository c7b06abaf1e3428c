"""
How French text becomes search terms, in Python: for the SQLite index, for query
parsing and for highlighting. PostgreSQL does the same with its ``french_unaccent``
text search configuration (``unaccent`` then the Snowball French stemmer, see the
migration); both fold before they stem, so "Élysée" and "elysee" meet.

1. fold: lower case (``casefold``), ligatures opened ("œ" → "oe", "æ" → "ae"),
   accents removed;
2. split into runs of letters and digits: an apostrophe ("l'", "d'", "qu'", typed
   ' or ’) and a hyphen ("porte-parole") separate words, a number ("5", "1,9")
   gives its digits;
3. drop the stop words (the elided articles "l", "d", "qu"… among them), the list
   PostgreSQL's French dictionary uses (Snowball's), its unaccented entries;
4. stem with Snowball's French stemmer (``snowballstemmer``): "investir",
   "investit" and "investissement" all give "invest".
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
WORD = re.compile(r"[^\W_]+")

# Snowball's French stop words (as PostgreSQL's french.stop), the entries that can
# still match a folded word: PostgreSQL compares them after unaccent, like here.
_STOP_WORDS = """
    au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me mes
    moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi
    ton tu un une vos votre vous c d j l m n s t y suis es est sommes sont serai seras sera
    serons serez seront serais serait serions seriez seraient etais etait etions etiez
    etaient fus fut furent sois soit soyons soyez soient fusse fusses fussions fussiez
    fussent ayant ayante ayantes ayants eu eue eues eus ai as avons avez ont aurai auras
    aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
    avaient eut eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_stemmer = snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case, ligatures opened, accents removed: "Œuvre d'Élise" → "oeuvre d'elise"."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(char for char in text if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order, stop words included."""
    return WORD.findall(fold(text))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The stem of a folded word ("investissement" → "invest")."""
    return _stemmer.stemWord(word)


@lru_cache(maxsize=100_000)
def term(written: str) -> str | None:
    """
    The search term of one word as the text writes it ("Investissements" → "invest"),
    ``None`` for a stop word: what highlighting asks of every word it reads.
    """
    word = fold(written)
    return None if word in STOP_WORDS else stem(word)


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order: folded, stop words left out, stemmed."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def is_stop_word(word: str) -> bool:
    return fold(word) in STOP_WORDS
