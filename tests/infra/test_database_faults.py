"""
PostgreSQL down or failing over, through a fault proxy in front of the real server:
stored pages keep being served, other pages answer a French 503 with Retry-After, a
comment posted meanwhile comes back to its writer, /healthz says 503, and the next
request after the outage works without a restart.
"""

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.factories import ArticleFactory, UserFactory
from tests.faults import FaultProxy
from tests.reader.views.test_comments import post_url, valid_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL faults"),
]


@pytest.fixture
def database(settings):
    """The test database, reached through a fault proxy from now on."""
    real = dict(connection.settings_dict)
    proxy = FaultProxy(int(real["PORT"] or 5432))
    connection.close()
    connection.settings_dict.update(
        HOST="127.0.0.1",
        PORT=str(proxy.port),
        OPTIONS={**real.get("OPTIONS", {}), "connect_timeout": 1},
    )
    yield proxy
    proxy.set_mode("pass")
    connection.close()
    connection.settings_dict.update(HOST=real["HOST"], PORT=real["PORT"], OPTIONS=real["OPTIONS"])
    proxy.close()


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "PAGE_CACHE": True}


@pytest.mark.parametrize("fault", ["refuse", "reset"])
def test_stored_pages_are_served_and_others_answer_503_until_the_database_is_back(
    client, database, page_cache, fault
):
    stored, other = ArticleFactory(title="En cache"), ArticleFactory(title="Pas en cache")
    assert client.get(stored.get_absolute_url())["X-Page-Cache"] == "miss"

    database.set_mode(fault)
    if fault == "reset":
        database.set_mode("refuse")  # the failover: connections cut, the new primary not up yet
    hit = client.get(stored.get_absolute_url())
    unavailable = client.get(other.get_absolute_url())

    assert (hit.status_code, hit["X-Page-Cache"]) == (200, "hit")
    assert (unavailable.status_code, unavailable["Retry-After"]) == (503, "30")
    assert "Service momentanément indisponible" in unavailable.content.decode()
    assert "no-store" in unavailable["Cache-Control"]

    database.set_mode("pass")
    close_old_connections()  # what Django's handler does as each request starts
    back = client.get(other.get_absolute_url())

    assert (back.status_code, back["X-Page-Cache"]) == (200, "miss")


def test_a_comment_posted_during_the_outage_comes_back_with_its_text(client, database):
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # its row is in the shared cache
    database.set_mode("refuse")

    response = client.post(post_url(article), valid_data(body="Mon avis, tapé avec soin."))

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    html = response.content.decode()
    assert "Mon avis, tapé avec soin.</textarea>" in html
    assert 'value="Jean Lecteur"' in html
    database.set_mode("pass")
    close_old_connections()
    assert Comment.objects.count() == 0


def test_a_staff_member_gets_the_503_page_when_a_middleware_meets_the_outage(database):
    # Their session and account are loaded by middleware, before any view runs.
    staff = Client(raise_request_exception=False)
    staff.force_login(UserFactory(is_staff=True))
    database.set_mode("refuse")

    response = staff.get(reverse("admin:index"))

    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "Service momentanément indisponible" in response.content.decode()
    database.set_mode("pass")
    close_old_connections()


def test_healthz_says_503_while_the_database_is_down(client, database):
    database.set_mode("refuse")
    down = client.get(reverse("healthz"))
    database.set_mode("pass")
    close_old_connections()
    up = client.get(reverse("healthz"))

    assert (down.status_code, up.status_code) == (503, 200)


def test_connections_carry_the_documented_timeouts():
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement_timeout = cursor.fetchone()[0]

    options = connection.settings_dict["OPTIONS"]
    assert (statement_timeout, options["connect_timeout"], options["tcp_user_timeout"]) == (
        "10s",
        3,
        10000,
    )
