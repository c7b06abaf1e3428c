from django.contrib.auth.management import create_permissions
from django.db import migrations

# Journalists and editors read the wire; editors also see the receptions' log.
CODENAMES = {
    "Rédacteurs": ["view_dispatch", "view_wirealert"],
    "Éditeurs": ["view_dispatch", "view_wirealert", "view_receiveditem", "view_wiresource"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in CODENAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="wire", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=CODENAMES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="wire"))


class Migration(migrations.Migration):
    dependencies = [
        ("wire", "0001_initial"),
        ("articles", "0004_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
