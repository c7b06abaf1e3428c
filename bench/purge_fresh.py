"""
``purge_to_fresh`` (bench/edge.py): correct an article, run the purge task's work at
once (``generations.purge_pending``, the xkey soft purge of its keys) and ask the edge
until it serves the correction; print the delays from the commit, in milliseconds,
as JSON. Run by bench/run.py while wrk loads the same article through the edge.

    python bench/purge_fresh.py <article path> <edge base URL> <rounds>
"""

import json
import os
import re
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from articles import services  # noqa: E402
from articles.models import Article  # noqa: E402
from infra import generations  # noqa: E402

POLL_SECONDS = 0.002
GIVE_UP_SECONDS = 10


def main() -> None:
    path, edge, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pk = int(re.search(r"-(\d+)/$", path).group(1))
    article = Article.objects.get(pk=pk)
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-edge-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    delays = []
    for round_number in range(rounds):
        marker = f"Correction de banc {time.time_ns()}-{round_number}"
        services.add_correction(article=article, by=editor, text=marker)
        committed = time.perf_counter()
        generations.purge_pending()  # what the purge task does, without the queue's wait
        while marker not in _get(edge + path):
            if time.perf_counter() - committed > GIVE_UP_SECONDS:
                raise SystemExit(
                    f"the edge did not serve the correction within {GIVE_UP_SECONDS} s"
                )
            time.sleep(POLL_SECONDS)
        delays.append((time.perf_counter() - committed) * 1000)
        time.sleep(0.05)
    print(json.dumps(delays))


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


if __name__ == "__main__":
    main()
