"""
``python manage.py prune_reads``: delete read and comment counters past their
retention period (AUDIENCE_RETENTION_DAYS), in batches.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from audience import counters
from audience.reports import CHART_DAYS


class Command(BaseCommand):
    help = "Supprime les compteurs de lectures et de commentaires de plus de --keep-days jours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-days",
            type=int,
            default=None,
            help="Durée de conservation en jours (réglage AUDIENCE_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Lignes supprimées par requête."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, **options):
        keep_days = options["keep_days"]
        if keep_days is None:
            keep_days = settings.NEWSROOM.get("AUDIENCE_RETENTION_DAYS", 400)
        if keep_days < CHART_DAYS:
            raise CommandError(
                f"--keep-days doit valoir au moins {CHART_DAYS} : "
                "la page Audience montre les 30 derniers jours."
            )
        if options["batch_size"] < 1:
            raise CommandError("--batch-size doit valoir au moins 1.")
        total = sum(qs.count() for qs in counters.prune_querysets(keep_days=keep_days))
        progress = not options["no_progress"] and sys.stderr.isatty()
        with tqdm(
            total=total,
            desc="Compteurs supprimés",
            unit="ligne",
            disable=not progress,
            file=sys.stderr,
        ) as bar:
            deleted = counters.prune_reads(
                keep_days=keep_days, batch_size=options["batch_size"], progress=bar.update
            )
        self.stdout.write(f"{deleted} ligne(s) supprimée(s) (conservation : {keep_days} jours).")
