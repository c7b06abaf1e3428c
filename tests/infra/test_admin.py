"""The task queue in the admin: who sees it, who may retry a failed task."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.tasks import TaskResultStatus
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from infra import tasks
from tests.support import changelist_rows

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:infra_taskrecord_changelist")


def staff(group: str | None, username: str, **extra):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw-secret-123", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def failed(database_tasks) -> DBTaskResult:
    result = tasks.send_mail.enqueue(mail_id=12)
    record = DBTaskResult.objects.get(pk=result.id)
    record.claim("worker-1")
    record.set_failed(ConnectionRefusedError(111, "Connection refused"))
    return record


def retry(client, record):
    return client.post(
        CHANGELIST, {"action": "retry", "_selected_action": [str(record.pk)]}, follow=True
    )


def test_the_queue_lists_each_task_with_its_attempts_and_last_error(client, failed):
    client.force_login(staff(None, "admin", is_superuser=True))

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert [
        {k: row[k] for k in ("task", "state", "attempts", "error")}
        for row in changelist_rows(response.content.decode())
    ] == [
        {
            "task": "infra.tasks.send_mail",
            "state": "Échouée",
            "attempts": "1",
            "error": "ConnectionRefusedError: [Errno 111] Connection refused",
        }
    ]


@pytest.mark.parametrize(("group", "superuser"), [("Éditeurs", False), (None, True)])
def test_editors_and_superusers_retry_a_failed_task(client, failed, group, superuser):
    client.force_login(staff(group, "desk", is_superuser=superuser))

    response = retry(client, failed)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["1 tâche relancée."]
    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.READY


@pytest.mark.parametrize("group", ["Modérateurs", "Rédacteurs"])
def test_moderators_and_journalists_neither_see_nor_retry_the_queue(client, failed, group):
    client.force_login(staff(group, "someone"))

    assert client.get(CHANGELIST).status_code == 403
    assert retry(client, failed).status_code == 403
    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.FAILED


def test_a_viewer_without_the_retry_permission_gets_no_retry_action(client, failed):
    viewer = staff(None, "ops")
    viewer.user_permissions.add(Permission.objects.get(codename="view_taskrecord"))
    client.force_login(viewer)

    assert client.get(CHANGELIST).status_code == 200
    retry(client, failed)
    failed.refresh_from_db()
    assert failed.status == TaskResultStatus.FAILED


def test_nobody_adds_changes_or_deletes_task_records(client, failed):
    client.force_login(staff(None, "admin", is_superuser=True))
    change = reverse("admin:infra_taskrecord_change", args=[failed.pk])

    assert client.get(reverse("admin:infra_taskrecord_add")).status_code == 403
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {}).status_code == 403
    assert client.get(reverse("admin:infra_taskrecord_delete", args=[failed.pk])).status_code == 403
