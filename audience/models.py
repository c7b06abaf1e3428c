"""
Audience counters: reads per article per hour (rolled up into days after a while)
and published comments per article per day.

Rows are written by counters.py in single upsert statements, never with a
read-modify-write in Python, so concurrent writers neither lose counts nor queue
on one hot row.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class HourlyReadCount(models.Model):
    """Reads of one article during one hour (UTC), the recent and precise counter."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField(_("heure"), help_text=_("Début de l'heure, en UTC."))
    count = models.PositiveIntegerField(_("lectures"), default=0)

    class Meta:
        verbose_name = _("lectures d'une heure")
        verbose_name_plural = _("lectures par heure")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="audience_hourly_unique"),
        ]
        # (article, hour) is covered by the unique constraint's index.
        indexes = [models.Index(fields=["hour"], name="audience_hourly_hour_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}h: {self.count}"


class DailyReadCount(models.Model):
    """Reads of one article during one day (site time zone), rolled up from hours."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("jour"))
    count = models.PositiveIntegerField(_("lectures"), default=0)

    class Meta:
        verbose_name = _("lectures d'un jour")
        verbose_name_plural = _("lectures par jour")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="audience_daily_reads_unique"),
        ]
        indexes = [models.Index(fields=["day"], name="audience_reads_day_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.day}: {self.count}"


class DailyCommentCount(models.Model):
    """
    Comments published on one article on one day (site time zone), by the
    comment's publication date. Moderation adds +1 when a comment is published and
    -1 when a published one is hidden or removed, so the sum over a window is the
    number of comments published in that window and still visible.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("jour"))
    count = models.IntegerField(_("commentaires"), default=0)

    class Meta:
        verbose_name = _("commentaires d'un jour")
        verbose_name_plural = _("commentaires par jour")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day"], name="audience_daily_comments_unique"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="audience_comments_day_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.day}: {self.count}"


class FoldedBatch(models.Model):
    """
    One batch of Redis counters moved into the database. Written in the same
    transaction as the counts it carries, so a batch that is found again after a
    crash (its Redis key not yet deleted) is recognised and never counted twice.
    """

    token = models.CharField(_("identifiant"), max_length=32, unique=True)
    reads = models.PositiveIntegerField(_("lectures versées"), default=0)
    folded_at = models.DateTimeField(_("versé le"), default=timezone.now)

    class Meta:
        verbose_name = _("lot de lectures versé")
        verbose_name_plural = _("lots de lectures versés")
        indexes = [models.Index(fields=["folded_at"], name="audience_folded_at_idx")]

    def __str__(self) -> str:
        return self.token
