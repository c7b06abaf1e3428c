"""
``python manage.py edge_vcl``: write the part of the Varnish configuration that
follows the reader pages' declarations (``infra.edge``) between its markers;
``--check`` only says whether the file is up to date (exit status 1 when not).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from infra import edge


class Command(BaseCommand):
    help = "Render the reader pages' keys into the Varnish configuration."

    def add_arguments(self, parser):
        parser.add_argument(
            "--vcl",
            default=str(Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"),
            help="the VCL file (default: deploy/varnish/default.vcl)",
        )
        parser.add_argument("--check", action="store_true", help="change nothing, fail if stale")

    def handle(self, *args, vcl, check, **options):
        path = Path(vcl)
        current = path.read_text()
        wanted = edge.replace_generated(current)
        if current == wanted:
            self.stdout.write(f"{path.name} follows the reader pages.")
            return
        if check:
            raise CommandError(f"{path} is out of date: run `python manage.py edge_vcl`.")
        path.write_text(wanted)
        self.stdout.write(f"{path.name} updated.")
