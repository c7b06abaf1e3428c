from django.contrib.auth.management import create_permissions
from django.db import migrations

# Editors may change an image that a live or scheduled story shows (images.locks);
# journalists may not.
EDITORS = "Éditeurs"
PERMISSION = ("images", "change_used_image")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PERMISSION
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    app_label, codename = PERMISSION
    Permission.objects.filter(content_type__app_label=app_label, codename=codename).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_sharelink"),
        ("images", "0002_alter_image_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
