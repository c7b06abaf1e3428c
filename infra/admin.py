"""
The task queue in the admin: what waits, runs and failed, with the last error, and
a retry for failed tasks (permission ``infra.retry_task``: editors and superusers).
django-tasks-db's own admin is replaced by this one, in French.
"""

from django.contrib import admin, messages
from django.tasks import TaskResultStatus
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult, get_date_max

from infra import jobs
from infra.models import TaskRecord

admin.site.unregister(DBTaskResult)


def last_error_line(record) -> str:
    """The last line of the traceback: the exception and its message."""
    lines = record.traceback.strip().splitlines()
    return lines[-1] if lines else ""


class StatusFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return TaskResultStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(TaskRecord)
class TaskRecordAdmin(admin.ModelAdmin):
    list_display = ["task", "state", "attempts", "due", "enqueued", "finished", "error"]
    list_filter = [StatusFilter]
    search_fields = ["task_path"]
    ordering = ["-enqueued_at"]
    date_hierarchy = "enqueued_at"
    actions = ["retry"]
    fields = [
        "task",
        "state",
        "attempts",
        "arguments",
        "due",
        "enqueued",
        "started",
        "finished",
        "result",
        "full_traceback",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("infra.retry_task")

    @admin.display(description=_("tâche"), ordering="task_path")
    def task(self, obj):
        return obj.task_path

    @admin.display(description=_("état"), ordering="status")
    def state(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("mise en file le"), ordering="enqueued_at")
    def enqueued(self, obj):
        return obj.enqueued_at

    @admin.display(description=_("commencée le"), ordering="started_at")
    def started(self, obj):
        return obj.started_at

    @admin.display(description=_("finie le"), ordering="finished_at")
    def finished(self, obj):
        return obj.finished_at

    @admin.display(description=_("essais"))
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.display(description=_("prévue à"), ordering="run_after")
    def due(self, obj):
        return None if obj.run_after == get_date_max() else obj.run_after

    @admin.display(description=_("dernière erreur"))
    def error(self, obj):
        return Truncator(last_error_line(obj)).chars(120)

    @admin.display(description=_("arguments"))
    def arguments(self, obj):
        return format_html("<pre>{}</pre>", obj.args_kwargs)

    @admin.display(description=_("résultat"))
    def result(self, obj):
        return obj.return_value

    @admin.display(description=_("erreur complète"))
    def full_traceback(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"

    @admin.action(description=_("Relancer les tâches en échec"), permissions=["retry"])
    def retry(self, request, queryset):
        retried = sum(jobs.retry_now(record) for record in queryset)
        messages.success(
            request,
            ngettext("%(count)d tâche relancée.", "%(count)d tâches relancées.", retried)
            % {"count": retried},
        )
