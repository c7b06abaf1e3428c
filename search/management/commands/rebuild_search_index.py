from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from search import index


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the objects themselves (after restoring a backup, "
        "loading rows in bulk, or changing how documents are made)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="Kinds to rebuild (all by default).")

    def handle(self, *args, **options):
        sources = index.sources()
        kinds = options["kinds"] or sorted(sources)
        unknown = sorted(set(kinds) - set(sources))
        if unknown:
            raise CommandError(f"Unknown kinds: {', '.join(unknown)} (known: {', '.join(sources)})")
        for kind in kinds:
            with transaction.atomic():
                count = index.rebuild(kind)
            self.stdout.write(f"{kind}: {count} indexed")
