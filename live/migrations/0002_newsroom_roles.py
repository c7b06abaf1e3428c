from django.contrib.auth.management import create_permissions
from django.db import migrations

# Journalists and editors post on live pages; a post is never deleted for good (its
# deletion is a change, recorded), so nobody gets the delete permission.
CODENAMES = {
    "Rédacteurs": ["add_livepost", "change_livepost", "view_livepost", "view_livepostchange"],
    "Éditeurs": ["add_livepost", "change_livepost", "view_livepost", "view_livepostchange"],
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
            *Permission.objects.filter(content_type__app_label="live", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=CODENAMES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="live"))


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("articles", "0004_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
