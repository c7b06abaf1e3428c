# The Image model moves here from the articles app. Its table stays where it is
# (articles_image): this migration only tells Django's state that images owns it.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import images.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("articles", "0004_newsroom_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Image",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("file", models.ImageField(height_field="height", upload_to=images.models.image_upload_to, verbose_name="fichier", width_field="width")),
                        ("width", models.PositiveIntegerField(default=0, editable=False, verbose_name="largeur")),
                        ("height", models.PositiveIntegerField(default=0, editable=False, verbose_name="hauteur")),
                        ("alt_text", models.CharField(help_text="Décrit l'image pour les lecteurs qui ne la voient pas.", max_length=250, verbose_name="texte alternatif")),
                        ("caption", models.CharField(blank=True, max_length=500, verbose_name="légende")),
                        ("credit", models.CharField(help_text="Affiché « (Crédits : …) » sous l'image.", max_length=200, verbose_name="crédits")),
                        ("renditions", models.JSONField(default=list, editable=False, verbose_name="déclinaisons")),
                        ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="envoyée le")),
                        ("uploaded_by", models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="envoyée par")),
                    ],
                    options={
                        "verbose_name": "image",
                        "verbose_name_plural": "images",
                        "db_table": "articles_image",
                        "ordering": ["-uploaded_at"],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("credit", ""), _negated=True), name="image_credit_required"),
                            models.CheckConstraint(condition=models.Q(("alt_text", ""), _negated=True), name="image_alt_text_required"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
