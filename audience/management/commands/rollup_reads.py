"""
``python manage.py rollup_reads``: roll hourly read counts older than a few days
into daily counts (in batches, one transaction each; safe to stop and run again).
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from tqdm import tqdm

from audience import counters
from audience.models import HourlyReadCount


class Command(BaseCommand):
    help = "Regroupe par jour les lectures horaires plus anciennes que --after-days jours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after-days",
            type=int,
            default=None,
            help="Jours de détail horaire gardés (réglage AUDIENCE_ROLLUP_AFTER_DAYS).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Lignes horaires par transaction."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, **options):
        after_days = options["after_days"]
        if after_days is None:
            after_days = settings.NEWSROOM.get("AUDIENCE_ROLLUP_AFTER_DAYS", 10)
        if after_days < counters.MIN_ROLLUP_AFTER_DAYS:
            raise CommandError(
                f"--after-days doit valoir au moins {counters.MIN_ROLLUP_AFTER_DAYS} : "
                "les classements (24 heures, 7 jours) lisent le détail horaire."
            )
        if options["batch_size"] < 1:
            raise CommandError("--batch-size doit valoir au moins 1.")
        before = counters.rollup_cutoff(after_days=after_days)
        total = HourlyReadCount.objects.filter(hour__lt=before).count()
        progress = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(
            total=total,
            desc="Heures regroupées",
            unit="ligne",
            disable=not progress,
            file=sys.stderr,
        ) as bar:
            moved = counters.rollup_reads(
                before=before, batch_size=options["batch_size"], progress=bar.update
            )
        self.stdout.write(
            f"{moved} ligne(s) horaire(s) regroupée(s) par jour "
            f"(avant le {date_format(localtime(before).date(), 'SHORT_DATE_FORMAT')})."
        )
