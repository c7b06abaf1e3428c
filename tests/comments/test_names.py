"""
Names readers sign with: no invisible or control characters, no look-alike of the
newsroom's roles or of a staff member's name, each refused with a French message
next to the field.
"""

import pytest
from django.contrib.auth import get_user_model

from comments.forms import CommentForm, issue_form_timestamp
from comments.names import skeleton

pytestmark = pytest.mark.django_db

INVISIBLE = (
    "Le nom contient des caractères invisibles ou de contrôle (inversion du sens du texte, "
    "espace sans largeur…) : retirez-les."
)
RESERVED = "Ce nom est réservé à la rédaction, choisissez-en un autre."


def name_errors(name: str) -> list[str]:
    form = CommentForm(
        {"name": name, "email": "a@example.org", "body": "Bonjour", "ts": issue_form_timestamp()}
    )
    form.is_valid()
    return form.errors.get("name", [])


@pytest.mark.parametrize(
    "name",
    [
        "Jean\u202eeniM",  # right-to-left override
        "\u2066Jean\u2069",  # isolates
        "Je\u200ban",  # zero-width space
        "Jean\u200d",  # zero-width joiner
        "\ufeffJean",  # byte order mark
        "Jean\u0007",  # bell
        "Je\u0085an",  # next line (C1)
        "Jean\u2028Dupont",  # line separator
    ],
)
def test_invisible_and_control_characters_are_refused(name):
    assert name_errors(name) == [INVISIBLE]


@pytest.mark.parametrize(
    "name",
    [
        "Rédaction",
        "La rédaction",
        "MODÉRATEUR",
        "R\u0435daction",  # Cyrillic e
        "\uff32\uff25\uff24\uff21\uff23\uff34\uff29\uff2f\uff2e",  # full-width REDACTION
        "\U0001d411\u00e9daction",  # mathematical bold R
        "M0dérateur",
        "Modérat\u0435ur officiel",
        "Adm1n",
        "Le Quotidien",
    ],
)
def test_look_alikes_of_the_newsroom_are_refused(name):
    assert name_errors(name) == [RESERVED]


def test_a_look_alike_of_a_staff_members_name_is_refused():
    get_user_model().objects.create_user(
        "cmartin", first_name="Claire", last_name="Martin", is_staff=True
    )

    assert name_errors("Cl\u0430ire Martin") == [RESERVED]  # Cyrillic a
    assert name_errors("CLAIRE  MARTIN") == [RESERVED]
    assert name_errors("Claire Martinez") == []


def test_a_former_staff_members_name_is_free_again():
    get_user_model().objects.create_user(
        "cmartin", first_name="Claire", last_name="Martin", is_staff=True, is_active=False
    )

    assert name_errors("Claire Martin") == []


@pytest.mark.parametrize(
    "name", ["Zoé Lefèvre", "Jean-Michel", "Ève", "Müller", "Đặng Thị", "Ольга", "李雷", "Chloé B."]
)
def test_ordinary_names_pass(name):
    assert name_errors(name) == []


def test_the_skeleton_folds_look_alikes_together():
    assert {skeleton(v) for v in ("Rédaction", "R\u0435daction", "REDACTION", "rédac-tion")} == {
        "redaction"
    }
