"""
``python manage.py run_edge``: Varnish with the shipped configuration
(deploy/varnish/default.vcl) on loopback in front of the site (`make edge`, see
docs/edge.md). It writes the site's part of the configuration (backend, purgers'
ACL, the PURGE_TOKEN setting) under var/edge/ and runs varnishd in the foreground.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from infra import edge


class Command(BaseCommand):
    help = "Run Varnish in front of the site, on loopback."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8080, help="where Varnish listens")
        parser.add_argument("--backend-port", type=int, default=8000, help="the site's port")
        parser.add_argument("--memory", default="256m", help="Varnish's cache size")

    def handle(self, *args, port, backend_port, memory, **options):
        if not shutil.which(edge.VARNISHD):
            raise CommandError("varnishd is missing: apt-get install varnish varnish-modules")
        token = settings.NEWSROOM.get("PURGE_TOKEN")
        if not token:
            raise CommandError("PURGE_TOKEN is not set: the edge would accept no purge.")
        folder = Path(settings.BASE_DIR) / "var" / "edge"
        folder.mkdir(parents=True, exist_ok=True)
        site = folder / "newsroom_site.vcl"
        site.write_text(edge.site_vcl(backend_port=backend_port, token=token))
        site.chmod(0o600)
        command = edge.varnishd_command(
            port=port, site_dir=str(folder), work_dir=str(folder / "varnishd"), memory=memory
        )
        self.stdout.write(f"Varnish on http://127.0.0.1:{port}/ in front of port {backend_port}")
        # varnishd takes this process over: honcho and Ctrl-C stop it directly.
        os.execvp(command[0], command)  # noqa: S606 (a fixed command, no shell)
