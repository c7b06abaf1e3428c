"""Writes of the embeds app: recording the addresses pages use, fetching their answers."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from embeds import oembed, providers
from embeds.models import Embed
from embeds.signals import embed_changed
from infra import jobs

logger = logging.getLogger(__name__)


def record_embeds(*, urls: Iterable[str]) -> list[Embed]:
    """
    The embeds of these addresses (of configured providers; others are left out),
    created when new. A new one, one whose fetch failed and one older than
    ``EMBED_REFRESH_DAYS`` get a fetch task, after the commit.
    """
    from embeds import tasks

    wanted = {}
    for url in urls:
        found = providers.match(url)
        if found is not None:
            wanted.setdefault(url.strip(), found.provider.name)
    if not wanted:
        return []
    existing = {embed.url: embed for embed in Embed.objects.filter(url__in=wanted)}
    stale_before = timezone.now() - timedelta(days=settings.EMBED_REFRESH_DAYS)
    embeds = []
    for url, provider in wanted.items():
        embed = existing.get(url)
        if embed is None:
            embed = Embed.objects.create(url=url, provider=provider)
        elif not (
            embed.status == Embed.Status.FAILED
            or (embed.fetched_at is not None and embed.fetched_at < stale_before)
        ):
            embeds.append(embed)
            continue
        jobs.enqueue_after_commit(tasks.fetch_embed, url=url)
        embeds.append(embed)
    return embeds


def fetch_embed(*, url: str) -> bool:
    """
    Fetch and store the oEmbed answer of a recorded address (the task's work; running
    it twice fetches twice, to no harm). A failure is recorded (pages show a plain link)
    and raised again, so that the task is retried. Tells the pages through
    ``embed_changed``.
    """
    embed = Embed.objects.filter(url=url).first()
    found = providers.match(url)
    if embed is None or found is None:
        return False
    try:
        answer = oembed.fetch(found, url)
    except oembed.FetchError as error:
        logger.warning("oEmbed fetch of %s failed: %s", url, error)
        with transaction.atomic():
            Embed.objects.filter(pk=embed.pk).update(
                status=Embed.Status.FAILED, error=str(error)[:300], fetched_at=timezone.now()
            )
            embed.refresh_from_db()
            embed_changed.send(sender=Embed, embed=embed)
        raise
    with transaction.atomic():
        Embed.objects.filter(pk=embed.pk).update(
            status=Embed.Status.READY,
            provider=found.provider.name,
            error="",
            fetched_at=timezone.now(),
            **answer,
        )
        embed.refresh_from_db()
        embed_changed.send(sender=Embed, embed=embed)
    return True
