"""Fills story grouping's word index (StoryToken) for the items stored before it existed, in batches."""

from django.db import migrations

BATCH = 2000


def fill(apps, schema_editor):
    # The token function is the ingest's own: the index must hold exactly what the ingest looks up.
    from bulletins.story_index import stored_tokens

    FeedItem = apps.get_model("bulletins", "FeedItem")
    StoryToken = apps.get_model("bulletins", "StoryToken")
    last = 0
    while True:
        batch = list(FeedItem.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title_key", "day")[:BATCH])
        if not batch:
            return
        StoryToken.objects.bulk_create(
            StoryToken(item_id=pk, token=token, day=day) for pk, key, day in batch for token in stored_tokens(key)
        )
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0004_story_tokens")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
