"""Story grouping's word index with smaller keys: 32-bit tokens (CRC-32 where they were 64-bit
BLAKE2b) and the day as an ordinal number. Every token value changes, so the index is emptied and
filled again from the stored items, in batches.

Going back empties the index (the old token function is gone): items stored before that are not
grouped with new ones until this migration runs again.
"""

from django.db import migrations, models

BATCH = 2000


def empty(apps, schema_editor):
    apps.get_model("bulletins", "StoryToken").objects.all().delete()


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
            StoryToken(item_id=pk, token=token, day_number=day.toordinal())
            for pk, key, day in batch
            for token in stored_tokens(key)
        )
        last = batch[-1][0]


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0006_story_lookup_indexes")]

    operations = [
        migrations.RunPython(empty, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="storytoken", name="bulletins_storytoken_lookup"),
        migrations.RemoveField(model_name="storytoken", name="day"),
        migrations.AddField(
            model_name="storytoken", name="day_number", field=models.IntegerField(default=0), preserve_default=False
        ),
        migrations.AlterField(model_name="storytoken", name="token", field=models.IntegerField()),
        migrations.AddIndex(
            model_name="storytoken",
            index=models.Index(fields=["token", "day_number", "item"], name="bulletins_storytoken_lookup"),
        ),
        migrations.RunPython(fill, empty),
    ]
