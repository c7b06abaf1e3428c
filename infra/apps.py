from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfraConfig(AppConfig):
    name = "infra"
    verbose_name = _("Infrastructure")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.tasks.signals import task_finished

        from infra import (
            checks,  # noqa: F401 - registers the deployment checks
            jobs,
        )
        from infra.staff import logins, sessions

        task_finished.connect(jobs.retry_failed, dispatch_uid="infra.retry_failed")
        user_login_failed.connect(logins.log_login_failed, dispatch_uid="infra.login_failed")
        user_locked_out.connect(logins.log_locked_out, dispatch_uid="infra.locked_out")
        user_logged_in.connect(logins.log_logged_in, dispatch_uid="infra.logged_in")
        user_logged_in.connect(sessions.start_staff_session, dispatch_uid="infra.staff_session")
