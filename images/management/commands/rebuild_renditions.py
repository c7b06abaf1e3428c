"""
``python manage.py rebuild_renditions``: make the renditions the images lack (a new
width in RENDITION_WIDTHS, a new format such as AVIF), or all of them again with
``--all``. Withdrawn images are left alone (their files are off the public storage).
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from images import services
from images.models import Image
from images.renditions import RENDITION_WIDTHS

FORMAT_NAMES = {"avif": "AVIF", "webp": "WEBP", "jpeg": "FALLBACK", "fallback": "FALLBACK"}


def _widths(value: str) -> tuple[int, ...]:
    try:
        widths = tuple(int(part) for part in value.split(",") if part.strip())
    except ValueError:
        msg = f"--widths : des nombres séparés par des virgules ({value!r})."
        raise CommandError(msg) from None
    if not widths or min(widths) < 1:
        raise CommandError("--widths : des largeurs d'au moins 1 pixel.")
    return widths


def _formats(value: str) -> tuple[str, ...]:
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMAT_NAMES]
    if unknown or not names:
        raise CommandError(
            f"--formats : parmi avif, webp, jpeg (JPEG ou PNG selon l'image) ; reçu {value!r}."
        )
    return tuple(dict.fromkeys(FORMAT_NAMES[name] for name in names))


class Command(BaseCommand):
    help = (
        "Fabrique les déclinaisons manquantes des images (nouvelle largeur, nouveau format), "
        "ou toutes avec --all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--formats",
            default="avif,webp,jpeg",
            help="Formats, séparés par des virgules : avif, webp, jpeg (défaut : les trois).",
        )
        parser.add_argument(
            "--widths",
            default=",".join(str(w) for w in RENDITION_WIDTHS),
            help="Largeurs en pixels, séparées par des virgules (défaut : RENDITION_WIDTHS).",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="Refait toutes les déclinaisons, pas seulement celles qui manquent.",
        )
        parser.add_argument("--image", type=int, action="append", help="Seulement cette image.")
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, **options):
        widths, formats = _widths(options["widths"]), _formats(options["formats"])
        images = Image.objects.filter(withdrawn_at=None).exclude(file="").order_by("pk")
        if options["image"]:
            images = images.filter(pk__in=options["image"])
        progress = not options["no_progress"] and sys.stderr.isatty()
        made = failed = 0
        with tqdm(
            total=images.count(),
            desc="Images",
            unit="image",
            disable=not progress,
            file=sys.stderr,
        ) as bar:
            for image in images.iterator(chunk_size=200):
                try:
                    made += services.rebuild_renditions(
                        image=image, widths=widths, formats=formats, replace=options["all"]
                    )
                except OSError as error:  # a missing or unreadable original
                    failed += 1
                    self.stderr.write(f"Image {image.pk} : {error}")
                bar.update()
        self.stdout.write(f"{made} déclinaison(s) fabriquée(s), {failed} image(s) en échec.")
