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
            count = services.erase_email(email=erase_email)
            self.stdout.write(f"{count} commentaire(s) effacé(s) pour {erase_email}.")
            return
        counts = services.purge_expired_personal_data()
        self.stdout.write(
            "Purgé : {ip_hashes} empreinte(s) d'IP, {emails} email(s) de commentateurs, "
            "{notifier_emails} email(s) de notifiants.".format(**counts)
        )
