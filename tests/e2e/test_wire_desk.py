"""The wire desk in a browser: an editor takes an AFP dispatch, publishes it, a reader reads it."""

import shutil

import pytest

from articles.models import Article
from tests.e2e.support import admin_login, url
from tests.factories import jpeg_bytes
from tests.wire.conftest import SAMPLES
from wire.models import Dispatch, ReceivedItem, WireSource
from wire.services import ingest_path

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADLINE = "L'inflation ralentit à 1,9 % sur un an en avril"
LEAD = (
    "La hausse des prix à la consommation a ralenti à 1,9 % sur un an en avril, après "
    "2,3 % en mars, selon l'estimation de l'Insee publiée mardi."
)
BODY_PARAGRAPHS = [
    "Ce reflux tient surtout à l'énergie, dont les prix ont reculé de 4,1 % sur un an, "
    "détaille l'institut.",
    "Les prix de l'alimentation sont restés stables, à + 1,2 %, tandis que ceux des "
    "services ont progressé de 2,8 %.",
    "« Le pic est derrière nous », a réagi le ministre de l'Économie, cité dans un communiqué.",
]
CAPTION = "Des clients dans un supermarché parisien, le 10 mai 2026"


@pytest.fixture
def afp_dispatch(newsroom, tmp_path):
    """The French AFP sample (économie, with its photo), received through the command."""
    agency = newsroom.article.agencies.get()
    WireSource.objects.create(agency=agency, provider_ids="afp.com, AFP")
    shutil.copy(SAMPLES / "afp_newsml12_fr.xml", tmp_path / "afp.xml")
    (tmp_path / "afp-photo-highdef.jpg").write_bytes(jpeg_bytes(1600, 1000))
    (tmp_path / "afp-photo-quicklook.jpg").write_bytes(jpeg_bytes(400, 250))
    received = ingest_path(tmp_path / "afp.xml", origin=ReceivedItem.Origin.COMMAND)
    return received.dispatches.get()


def test_editor_takes_a_dispatch_and_a_reader_reads_it_with_avec_afp(
    live_server, page, new_page, shoot, axe, staff_user, afp_dispatch
):
    admin_login(page, live_server, staff_user("edith", "Éditeurs"))

    page.get_by_role("link", name="Dépêches", exact=True).click()
    page.wait_for_url(url(live_server, "admin:wire_dispatch_changelist"))
    queue = page.locator("#result_list")
    row = queue.get_by_role("row").filter(has_text=HEADLINE)
    assert row.locator(".wire-urgent").inner_text() == "URGENT"  # priority 3
    assert axe(page) == []
    shoot(page, "30-depeches")

    page.get_by_role("textbox", name="Rechercher").fill("economie inflations")
    page.get_by_role("button", name="Rechercher").click()
    assert queue.get_by_role("link", name=HEADLINE).count() == 1
    queue.get_by_role("link", name=HEADLINE).click()
    page.wait_for_url(url(live_server, "admin:wire_dispatch_change", afp_dispatch.pk))
    reading = page.locator(".wire-reading")
    assert reading.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert reading.locator("figcaption").inner_text().startswith(CAPTION)
    assert axe(page) == []
    shoot(page, "31-depeche-lecture")

    page.get_by_role("button", name="Reprendre la dépêche").click()
    afp_dispatch.refresh_from_db()
    article = afp_dispatch.article
    page.wait_for_url(url(live_server, "admin:articles_article_change", article.pk))
    assert page.locator(".messagelist").inner_text() == (
        "Brouillon créé à partir de la dépêche. Relisez-le avant publication."
    )
    assert page.locator("#id_title").input_value() == HEADLINE
    assert page.locator("#id_lead").input_value() == LEAD
    editor = page.locator(".ProseMirror[contenteditable=true]")
    assert editor.locator("p").all_inner_texts() == BODY_PARAGRAPHS
    assert editor.locator("h2").all_inner_texts() == ["- Alimentation stable -"]
    assert page.locator("#id_section option:checked").inner_text() == "Économie"
    assert page.locator("#id_agencies option:checked").all_inner_texts() == [
        str(article.agencies.get())
    ]
    image = afp_dispatch.pictures.get().image
    assert page.locator("#id_main_image option:checked").inner_text() == str(image)
    origin = page.locator(".inline-group", has_text="Dépêche d'origine")
    assert origin.get_by_role("link", name=HEADLINE).count() == 1
    # axe runs on the desk's own screens (above); the article form's widgets (Select2,
    # the body editor) belong to the articles' admin.
    shoot(page, "32-depeche-reprise")

    page.get_by_role("button", name="Publier / programmer").click()
    assert page.locator(".messagelist").inner_text() == "Article publié."
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED

    reader = new_page(reader_ip="198.51.100.7")
    reader.goto(url(live_server, "articles:home"))
    reader.get_by_role("link", name=HEADLINE).first.click()
    assert reader.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert reader.locator(".article__kicker").inner_text() == "ÉCONOMIE"
    assert reader.locator(".article__lead").inner_text() == LEAD
    assert reader.locator(".article__body p").all_inner_texts() == BODY_PARAGRAPHS
    assert reader.locator(".article__agencies").inner_text() == "(Avec AFP)"
    assert reader.locator(".article__credit").inner_text() == "(Crédits : Ludovic MARIN / AFP)"
    assert reader.locator(".article__figure img").get_attribute("alt") == CAPTION
    shoot(reader, "33-depeche-publiee")
    assert Dispatch.objects.get(pk=afp_dispatch.pk).article_id == article.pk
    page.problems.assert_clean()
    reader.problems.assert_clean()
