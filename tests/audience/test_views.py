"""The read beacon: what it answers and which requests count."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from articles.models import Article
from audience.counters import fold_reads
from audience.models import HourlyReadCount
from tests.audience.support import BROWSER, NOON
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def send(client, article_id: int, *, query: str = "", **extra):
    extra.setdefault("HTTP_USER_AGENT", BROWSER)
    return client.post(reverse("audience:read", args=[article_id]) + query, **extra)


def counted(article_id: int | None = None) -> int:
    """Reads stored for an article (all articles when None), Redis counters folded first."""
    fold_reads()
    rows = HourlyReadCount.objects.all()
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    return rows.aggregate(total=Sum("count"))["total"] or 0


def test_beacon_counts_a_read_with_an_empty_uncached_204(client):
    article = ArticleFactory()

    response = send(client, article.pk)

    assert (response.status_code, response.content) == (204, b"")
    assert response["Cache-Control"] == "no-store"
    assert counted(article.pk) == 1


def test_beacon_url_is_the_documented_path():
    assert reverse("audience:read", args=[42]) == "/audience/lu/42/"


@pytest.mark.parametrize("method", ["get", "head", "put", "delete", "options"])
def test_beacon_refuses_every_method_but_post(client, method):
    article = ArticleFactory()

    response = getattr(client, method)(
        reverse("audience:read", args=[article.pk]), HTTP_USER_AGENT=BROWSER
    )

    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert counted() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW, "published_at": None},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": NOON + timedelta(hours=2)},
        {"embargo_until": NOON + timedelta(hours=2)},
    ],
    ids=["draft", "review", "unpublished", "scheduled", "embargoed"],
)
def test_beacon_answers_404_for_articles_readers_cannot_see(client, clock, fields):
    article = ArticleFactory(**fields)

    response = send(client, article.pk)

    assert (response.status_code, response.content) == (404, b"")
    assert response["Cache-Control"] == "no-store"
    assert counted() == 0


def test_beacon_answers_404_for_an_unknown_article(client):
    response = send(client, 999_999)

    assert (response.status_code, response.content) == (404, b"")
    assert counted() == 0


def test_beacon_counts_a_scheduled_story_as_soon_as_it_is_out(client, clock):
    article = ArticleFactory(published_at=clock.now + timedelta(minutes=5))
    assert send(client, article.pk).status_code == 404

    clock.advance(minutes=6)

    assert send(client, article.pk).status_code == 204
    assert counted(article.pk) == 1


BOT_USER_AGENTS = [
    "",
    "   ",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
    "+http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
    "+https://openai.com/gptbot)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; "
    "+claudebot@anthropic.com)",
    "CCBot/2.0 (https://commoncrawl.org/faq/)",
    "Mozilla/5.0 (compatible;PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
    "python-requests/2.32.3",
    "curl/8.5.0",
    "Wget/1.21.4",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/126.0.0.0 Safari/537.36",
]


@pytest.mark.parametrize("user_agent", BOT_USER_AGENTS)
def test_beacon_does_not_count_robots_and_link_previewers(client, user_agent):
    article = ArticleFactory()

    response = send(client, article.pk, HTTP_USER_AGENT=user_agent)

    assert response.status_code == 204
    assert counted() == 0


@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"HTTP_X_PURPOSE": "preview"},
        {"HTTP_X_MOZ": "prefetch"},
    ],
    ids=["sec-purpose", "sec-purpose-prerender", "purpose", "safari-preview", "x-moz"],
)
def test_beacon_does_not_count_prefetch_and_prerender(client, header):
    article = ArticleFactory()

    response = send(client, article.pk, **header)

    assert response.status_code == 204
    assert counted() == 0


def test_beacon_does_not_count_staff(client):
    article = ArticleFactory()
    client.force_login(UserFactory(username="journaliste", is_staff=True))

    response = send(client, article.pk)

    assert response.status_code == 204
    assert counted() == 0


def test_beacon_counts_a_logged_in_reader_who_is_not_staff(client):
    article = ArticleFactory()
    client.force_login(UserFactory(username="abonne", is_staff=False))

    assert send(client, article.pk).status_code == 204
    assert counted(article.pk) == 1


def test_beacon_does_not_count_previews(client):
    article = ArticleFactory()

    response = send(client, article.pk, query="?preview=1")

    assert response.status_code == 204
    assert counted() == 0


def test_beacon_counts_a_reader_once_per_window(client, clock):
    article = ArticleFactory()

    send(client, article.pk)
    send(client, article.pk)
    clock.advance(minutes=29)
    send(client, article.pk)
    assert counted(article.pk) == 1

    clock.advance(minutes=1)  # 30 minutes after the counted read
    send(client, article.pk)
    send(client, article.pk)
    assert counted(article.pk) == 2


def test_beacon_window_follows_the_setting(client, clock, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_READ_WINDOW_SECONDS": 60}
    article = ArticleFactory()

    send(client, article.pk)
    clock.advance(seconds=59)
    send(client, article.pk)
    clock.advance(seconds=1)
    send(client, article.pk)

    assert counted(article.pk) == 2


def test_beacon_tells_readers_apart_by_address_and_browser(client):
    article = ArticleFactory()
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

    send(client, article.pk, REMOTE_ADDR="198.51.100.1")
    send(client, article.pk, REMOTE_ADDR="198.51.100.2")
    send(client, article.pk, REMOTE_ADDR="198.51.100.2", HTTP_USER_AGENT=firefox)
    send(client, article.pk, REMOTE_ADDR="198.51.100.2", HTTP_USER_AGENT=firefox)

    assert counted(article.pk) == 3


def test_beacon_counts_each_article_once_for_the_same_reader(client):
    first, second = ArticleFactory(), ArticleFactory()

    send(client, first.pk)
    send(client, second.pk)
    send(client, first.pk)

    assert (counted(first.pk), counted(second.pk)) == (1, 1)


def test_beacon_rate_limits_an_address(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "AUDIENCE_BEACON_RATE_LIMIT": (3, 600)}
    articles = ArticleFactory.create_batch(5)

    statuses = [send(client, article.pk).status_code for article in articles]
    other_reader = send(client, articles[4].pk, REMOTE_ADDR="203.0.113.9").status_code

    assert statuses == [204] * 5
    assert other_reader == 204
    assert [counted(article.pk) for article in articles] == [1, 1, 1, 0, 1]


def test_beacon_needs_no_csrf_token_nor_cookie():
    client = Client(enforce_csrf_checks=True)
    article = ArticleFactory()

    response = send(client, article.pk)

    assert (response.status_code, response.cookies) == (204, {})
    assert counted(article.pk) == 1
