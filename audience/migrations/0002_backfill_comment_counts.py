"""
Fill the daily comment counters from the comments already published, so that
"Sujets les + commentés" is right from the first deployment on; from then on,
comments.services keeps them up to date.
"""

from django.db import migrations
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone


def backfill(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    DailyCommentCount = apps.get_model("audience", "DailyCommentCount")
    rows = (
        Comment.objects.filter(status="published", published_at__isnull=False)
        .annotate(day=TruncDate("published_at", tzinfo=timezone.get_default_timezone()))
        .values("article_id", "day")
        .annotate(count=Count("id"))
        .order_by()
    )
    DailyCommentCount.objects.bulk_create(
        (DailyCommentCount(article_id=r["article_id"], day=r["day"], count=r["count"]) for r in rows),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audience", "0001_initial"),
        ("comments", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
