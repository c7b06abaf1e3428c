from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors run the front page and the "Alerte" banner; journalists do not.
EDITORS = "Éditeurs"
CODENAMES = ["view_arrangement", "add_arrangement", "view_alert", "add_alert", "change_alert"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="desk", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=EDITORS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="desk"))


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_arrangements_slots_alerts"),
        ("articles", "0004_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
