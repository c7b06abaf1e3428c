import csv

from django.core.management.base import BaseCommand
from django.utils import timezone

from compliance import transparency


class Command(BaseCommand):
    help = (
        "Écrit le rapport de transparence (art. 15 du règlement sur les services numériques) "
        "d'une année, en CSV, à partir du registre de modération."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
        parser.add_argument("--output", help="Fichier CSV (la sortie standard par défaut).")

    def handle(self, *args, year, output=None, **options):
        rows = transparency.build(year)
        if output:
            with open(output, "w", newline="", encoding="utf-8") as file:
                self._write(file, rows)
            self.stdout.write(f"Rapport {year} écrit dans {output}.")
        else:
            self._write(self.stdout, rows)

    def _write(self, file, rows) -> None:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["section", "indicateur", "valeur"])
        writer.writerows(rows)
