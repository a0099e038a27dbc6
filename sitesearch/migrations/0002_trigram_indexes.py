"""PostgreSQL only: pg_trgm, and trigram indexes for "did you mean" (similarity over the folded
vocabulary) and for suggestions (folded titles matched inside, LIKE '% prefix%'). SQLite needs
neither: it compares trigrams in Python over a small candidate set (didyoumean.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS sitesearch_vocabulary_folded_trgm "
        "ON sitesearch_vocabularyterm USING gin (folded gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS sitesearch_title_folded_trgm ON sitesearch_titleentry USING gin (folded gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS sitesearch_vocabulary_folded_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS sitesearch_title_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("sitesearch", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
