"""The "Dépêches" screen, its reading page and "Reprendre la dépêche", as the desk uses them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import Article
from tests.factories import UserFactory
from tests.wire.conftest import sample
from wire.models import Dispatch, ReceivedItem, WireAlert
from wire.services import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    user = UserFactory(username="desk", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["change_article", "view_article", "view_dispatch", "view_wirealert"]
        )
    )
    client.force_login(user)
    return user


def _ingest(content: bytes) -> Dispatch:
    return ingest(content=content, origin=ReceivedItem.Origin.COMMAND).dispatches.get()


def test_queue_lists_newest_first_and_highlights_urgent(
    client, desk, afp, django_assert_num_queries
):
    normal = _ingest(sample("afp_newsml12_en.xml"))  # priority 4
    urgent = _ingest(sample("afp_newsml12_fr.xml"))  # priority 3: urgent
    url = reverse("admin:wire_dispatch_changelist")
    response = client.get(url)
    assert response.status_code == 200
    rows = [d.pk for d in response.context["cl"].result_list]
    assert rows == [urgent.pk, normal.pk]
    assert response.content.decode().count('class="wire-urgent"') == 1
    filtered = client.get(url, {"subject_top": "04"})
    assert [d.pk for d in filtered.context["cl"].result_list] == [urgent.pk]
    # The queue costs the same whatever it lists.
    with django_assert_num_queries(12):
        client.get(url)
    _ingest(sample("afp_newsml12_fr.xml").replace(b"TX-PAR-ABC12", b"TX-PAR-XYZ99"))
    with django_assert_num_queries(12):
        assert len(client.get(url).context["cl"].result_list) == 3


def test_reading_page_and_reprendre(client, desk, afp):
    dispatch = _ingest(sample("afp_newsml12_fr.xml"))
    page = client.get(reverse("admin:wire_dispatch_change", args=[dispatch.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "L&#x27;inflation ralentit à 1,9 % sur un an en avril" in html
    assert "Reprendre la dépêche" in html
    response = client.post(reverse("admin:wire_dispatch_take", args=[dispatch.pk]))
    dispatch.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_change", args=[dispatch.article.pk]
    )
    article_page = client.get(response["Location"])
    assert "dépêche d&#x27;origine" in article_page.content.decode().lower()
    assert dispatch.article.agencies.get().short_name == "AFP"


def test_reprendre_needs_the_right_to_write_articles(client, afp):
    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_dispatch"))
    client.force_login(reader)
    dispatch = _ingest(sample("afp_newsml12_fr.xml"))
    assert (
        "Reprendre la dépêche"
        not in client.get(
            reverse("admin:wire_dispatch_change", args=[dispatch.pk])
        ).content.decode()
    )
    assert client.post(reverse("admin:wire_dispatch_take", args=[dispatch.pk])).status_code == 403
    dispatch.refresh_from_db()
    assert dispatch.article is None


def test_dashboard_shows_urgent_alert_for_a_killed_item(client, desk, afp):
    dispatch = _ingest(sample("afp_newsml12_fr.xml"))
    client.post(reverse("admin:wire_dispatch_take", args=[dispatch.pk]))
    killed = (
        sample("afp_newsml12_fr.xml")
        .replace(b'Update="N">1<', b'Update="N">2<')
        .replace(b'"Usable"', b'"Canceled"')
    )
    ingest(content=killed, origin=ReceivedItem.Origin.COMMAND)
    assert WireAlert.objects.get().urgent is True
    home = client.get(reverse("admin:index")).content.decode()
    assert "article dont la dépêche a changé" in home
    assert "Retirée (kill)" in home


def test_a_new_version_of_a_used_item_leads_to_its_article(client, desk, afp):
    from tests.wire.test_services import _revision

    first = _ingest(_revision(1))
    client.post(reverse("admin:wire_dispatch_take", args=[first.pk]))
    first.refresh_from_db()
    article = first.article
    second = _ingest(_revision(2, advisory=b"RECTIFICATIF"))

    queue = client.get(reverse("admin:wire_dispatch_changelist"))
    [row] = queue.context["cl"].result_list
    assert (row.pk, row.made_into_id, row.made_into_title) == (second.pk, article.pk, article.title)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert f'<a href="{change_url}">' in queue.content.decode()

    reading = client.get(reverse("admin:wire_dispatch_change", args=[second.pk])).content.decode()
    assert "Reprendre la dépêche" not in reading
    assert "Article tiré de la version 1 de cette dépêche :" in reading
    assert client.post(reverse("admin:wire_dispatch_take", args=[second.pk]))["Location"] == (
        change_url
    )
    assert Article.objects.count() == 1

    # The article's page says which version it was made from, and what came since.
    page = client.get(change_url)
    [origin] = [f for f in page.context["inline_admin_formsets"] if f.opts.model is Dispatch]
    assert [form.original.version for form in origin] == ["1"]
    [alerts] = [f for f in page.context["inline_admin_formsets"] if f.opts.model is WireAlert]
    assert [form.original.dispatch.version for form in alerts] == ["2"]
