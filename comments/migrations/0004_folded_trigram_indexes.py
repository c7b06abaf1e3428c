from django.db import migrations

import search.operations


class Migration(migrations.Migration):
    """
    The admin's comment search folds accents and case (search.folding): trigram
    indexes on the folded text and name, on PostgreSQL (none needed on SQLite).
    """

    dependencies = [
        ("comments", "0003_alter_moderationevent_action"),
        ("search", "0001_initial"),
    ]

    operations = [
        search.operations.FoldedTrigramIndex("comments_comment", "body", "comment_body_trgm_idx"),
        search.operations.FoldedTrigramIndex("comments_comment", "name", "comment_name_trgm_idx"),
    ]
