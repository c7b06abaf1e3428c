# The Image model now belongs to the images app (see images/migrations/0001_initial.py);
# its table, rows and files stay as they are. The articles state lets go of it, and its
# content type follows it, so the permissions the role groups hold on images still apply.

import django.db.models.deletion
from django.db import migrations, models


def _move_image_content_type(apps, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moving = ContentType.objects.filter(app_label=from_label, model="image").first()
    if moving is None:
        return  # nothing was ever created under the old label
    duplicate = ContentType.objects.filter(app_label=to_label, model="image").first()
    if duplicate is not None:
        # Created under the new label in the meantime (another migration that creates
        # permissions ran in between): whoever holds its permissions keeps them.
        for permission in Permission.objects.filter(content_type=duplicate):
            kept = Permission.objects.filter(
                content_type=moving, codename=permission.codename
            ).first()
            if kept is None:
                permission.content_type = moving
                permission.save(update_fields=["content_type"])
                continue
            kept.group_set.add(*permission.group_set.all())
            kept.user_set.add(*permission.user_set.all())
            permission.delete()
        duplicate.delete()
    moving.app_label = to_label
    moving.save(update_fields=["app_label"])
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _move_image_content_type(apps, "articles", "images")


def backwards(apps, schema_editor):
    _move_image_content_type(apps, "images", "articles")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0004_newsroom_roles"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="main_image",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="articles", to="images.image", verbose_name="image principale"),
                ),
                migrations.DeleteModel(name="Image"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
