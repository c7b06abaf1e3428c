from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Éditeurs"
# The task queue in the admin (infra.TaskRecord): editors see it and retry failed tasks.
CODENAMES = ["view_taskrecord", "retry_task"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="infra", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="infra", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_editors_change_used_images"),
        ("infra", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
