from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments import services


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des commentaires au-delà de leur durée de conservation "
        "(empreintes d'IP, emails) ; avec --erase-email, efface tout ce qui concerne une adresse "
        "(droit à l'effacement), en gardant l'historique de modération anonymisé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--erase-email",
            metavar="EMAIL",
            help="Adresse dont il faut effacer les commentaires et les données.",
        )

    def handle(self, *args, erase_email=None, **options):
        if erase_email:
            try:
                validate_email(erase_email)
            except ValidationError as error:
                raise CommandError(f"Adresse email invalide : {erase_email}") from error
            erasure = services.erase_email(email=erase_email)
            self.stdout.write(
                f"{erasure.comments_erased} commentaire(s) effacé(s), "
                f"{erasure.notices_erased} signalement(s) anonymisé(s) pour {erase_email} ; "
                f"conservés : {erasure.comments_held} (motif légal), "
                f"{erasure.comments_deferred} (signalement en cours)."
            )
            return
        counts = services.purge_expired_personal_data()
        self.stdout.write(
            "Purgé : {ip_hashes} empreinte(s) d'IP, {emails} email(s) de commentateurs, "
            "{unpublished_texts} commentaire(s) jamais publié(s), {notifier_emails} contact(s) "
            "et {notice_details} détail(s) de signalements, {reporter_keys} empreinte(s) de "
            "signaleurs, {statement_addresses} adresse(s) d'exposés des motifs, {event_notes} "
            "note(s) de modération.".format(**counts)
        )
