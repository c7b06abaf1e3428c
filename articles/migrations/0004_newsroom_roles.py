from django.contrib.auth.management import create_permissions
from django.db import migrations

# The newsroom's roles; the README describes them. Moderators are created by comments.
ROLES = {
    "Rédacteurs": [
        "add_article", "change_article", "view_article",
        "view_section", "view_topic", "view_author", "view_agency",
        "add_image", "change_image", "view_image",
        "view_correction",
    ],
    "Éditeurs": [
        "add_article", "change_article", "view_article", "publish_article",
        "add_section", "change_section", "view_section",
        "add_topic", "change_topic", "delete_topic", "view_topic",
        "add_author", "change_author", "view_author",
        "add_agency", "change_agency", "view_agency",
        "add_image", "change_image", "view_image",
        "view_correction", "view_workflowevent",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_alter_article_options_article_created_by_and_more"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
