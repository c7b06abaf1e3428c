"""The comments' periodic job: the retention periods the privacy notice promises."""

from crontask import cron
from django.tasks import task

from comments import services


@cron("23 2 * * *")
@task
def purge_personal_data() -> dict[str, int]:
    """Drop IP fingerprints and emails past their retention periods (daily)."""
    return services.purge_expired_personal_data()
