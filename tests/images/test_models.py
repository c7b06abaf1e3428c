import pytest
from django.db import IntegrityError

from images.models import Image

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("alt_text", "credit"), [("Une photo", ""), ("", "AFP")], ids=["credit", "alt text"]
)
def test_image_credit_and_alt_text_are_required_by_the_database(alt_text, credit):
    with pytest.raises(IntegrityError):
        Image.objects.create(
            file="images/x.jpg", width=10, height=10, alt_text=alt_text, credit=credit
        )


def test_image_keeps_the_table_it_was_created_in():
    assert Image._meta.db_table == "articles_image"


def test_image_is_named_by_its_caption_or_else_its_alt_text():
    assert (
        str(Image(alt_text="Une grue", caption="Le chantier")),
        str(Image(alt_text="Une grue")),
    ) == (
        "Le chantier",
        "Une grue",
    )
