"""
A local stand-in for the oEmbed providers: a real HTTP server on a loopback port,
answering what each test tells it, and recording what it was asked. The providers'
endpoint settings point at it, so no test ever reaches the internet.
"""

import json
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.httpfakes import LoopbackServer, QuietHandler


class FakeProvider:
    def __init__(self):
        self.answers: dict[str, tuple[int, bytes, float]] = {}
        self.requests: list[dict] = []
        self.release = threading.Event()
        owner = self

        class Handler(QuietHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                owner.requests.append(
                    {
                        "path": parts.path,
                        "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    }
                )
                status, body, delay = owner.answers.get(parts.path, (404, b"{}", 0))
                if delay:
                    owner.release.wait(delay)
                self.send_body(status, body, {"Content-Type": "application/json"})

        self.server = LoopbackServer(Handler)

    @property
    def base(self) -> str:
        return self.server.url

    def answer(self, path: str, data, *, status: int = 200, delay: float = 0) -> str:
        """Answer ``path`` with ``data`` (JSON, or bytes as they are); return its URL."""
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.answers[path] = (status, body, delay)
        return self.base + path

    def start(self) -> "FakeProvider":
        self.server.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.server.close()


def youtube_answer(video_id: str, *, title: str = "Le débat en vidéo") -> dict:
    return {
        "type": "video",
        "version": "1.0",
        "title": title,
        "author_name": "La chaîne du Quotidien",
        "provider_name": "YouTube",
        "width": 200,
        "height": 113,
        "html": (
            f'<iframe width="200" height="113" src="https://www.youtube.com/embed/{video_id}'
            '?feature=oembed" frameborder="0" allow="autoplay" onload="steal()" '
            "allowfullscreen></iframe><script>alert(1)</script>"
        ),
    }


@pytest.fixture
def oembed_provider(settings):
    """The fake provider, every configured endpoint pointed at it (``/<name>``)."""
    provider = FakeProvider().start()
    settings.EMBED_PROVIDERS = [
        {**config, "endpoint": f"{provider.base}/{config['name'].split()[0].lower()}"}
        for config in settings.EMBED_PROVIDERS
    ]
    settings.EMBED_FETCH_TIMEOUT = (1, 1)
    yield provider
    provider.stop()
