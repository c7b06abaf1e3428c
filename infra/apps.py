from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    name = "infra"
    verbose_name = _("Infrastructure")

    def ready(self) -> None:
        from django.tasks.signals import task_finished

        from infra import jobs

        task_finished.connect(jobs.retry_failed, dispatch_uid="infra.retry_failed")
