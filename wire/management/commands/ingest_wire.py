"""
``python manage.py ingest_wire FILE...``: ingest agency files (NewsML 1.2, NewsML-G2,
ninjs, NITF) as the drop folder and the push endpoint do, with a progress bar. A file
refused does not stop the batch; the summary counts each outcome.
"""

import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wire.models import ReceivedItem, WireSource
from wire.services import ingest_path


class Command(BaseCommand):
    help = "Ingère des fichiers d'agence (NewsML 1.2, NewsML-G2, ninjs, NITF) dans le fil."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER")
        parser.add_argument(
            "--agency",
            metavar="SIGLE",
            help="L'agence des fichiers (son sigle), au lieu de la reconnaître à son fournisseur.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, **options):
        source = None
        if options["agency"]:
            source = WireSource.objects.filter(agency__short_name=options["agency"]).first()
            if source is None:
                raise CommandError(f"Aucun fil pour l'agence « {options['agency']} ».")
        paths = [Path(name) for name in options["files"]]
        missing = [str(path) for path in paths if not path.is_file()]
        if missing:
            raise CommandError("Fichiers introuvables : " + ", ".join(missing))
        outcomes = Counter()
        progress = not options["no_progress"] and sys.stderr.isatty()
        for path in tqdm(paths, unit="fichier", disable=not progress):
            received = ingest_path(path, origin=ReceivedItem.Origin.COMMAND, source=source)
            outcomes[received.outcome] += 1
            if received.outcome == ReceivedItem.Outcome.REFUSED or options["verbosity"] > 1:
                self.stderr.write(f"{path.name} : {received.log}")
        labels = dict(ReceivedItem.Outcome.choices)
        self.stdout.write(
            ", ".join(f"{labels[outcome]} : {outcomes[outcome]}" for outcome in labels)
        )
