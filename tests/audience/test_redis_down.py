"""With Redis stopped, pages render and reads are counted in the database."""

import pytest
from django.db.models import Sum
from django.template import Context, Template
from django.urls import reverse

from audience.models import HourlyReadCount
from tests.audience.factories import HourlyReadCountFactory
from tests.audience.support import BROWSER, REDIS_DOWN_CACHES
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_stopped(settings):
    settings.CACHES = REDIS_DOWN_CACHES


def test_article_page_renders_with_redis_stopped(client, redis_stopped):
    article = ArticleFactory(title="Le budget 2027 adopté")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert response.context["article"] == article


def test_beacon_counts_in_the_database_with_redis_stopped(client, redis_stopped):
    article = ArticleFactory()

    response = client.post(reverse("audience:read", args=[article.pk]), HTTP_USER_AGENT=BROWSER)

    assert (response.status_code, response.content) == (204, b"")
    assert HourlyReadCount.objects.aggregate(total=Sum("count"))["total"] == 1


def test_sidebar_queries_the_database_once_a_minute_per_process_with_redis_stopped(
    redis_stopped, django_assert_num_queries
):
    HourlyReadCountFactory(article=ArticleFactory(title="Le plus lu"), count=3)
    sidebar = Template("{% load reader_tags %}{% rankings_sidebar %}")

    first = sidebar.render(Context())
    with django_assert_num_queries(0):
        second = sidebar.render(Context())

    assert first == second
    assert first.count(">Le plus lu</a>") == 2  # 24 hours and 7 days
