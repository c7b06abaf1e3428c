from django.db import migrations


def grant_moderators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Modérateurs")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="compliance",
            codename__in=["view_authorityorder", "add_authorityorder", "change_authorityorder"],
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_authority_orders"),
        ("comments", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(grant_moderators, migrations.RunPython.noop)]
