"""PostgreSQL only: what lets a results page read the newest matches and the few older, better
titles instead of every match (`sitesearch/newest.py`, `title_candidates.py`):
- `sitesearch_page_newest`: pages in the ranking's date order (newest first, undated last, id);
- `sitesearch_indexentry_object`: a page's index entry by object id alone (the backend's own unique
  index starts with the content type, and the search joins on a list of twenty of them);
- `sitesearch_page_id_text`: a page by its id as the search joins it (`id::varchar = object_id`), so
  a rare word's few matches, or an excluded word's, are joined page by page instead of by reading
  every page;
- trigram indexes on the indexed title as stored and folded (`sitesearch_fold`, an SQL copy of the
  folding table in `ranking.py`);
- `sitesearch_page_depth_path`: the children of a page in tree order (the menus every results page
  shows read them; without it, each read every page).
SQLite keeps its own path (engine.py)."""

from django.db import migrations

INDEXES = {
    "sitesearch_page_newest": "ON wagtailcore_page (first_published_at DESC NULLS LAST, id DESC)",
    "sitesearch_indexentry_object": "ON wagtailsearch_indexentry (object_id)",
    "sitesearch_page_id_text": "ON wagtailcore_page (((id)::varchar(50)))",
    "sitesearch_page_depth_path": "ON wagtailcore_page (depth, path)",
    "sitesearch_indexentry_title_trgm": "ON wagtailsearch_indexentry USING gin (title_text gin_trgm_ops)",
    "sitesearch_indexentry_folded_title_trgm": (
        "ON wagtailsearch_indexentry USING gin (sitesearch_fold(title_text) gin_trgm_ops)"
    ),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from sitesearch.title_candidates import fold_function_sql

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(fold_function_sql())
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS sitesearch_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("sitesearch", "0002_trigram_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
