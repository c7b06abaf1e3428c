import pytest
from django.conf import settings

from embeds import providers, services
from embeds.models import Embed
from tests.oembed_server import youtube_answer

pytestmark = pytest.mark.django_db

YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
CLEAN_IFRAME = (
    '<iframe class="embed__iframe embed__iframe--landscape" '
    'src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed" width="200" height="113" '
    'title="Le débat en vidéo" loading="lazy" '
    'allow="autoplay; encrypted-media; fullscreen; picture-in-picture" allowfullscreen '
    'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://vimeo.com/76979871", "Vimeo"),
        ("https://www.dailymotion.com/video/x8abcde", "Dailymotion"),
        ("https://x.com/lequotidien/status/1790000000000000000", "X (Twitter)"),
        ("https://www.instagram.com/p/C1a2b3c4d5e/", "Instagram"),
        ("https://bsky.app/profile/lequotidien.fr/post/3kabcdefghi2x", "Bluesky"),
        ("https://datawrapper.dwcdn.net/AbC12/3/", "Datawrapper"),
    ],
)
def test_match_finds_each_configured_provider(url, name):
    assert providers.match(url).provider.name == name


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
    ],
)
def test_match_refuses_other_addresses(url):
    assert providers.match(url) is None


def test_csp_frame_src_lists_exactly_the_configured_providers_hosts(client):
    expected = sorted({host for p in settings.EMBED_PROVIDERS for host in p["frames"]})

    response = client.get("/")

    directives = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    assert directives["frame-src"].split() == expected
    assert providers.frame_hosts() == expected


def test_fetch_stores_the_cleaned_answer(oembed_provider, django_capture_on_commit_callbacks):
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))

    with django_capture_on_commit_callbacks(execute=True):
        services.record_embeds(urls=[YOUTUBE_URL])

    embed = Embed.objects.get(url=YOUTUBE_URL)
    assert (embed.status, embed.provider, embed.title, embed.author_name) == (
        Embed.Status.READY,
        "YouTube",
        "Le débat en vidéo",
        "La chaîne du Quotidien",
    )
    assert embed.html == CLEAN_IFRAME
    assert oembed_provider.requests == [
        {
            "path": "/youtube",
            "query": {"url": YOUTUBE_URL, "format": "json", "maxwidth": "720"},
        }
    ]


def test_a_stored_answer_is_not_fetched_again(oembed_provider, django_capture_on_commit_callbacks):
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))
    with django_capture_on_commit_callbacks(execute=True):
        services.record_embeds(urls=[YOUTUBE_URL])

    with django_capture_on_commit_callbacks(execute=True):
        services.record_embeds(urls=[YOUTUBE_URL, "https://evil.example/video"])

    assert len(oembed_provider.requests) == 1
    assert list(Embed.objects.values_list("url", flat=True)) == [YOUTUBE_URL]


def test_an_iframe_from_another_host_is_dropped(
    oembed_provider, django_capture_on_commit_callbacks
):
    answer = youtube_answer("x")
    answer["html"] = '<iframe src="https://evil.example/embed/x"></iframe><p>Le <b>texte</b></p>'
    oembed_provider.answer("/youtube", answer)

    with django_capture_on_commit_callbacks(execute=True):
        services.record_embeds(urls=[YOUTUBE_URL])

    assert Embed.objects.get().html == "<p>Le texte</p>"


def test_a_script_answer_becomes_the_providers_own_frame(
    oembed_provider, django_capture_on_commit_callbacks
):
    url = "https://bsky.app/profile/lequotidien.fr/post/3kabcdefghi2x"
    oembed_provider.answer(
        "/bluesky",
        {
            "type": "rich",
            "title": "",
            "html": '<blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc123/'
            'app.bsky.feed.post/3kabcdefghi2x"><p>Bonjour</p></blockquote>'
            '<script async src="https://embed.bsky.app/static/embed.js"></script>',
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.record_embeds(urls=[url])

    embed = Embed.objects.get()
    assert embed.html == (
        '<iframe class="embed__iframe embed__iframe--tall" '
        'src="https://embed.bsky.app/embed/did:plc:abc123/app.bsky.feed.post/3kabcdefghi2x" '
        'width="550" height="600" title="Bluesky" loading="lazy" '
        'allow="autoplay; encrypted-media; fullscreen; picture-in-picture" allowfullscreen '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (404, b"{}", "HTTP 404"),
        (200, b"<html>", "not JSON"),
        (200, b'{"type": "link", "title": "x"}', "not a video or rich answer"),
        (200, b'{"type": "video", "html": "<script>x</script>"}', "nothing left once cleaned"),
    ],
)
def test_a_failed_fetch_is_recorded_and_raised_for_a_retry(oembed_provider, status, body, error):
    oembed_provider.answer("/youtube", body, status=status)
    Embed.objects.create(url=YOUTUBE_URL, provider="YouTube")

    with pytest.raises(Exception) as raised:
        services.fetch_embed(url=YOUTUBE_URL)

    assert str(raised.value) == error
    embed = Embed.objects.get()
    assert (embed.status, embed.error, embed.html) == (Embed.Status.FAILED, error, "")


def test_a_slow_provider_times_out(oembed_provider):
    oembed_provider.answer("/youtube", youtube_answer("x"), delay=5)
    Embed.objects.create(url=YOUTUBE_URL, provider="YouTube")

    with pytest.raises(Exception) as raised:
        services.fetch_embed(url=YOUTUBE_URL)

    assert str(raised.value) == "ReadTimeout"
    assert Embed.objects.get().status == Embed.Status.FAILED


def test_a_failed_embed_is_fetched_again_when_recorded_again(
    oembed_provider, django_capture_on_commit_callbacks
):
    Embed.objects.create(url=YOUTUBE_URL, provider="YouTube", status=Embed.Status.FAILED)
    oembed_provider.answer("/youtube", youtube_answer("dQw4w9WgXcQ"))

    with django_capture_on_commit_callbacks(execute=True):
        services.record_embeds(urls=[YOUTUBE_URL])

    assert Embed.objects.get().status == Embed.Status.READY
