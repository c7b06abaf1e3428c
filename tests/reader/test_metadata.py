import unicodedata

import pytest
from django.template.defaultfilters import truncatechars

from reader.metadata import shortened

DECOMPOSED = unicodedata.normalize("NFD", "Émeutes à Nouméa : l’état d’urgence décrété")


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("Le budget est présenté.", 200),
        ("Le budget est présenté.", 23),
        ("Le budget est présenté.", 22),
        ("Le budget est présenté.", 1),
        ("mot " * 100, 300),
        (DECOMPOSED, 44),
        (DECOMPOSED, 43),
        (DECOMPOSED, 20),
        ("", 10),
    ],
)
def test_shortened_is_what_truncatechars_gives(text, limit):
    assert shortened(text, limit) == truncatechars(text, limit)


def test_shortened_keeps_a_text_that_fits_and_cuts_one_that_does_not():
    assert shortened("Le budget est présenté.", 23) == "Le budget est présenté."
    assert shortened("Le budget est présenté.", 22) == "Le budget est présent…"
    # 43 characters once composed, as the page shows them (more as stored).
    assert len(DECOMPOSED) == 50
    assert shortened(DECOMPOSED, 43) == unicodedata.normalize("NFC", DECOMPOSED)
