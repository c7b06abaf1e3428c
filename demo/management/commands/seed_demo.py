"""
``python manage.py seed_demo``: the demo content of "Le Quotidien" (see ``demo.seeder``).

``--articles N`` adds synthetic archive stories for benchmarks. Safe to run again: a
second run creates nothing.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seeder import STAFF_PASSWORD, STAFF_USERNAME, seed_demo

# (label, key of the seed report's counts)
ROWS = (
    ("rubriques", "sections"),
    ("sujets", "topics"),
    ("auteurs", "authors"),
    ("agences", "agencies"),
    ("images", "images"),
    ("articles", "articles"),
    ("dont en ligne", "published"),
    ("dont archives", "archive"),
)


class Command(BaseCommand):
    help = (
        "Remplit la base avec le contenu de démonstration du Quotidien : rubriques, sujets, "
        "auteurs, agences, images et articles, ainsi que le compte « redaction ». "
        "Peut être relancée sans rien dupliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Nombre d'articles d'archive synthétiques à garantir en plus du contenu de "
                "démonstration, pour les tests de charge (0 par défaut)."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2024,
            help="Graine du générateur pseudo-aléatoire, pour un contenu reproductible (2024 "
            "par défaut).",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="N'affiche pas la barre de progression des articles d'archive.",
        )

    def handle(self, *args, **options):
        if options["articles"] < 0:
            raise CommandError("--articles doit être un nombre positif ou nul.")
        report = seed_demo(
            seed=options["seed"],
            archive=options["articles"],
            progress=not options["no_progress"] and sys.stderr.isatty(),
            # A published demo password has no place on a production site.
            with_staff=not settings.PRODUCTION,
        )

        self.stdout.write(self.style.SUCCESS("Contenu de démonstration prêt :"))
        if report.comments or report.reads:
            self.stdout.write(
                f"  commentaires publiés : +{report.comments}, lectures : +{report.reads}"
            )
        for label, key in ROWS:
            new = report.created.get(key)
            suffix = "" if new is None else f" (+{new})"
            self.stdout.write(f"  {label} : {report.totals[key]}{suffix}")
        if report.staff_created is None:
            self.stdout.write(
                "Mode production : pas de compte de démonstration ; créez un compte avec "
                "« python manage.py createsuperuser »."
            )
            if report.staff_password_retired:
                self.stdout.write(
                    f"Le compte « {STAFF_USERNAME} » avait le mot de passe de démonstration "
                    "publié : il est désactivé. Donnez-lui un vrai mot de passe avec "
                    f"« python manage.py changepassword {STAFF_USERNAME} »."
                )
        elif report.staff_created:
            self.stdout.write(
                f"Compte de la rédaction créé : identifiant « {STAFF_USERNAME} », "
                f"mot de passe « {STAFF_PASSWORD} » (/admin/). Mode développement "
                "seulement : « make serve » (production) ne le crée pas."
            )
        else:
            self.stdout.write(
                f"Compte de la rédaction « {STAFF_USERNAME} » déjà présent, mot de passe "
                f"inchangé (« {STAFF_PASSWORD} » à sa création par cette commande) (/admin/)."
            )
