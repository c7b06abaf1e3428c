from django.db import migrations

# The articles' search entries take their section as their scope (search 0002): what
# a search filtered on a section walks. New and edited articles write it themselves.
FILL = """
UPDATE search_entry SET scope = (
    SELECT section_id FROM articles_article WHERE articles_article.id = search_entry.object_id
) WHERE kind = 'article'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_article_body_images_and_embeds"),
        ("search", "0002_entry_scope"),
    ]

    operations = [migrations.RunSQL(FILL, migrations.RunSQL.noop)]
