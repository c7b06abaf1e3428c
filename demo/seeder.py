"""
Turn the demo content (``demo.loader``) into rows: sections, topics, authors,
agencies, locally drawn images, the hand-written stories (plus two drafts and one
scheduled story), a few moderated comments, a day of reads and a demo superuser;
on demand, synthetic archive stories for benchmarks. Safe to run again: everything
is looked up by its natural key first, so a second run creates nothing.
"""

import random
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from articles import indexing, services
from articles.body import sanitize_body
from articles.models import Agency, Article, Author, Section, Topic, make_slug
from audience.models import HourlyReadCount
from comments import services as comment_services
from comments.models import Comment
from demo.drawing import draw_demo_image
from demo.loader import load_content
from demo.specs import DemoContent, ImageSpec, StorySpec
from demo.writing import compose_body, synthetic_story
from images import services as image_services
from images.models import Image
from images.uploads import clean_upload
from live.models import LivePost

STAFF_USERNAME = "redaction"
STAFF_PASSWORD = "redaction-demo"  # noqa: S105 - the documented demo account, printed on purpose
STAFF_EMAIL = "redaction@example.org"

ARCHIVE_PREFIX = "archive-"
BATCH_SIZE = 1000
# Archive stories are older than the hand-written ones, so the demo front page stays readable.
ARCHIVE_MIN_AGE = timedelta(days=11)
ARCHIVE_MAX_AGE = timedelta(days=730)


def article_slug(title: str) -> str:
    return make_slug(title)


@dataclass(frozen=True)
class SeedReport:
    """
    What a seed left: ``totals`` counts rows (``published`` the live stories,
    ``archive`` the synthetic ones), ``created`` what this run added, under the same
    keys. ``staff_created`` is None when the demo account was not wanted;
    ``staff_password_retired`` tells that an existing demo account lost its published
    password (production).
    """

    totals: dict[str, int]
    created: dict[str, int]
    comments: int
    reads: int
    staff_created: bool | None
    staff_password_retired: bool = False


def seed_demo(
    *,
    seed: int,
    archive: int = 0,
    progress: bool = False,
    with_staff: bool = True,
    content: DemoContent | None = None,
) -> SeedReport:
    """
    Create what is missing of the demo content, ``archive`` synthetic archive stories
    included, and the demo superuser when ``with_staff``; report what there is.
    """
    seeder = DemoSeeder(
        content=content or load_content(),
        seed=seed,
        now=timezone.now().replace(second=0, microsecond=0),
    )
    with transaction.atomic():
        seeder.seed_references()
        seeder.seed_articles()
        staff_created = ensure_staff_account() if with_staff else None
        retired = False if with_staff else retire_demo_password()
        moderator = get_user_model().objects.filter(is_superuser=True).first()
        comments, reads = (
            seeder.seed_engagement(random.Random(seed), moderator) if moderator else (0, 0)
        )
    archived = seeder.seed_archive(wanted=archive, progress=progress) if archive else 0
    seeder.created["articles"] += archived
    seeder.created["archive"] = archived
    totals = {
        "sections": Section.objects.count(),
        "topics": Topic.objects.count(),
        "authors": Author.objects.count(),
        "agencies": Agency.objects.count(),
        "images": Image.objects.count(),
        "articles": Article.objects.count(),
        "published": Article.objects.published().count(),
        "archive": Article.objects.filter(slug__startswith=ARCHIVE_PREFIX).count(),
    }
    return SeedReport(
        totals=totals,
        created={key: seeder.created[key] for key in totals if key != "published"},
        comments=comments,
        reads=reads,
        staff_created=staff_created,
        staff_password_retired=retired,
    )


@dataclass(frozen=True)
class ArchivePools:
    """What archive stories are made of: per section demo images and topics, and people."""

    images: dict[str, list[Image]]
    topics: dict[str, list[int]]
    authors: list[int]
    agencies: list[Agency]


class DemoSeeder:
    """Creates what is missing of the demo content and counts what it created."""

    def __init__(self, *, content: DemoContent, seed: int, now: datetime) -> None:
        self.content = content
        self.seed = seed
        self.now = now
        self.created: Counter[str] = Counter()
        self.palettes = {spec.slug: spec.palette for spec in content.sections}
        self.sections: dict[str, Section] = {}
        self.topics: dict[str, Topic] = {}
        self.authors: dict[str, Author] = {}
        self.agencies: dict[str, Agency] = {}
        self.images: dict[str, Image] = {}

    def seed_references(self) -> None:
        for spec in self.content.sections:
            self.sections[spec.slug], created = Section.objects.get_or_create(
                slug=spec.slug,
                defaults={
                    "name": spec.name,
                    "description": spec.description,
                    "position": spec.position,
                },
            )
            self.created["sections"] += created
        for spec in self.content.topics:
            self.topics[spec.slug], created = Topic.objects.get_or_create(
                slug=spec.slug, defaults={"name": spec.name}
            )
            self.created["topics"] += created
        for spec in self.content.authors:
            self.authors[spec.slug], created = Author.objects.get_or_create(
                slug=spec.slug, defaults={"name": spec.name, "role": spec.role, "bio": spec.bio}
            )
            self.created["authors"] += created
        for spec in self.content.agencies:
            self.agencies[spec.short_name], created = Agency.objects.get_or_create(
                short_name=spec.short_name, defaults={"name": spec.name, "url": spec.url}
            )
            self.created["agencies"] += created

    def image(self, spec: ImageSpec) -> Image:
        """The demo image of ``spec``, drawn and uploaded the first time only."""
        if spec.key in self.images:
            return self.images[spec.key]
        image = (
            Image.objects.filter(alt_text=spec.alt_text, caption=spec.caption, credit=spec.credit)
            .order_by("pk")
            .first()
        )
        if image is None:
            name = f"demo-{spec.key}.jpg"
            content = draw_demo_image(
                style=spec.style,
                palette=self.palettes[spec.section],
                seed=f"{self.seed}:{spec.key}",
            )
            # The same path as an editor's upload: validated, re-encoded; the renditions
            # are made here rather than by the worker, so the demo is whole at once
            # (the task enqueued by the upload then finds them made).
            clean = clean_upload(SimpleUploadedFile(name, content, content_type="image/jpeg"))
            image = image_services.save_image(
                image=Image(alt_text=spec.alt_text, caption=spec.caption, credit=spec.credit),
                clean=clean,
                original_name=name,
            )
            image_services.render_renditions(image_id=image.pk, file_name=image.file.name)
            image.refresh_from_db(fields=["renditions"])
            self.created["images"] += 1
        self.images[spec.key] = image
        return image

    def seed_articles(self) -> None:
        specs = self.content.stories
        image_specs = {spec.key: spec for spec in self.content.images}
        slugs = {spec: article_slug(spec.title) for spec in specs}
        existing = set(
            Article.objects.filter(slug__in=slugs.values()).values_list("slug", flat=True)
        )
        created: list[tuple[StorySpec, Article]] = []
        for spec in specs:
            if slugs[spec] in existing:
                continue
            article = self._new_article(spec, slugs[spec], self.image(image_specs[spec.image]))
            article.topics.set([self.topics[slug] for slug in spec.topics])
            article.authors.set([self.authors[slug] for slug in spec.authors])
            article.agencies.set([self.agencies[spec.agency]] if spec.agency else [])
            created.append((spec, article))
        self.created["articles"] += len(created)

        # Second pass: the "Lire aussi" markers need the ids of the other stories.
        ids = dict(
            Article.objects.filter(slug__in=slugs.values())
            .order_by("-pk")
            .values_list("slug", "pk")
        )
        live = [spec for spec in specs if spec.is_live]
        for spec, article in created:
            if spec.live_posts:
                continue  # a live page is its lead and its posts
            rng = random.Random(f"{self.seed}:{article.slug}")
            same_section = [s for s in live if s.section == spec.section and s != spec]
            elsewhere = [s for s in live if s.section != spec.section]
            targets = [rng.choice(same_section)]
            if rng.random() < 0.5:
                targets.append(rng.choice(elsewhere))
            read_also = [ids[slugs[target]] for target in targets if slugs[target] in ids]
            article.body = compose_body(rng, self.content.body, spec.section, read_also)
            # Not save_article(): filling in a new story is not an update announced to readers.
            article.save(update_fields=["body"])
        # Indexed once complete: body, topics, authors and agencies.
        indexing.index_articles([article for _spec, article in created])
        for spec, article in created:
            self.seed_live_posts(spec, article, image_specs)

    def seed_live_posts(self, spec: StorySpec, article: Article, image_specs: dict) -> None:
        """
        The posts of a live page, written as the fast screen writes them (sanitized,
        signed with the author's name); the demo's authors have no account to post with.
        """
        for post in spec.live_posts:
            at = self.now - timedelta(minutes=post.minutes_ago)
            LivePost(
                article=article,
                author_name=self.authors[post.author].name,
                text=post.text,
                important=post.important,
                pinned=post.pinned,
                image=self.image(image_specs[post.image]) if post.image else None,
                created_at=at,
                updated_at=at,
            ).save()
        if spec.live_posts:
            latest = max(self.now - timedelta(minutes=p.minutes_ago) for p in spec.live_posts)
            Article.objects.filter(pk=article.pk).update(content_updated_at=latest)

    def _new_article(self, spec: StorySpec, slug: str, image: Image) -> Article:
        published_at = None if spec.draft else self.now - timedelta(hours=spec.hours_ago)
        updated_at = None
        if published_at and spec.updated_after_hours:
            updated_at = published_at + timedelta(hours=spec.updated_after_hours)
        ended_at = None
        if spec.live_ended_hours_ago is not None:
            ended_at = self.now - timedelta(hours=spec.live_ended_hours_ago)
        article = Article(
            kind=Article.Kind.LIVE if spec.live_posts else Article.Kind.ARTICLE,
            live_ended_at=ended_at,
            title=spec.title,
            slug=slug,
            lead=spec.lead,
            section=self.sections[spec.section],
            credit_line=spec.credit_line,
            main_image=image,
            status=Article.Status.DRAFT if spec.draft else Article.Status.PUBLISHED,
            published_at=published_at,
            content_updated_at=updated_at,
        )
        return services.save_article(article=article)

    def seed_engagement(self, rng: random.Random, moderator) -> tuple[int, int]:
        """
        A few published comments (through the moderation services, so counters and
        the moderation record are right) and a day of reads, so that the comments and
        the "les + lus" / "les + commentés" sidebars have something to show.
        Idempotent: nothing is added once demo comments or reads exist.
        """
        articles = list(
            Article.objects.published()
            .exclude(slug__startswith=ARCHIVE_PREFIX)
            .order_by("-published_at")[:12]
        )
        demo_comments = self.content.comments
        comments = 0
        if not Comment.objects.filter(email__endswith="@lecteurs.example").exists():
            for index, article in enumerate(articles[:8]):
                for n in range(len(articles) - index - 3 if index < 5 else 1):
                    spec = demo_comments[(index + n) % len(demo_comments)]
                    result = comment_services.post_comment(
                        article=article,
                        name=spec.name,
                        email=f"lecteur{index}-{n}@lecteurs.example",
                        body=spec.body,
                        ip_address=f"192.0.2.{index * 10 + n + 1}",
                    )
                    comment_services.accept_comment(comment=result.comment, by=moderator)
                    comments += 1
        reads = 0
        if not HourlyReadCount.objects.exists():
            now = timezone.now().replace(minute=0, second=0, microsecond=0)
            rows = [
                HourlyReadCount(article=article, hour=now - timedelta(hours=hours), count=count)
                for rank, article in enumerate(articles)
                for hours in range(0, 24, 2)
                if (count := max(0, rng.randint(5, 60) - rank * 4))
            ]
            HourlyReadCount.objects.bulk_create(rows, ignore_conflicts=True)
            reads = sum(row.count for row in rows)
        return comments, reads

    def seed_archive(self, *, wanted: int, progress: bool) -> int:
        """
        Make sure ``wanted`` synthetic archive stories exist and return how many were
        created. They are numbered in their slug, so counting them tells what is missing.
        """
        existing = Article.objects.filter(slug__startswith=ARCHIVE_PREFIX).count()
        if wanted <= existing:
            return 0
        rng = random.Random(f"{self.seed}:archive:{existing}")
        pools = self._archive_pools()
        with tqdm(
            total=wanted - existing,
            desc="Articles d'archive",
            unit="art",
            file=sys.stderr,
            disable=not progress,
        ) as bar:
            for first in range(existing + 1, wanted + 1, BATCH_SIZE):
                numbers = range(first, min(first + BATCH_SIZE, wanted + 1))
                batch = [self._archive_story(rng, number, pools) for number in numbers]
                _insert_stories(batch)
                bar.update(len(batch))
        return wanted - existing

    def _archive_pools(self) -> ArchivePools:
        topics: dict[str, set[int]] = {slug: set() for slug in self.sections}
        for spec in self.content.stories:
            topics[spec.section].update(self.topics[slug].pk for slug in spec.topics)
        images: dict[str, list[Image]] = {slug: [] for slug in self.sections}
        for spec in self.content.images:
            images[spec.section].append(self.image(spec))
        return ArchivePools(
            images=images,
            topics={section: sorted(pks) for section, pks in topics.items()},
            authors=sorted(author.pk for author in self.authors.values()),
            agencies=[self.agencies[short_name] for short_name in self.content.archive.agencies],
        )

    def _archive_story(
        self, rng: random.Random, number: int, pools: ArchivePools
    ) -> tuple[Article, dict[str, list[int]]]:
        words = self.content.archive
        section = rng.choice(list(self.sections))
        authors = rng.sample(pools.authors, rng.choice((0, 1, 1, 2)))
        agency = rng.choice(pools.agencies) if rng.random() < 1 / 3 else None
        title, lead, body = synthetic_story(rng, words, self.content.body, section)
        if authors:
            credit_line = ""
        elif agency:
            credit_line = words.agency_credit_line.format(agency=agency.short_name)
        else:
            credit_line = words.newsroom_credit_line
        age = rng.uniform(ARCHIVE_MIN_AGE.total_seconds(), ARCHIVE_MAX_AGE.total_seconds())
        article = Article(
            title=title,
            slug=f"{ARCHIVE_PREFIX}{number}-{article_slug(title)}"[:200].strip("-"),
            lead=lead,
            # bulk_create() skips Article.save(), which is where bodies are sanitized.
            body=sanitize_body(body),
            section=self.sections[section],
            credit_line=credit_line,
            main_image=rng.choice(pools.images[section]),
            status=Article.Status.PUBLISHED,
            published_at=(self.now - timedelta(seconds=age)).replace(microsecond=0),
        )
        related = {
            "author_id": authors,
            "topic_id": rng.sample(pools.topics[section], rng.randint(1, 3)),
            "agency_id": [agency.pk] if agency else [],
        }
        return article, related


def _insert_stories(batch: list[tuple[Article, dict[str, list[int]]]]) -> None:
    """Insert articles and their author, topic and agency links in a few queries."""
    through_models = {
        "author_id": Article.authors.through,
        "topic_id": Article.topics.through,
        "agency_id": Article.agencies.through,
    }
    with transaction.atomic():
        Article.objects.bulk_create([article for article, _ in batch])
        for column, through in through_models.items():
            through.objects.bulk_create(
                [
                    through(article_id=article.pk, **{column: pk})
                    for article, related in batch
                    for pk in related[column]
                ],
                batch_size=BATCH_SIZE,
            )
        indexing.index_articles([article for article, _ in batch])


def retire_demo_password() -> bool:
    """
    Production: a demo account left by an earlier development seed keeps no published
    password (it becomes unusable; ``changepassword`` gives it a real one). True when
    it had the demo password.
    """
    user = get_user_model().objects.filter(username=STAFF_USERNAME).first()
    if user is None or not user.check_password(STAFF_PASSWORD):
        return False
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return True


def ensure_staff_account() -> bool:
    """Create the demo superuser if missing; an existing account is left untouched."""
    user_model = get_user_model()
    if user_model.objects.filter(username=STAFF_USERNAME).exists():
        return False
    user_model.objects.create_superuser(
        username=STAFF_USERNAME, email=STAFF_EMAIL, password=STAFF_PASSWORD
    )
    return True
