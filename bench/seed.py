"""
Seed the benchmark dataset into the configured database (PostgreSQL in practice):
the demo content plus synthetic archive articles (`seed_demo --articles`), then
published comments spread over the newest articles, a month of hourly read
buckets and the page under test. Idempotent: counts are topped up to the requested totals.

    python bench/seed.py --articles 10000 --comments 100000
"""

import argparse
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from run import LIVE_SLUG, REFERENCE_SLUG  # noqa: E402
from tqdm import tqdm  # noqa: E402

from articles import services  # noqa: E402
from articles.body import read_also_marker  # noqa: E402
from articles.models import Agency, Article, Author, Section, Topic  # noqa: E402
from comments.models import Comment  # noqa: E402
from demo.loader import load_content  # noqa: E402
from images.models import Image  # noqa: E402
from live.models import LivePost  # noqa: E402
from search.models import Entry  # noqa: E402

BATCH = 5000
NAMES = ["Claire", "Hugo", "Inès", "Louis", "Manon", "Nathan", "Sarah", "Yanis", "Zoé", "Paul"]
PHRASES = [
    "Analyse intéressante, merci.",
    "Je ne partage pas tout à fait cette lecture des chiffres.",
    "Le sujet mérite un suivi dans les prochains mois.",
    "Qu'en pensent les économistes interrogés ?",
    "Article clair et bien documenté.",
]


REFERENCE_WORDS = 1000
REFERENCE_COMMENTS = 20


def reference_body(rng: random.Random, read_also: list[int]) -> str:
    """About REFERENCE_WORDS words: paragraphs of three sentences, a subheading every
    four paragraphs, a "Lire aussi" link after the second and the sixth paragraphs."""
    body = load_content().body
    sentences = (*body.sections["economie"].sentences, *body.common_sentences)
    headings = body.sections["economie"].subheadings
    blocks, words, number = [], 0, 0
    while words < REFERENCE_WORDS:
        if number and number % 4 == 0:
            blocks.append(f"<h2>{headings[number // 4 % len(headings)]}</h2>")
        paragraph = " ".join(rng.sample(sentences, 3))
        blocks.append(f"<p>{paragraph}</p>")
        words += len(paragraph.split())
        number += 1
        if number in (2, 6) and read_also:
            blocks.append(read_also_marker(read_also.pop(0)))
    return "\n".join(blocks)


def seed_reference_article(rng: random.Random) -> Article:
    """
    The page under test, the same in every dataset and like the reference page the
    targets were set with: a 1,000-word body with subheadings and two "Lire aussi"
    links, a main image with caption and credit, two authors, two topics, an agency
    and 20 published comments.
    """
    article = Article.objects.filter(slug=REFERENCE_SLUG).first()
    if article is None:
        section = Section.objects.get(slug="economie")
        targets = Article.objects.published().filter(section=section).order_by("-published_at")
        article = services.save_article(
            article=Article(
                title="Les entreprises françaises accélèrent leurs investissements dans l'IA",
                slug=REFERENCE_SLUG,
                lead=(
                    "Malgré des taux encore élevés, les grandes entreprises comme les PME "
                    "consacrent une part croissante de leurs budgets à l'intelligence "
                    "artificielle, selon plusieurs études publiées cette semaine."
                ),
                body=reference_body(rng, list(targets.values_list("pk", flat=True)[:2])),
                section=section,
                main_image=Image.objects.exclude(caption="").order_by("pk").first(),
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(days=3),
            )
        )
        article.authors.set(Author.objects.order_by("pk")[:2])
        article.topics.set(Topic.objects.order_by("pk")[:2])
        article.agencies.set(Agency.objects.filter(short_name="AFP"))
        services.index_article(article=article)
    missing = REFERENCE_COMMENTS - article.comments.count()
    if missing > 0:
        now = timezone.now()
        Comment.objects.bulk_create(
            Comment(
                article=article,
                name=NAMES[n % len(NAMES)],
                email=f"reference{n}@example.org",
                body=f"{PHRASES[n % len(PHRASES)]} ({n})",
                status=Comment.Status.PUBLISHED,
                fingerprint=f"bench-reference-{n}",
                created_at=now - timedelta(hours=n),
                published_at=now - timedelta(hours=n),
            )
            for n in range(REFERENCE_COMMENTS - missing, REFERENCE_COMMENTS)
        )
    Article.objects.filter(pk=article.pk).update(comment_count=REFERENCE_COMMENTS)
    return article


def seed_comments(total: int, rng: random.Random, progress: bool) -> int:
    existing = Comment.objects.count()
    missing = max(0, total - existing)
    if not missing:
        return 0
    # Comments go to the newest published articles, most to the top few, like real traffic.
    article_ids = list(
        Article.objects.published()
        .exclude(slug=REFERENCE_SLUG)  # it keeps its 20 comments
        .order_by("-published_at")
        .values_list("pk", flat=True)[:2000]
    )
    now = timezone.now()
    bar = tqdm(total=missing, disable=not progress, desc="commentaires", unit="com")
    created = 0
    while created < missing:
        size = min(BATCH, missing - created)
        batch = []
        for i in range(size):
            n = existing + created + i
            article_id = article_ids[min(int(rng.paretovariate(1.2)) - 1, len(article_ids) - 1)]
            created_at = now - timedelta(minutes=rng.randint(1, 60 * 24 * 30))
            batch.append(
                Comment(
                    article_id=article_id,
                    name=rng.choice(NAMES),
                    email=f"lecteur{n}@example.org",
                    body=f"{rng.choice(PHRASES)} ({n})",
                    status=Comment.Status.PUBLISHED,
                    fingerprint=f"bench-{n}",
                    created_at=created_at,
                    published_at=created_at,
                )
            )
        Comment.objects.bulk_create(batch, batch_size=BATCH)
        created += size
        bar.update(size)
    bar.close()
    recount_comments()
    return created


def recount_comments() -> None:
    """Set each article's published comment counter from the comments (one pass)."""
    counts = dict(
        Comment.objects.published()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values_list("article_id", "n")
    )
    with transaction.atomic():
        Article.objects.update(comment_count=0)
        for article_id, n in counts.items():
            Article.objects.filter(pk=article_id).update(comment_count=n)


READ_ARTICLES = 500


def seed_read_buckets(rng: random.Random, progress: bool) -> int:
    """
    A month of hourly read buckets (every hour of the last 30 days) for the 500
    newest articles, when the audience app exists. Topped up: what is there is kept.
    """
    try:
        from audience.models import HourlyReadCount
    except ImportError:
        return 0
    hours = 24 * 30
    if HourlyReadCount.objects.count() >= READ_ARTICLES * hours:
        return 0
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    article_ids = list(
        Article.objects.published()
        .order_by("-published_at")
        .values_list("pk", flat=True)[:READ_ARTICLES]
    )
    before = HourlyReadCount.objects.count()
    for article_id in tqdm(article_ids, disable=not progress, desc="lectures", unit="art"):
        weight = rng.randint(1, 200)
        HourlyReadCount.objects.bulk_create(
            [
                HourlyReadCount(
                    article_id=article_id,
                    hour=now - timedelta(hours=hour),
                    count=rng.randint(0, weight),
                )
                for hour in range(hours)
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    return HourlyReadCount.objects.count() - before


LIVE_POSTS = 60


def seed_live_page() -> Article:
    """
    The live page under test: an evening of election results, LIVE_POSTS posts (one
    pinned, every fifth important, every tenth with an image, a few with a "Lire
    aussi"), as a busy live page looks after a few hours.
    """
    article = Article.objects.filter(slug=LIVE_SLUG).first()
    if article is None:
        article = services.save_article(
            article=Article(
                title="En direct : la soirée électorale, les résultats commune par commune",
                slug=LIVE_SLUG,
                kind=Article.Kind.LIVE,
                lead="Suivez les résultats du second tour et les réactions, minute par minute.",
                section=Section.objects.get(slug="politique"),
                main_image=Image.objects.exclude(caption="").order_by("pk").first(),
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=5),
            )
        )
    if not article.live_posts.exists():
        now = timezone.now()
        image = Image.objects.order_by("pk").first()
        targets = list(Article.objects.published().exclude(pk=article.pk)[:3])
        LivePost.objects.bulk_create(
            LivePost(
                article=article,
                author_name=NAMES[n % len(NAMES)] + " (rédaction)",
                text=(
                    f"<p>{PHRASES[n % len(PHRASES)]} Bureau n° {n} : participation en hausse, "
                    "les premiers résultats tombent dans les communes rurales.</p>"
                    + (read_also_marker(targets[n % len(targets)].pk) if n % 7 == 0 else "")
                ),
                image=image if n % 10 == 0 else None,
                important=n % 5 == 0,
                pinned=n == 3,
                created_at=now - timedelta(minutes=5 * (LIVE_POSTS - n)),
                updated_at=now - timedelta(minutes=5 * (LIVE_POSTS - n)),
            )
            for n in range(LIVE_POSTS)
        )
    return article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    progress = sys.stderr.isatty()
    rng = random.Random(args.seed)

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", articles=args.articles, no_progress=not progress, stdout=quiet)
    seed_reference_article(rng)
    seed_live_page()
    # A dataset seeded before the search index existed gets its entries once.
    if Entry.objects.filter(kind="article").count() < Article.objects.count():
        call_command("rebuild_search_index", verbosity=0)
    comments = seed_comments(args.comments, rng, progress)
    reads = seed_read_buckets(rng, progress)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Dataset: {Article.objects.count()} articles, {Comment.objects.count()} comments "
        f"(+{comments}), +{reads} read buckets."
    )


if __name__ == "__main__":
    main()
