"""
``python manage.py fold_reads``: move the read counters from Redis into the database.

Run it every minute (cron, systemd timer), or as a worker with ``--loop 60``.
Without Redis there is nothing to fold: reads are already counted in the database.
"""

import signal
import sys
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections
from redis.exceptions import RedisError
from tqdm import tqdm

from audience import counters


class Command(BaseCommand):
    help = "Verse en base les compteurs de lectures tenus dans Redis (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDES",
            default=0,
            help="Recommence toutes les SECONDES secondes, jusqu'à SIGTERM ou Ctrl-C.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="N'affiche pas la barre de progression."
        )

    def handle(self, *args, **options):
        if not counters.redis_configured():
            self.stdout.write(
                "Pas de Redis configuré : les lectures sont déjà comptées en base, rien à verser."
            )
            return
        progress = not options["no_progress"] and sys.stderr.isatty()
        interval = options["loop"]
        if interval < 0:
            raise CommandError("--loop attend un nombre de secondes positif.")
        if not interval:
            self.fold_once(progress=progress)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        while not stop.is_set():
            # As between requests: drop a connection past CONN_MAX_AGE or broken.
            close_old_connections()
            try:
                self.fold_once(progress=False, quiet=options["verbosity"] < 2)
            except (RedisError, DatabaseError) as error:
                # A worker outlives a Redis or database restart: the counters wait in
                # Redis, and a batch cut short is finished by the next round.
                self.stderr.write(f"Versement interrompu, nouvel essai dans {interval} s : {error}")
            stop.wait(interval)

    def fold_once(self, *, progress: bool, quiet: bool = False) -> None:
        keys = counters.pending_fold_keys()
        with tqdm(
            total=len(keys), desc="Heures versées", unit="h", disable=not progress, file=sys.stderr
        ) as bar:
            result = counters.fold_reads(keys=keys, progress=bar.update)
        if quiet and not result.reads:
            return  # a worker only reports what it moved
        self.stdout.write(
            f"{result.reads} lecture(s) versée(s) en base "
            f"depuis {result.batches} tranche(s) horaire(s)."
        )
