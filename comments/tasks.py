"""The comments' periodic jobs: the retention periods, and the notices' deadlines."""

from crontask import cron
from django.tasks import task

from comments import services


@cron("23 2 * * *")
@task
def purge_personal_data() -> dict[str, int]:
    """Drop IP fingerprints and emails past their retention periods (daily)."""
    return services.purge_expired_personal_data()


@cron("*/15 * * * *")
@task
def alert_overdue_notices() -> dict[str, int]:
    """Remind the moderators of late notices, then tell the directeur de la publication."""
    return services.alert_overdue_notices()
