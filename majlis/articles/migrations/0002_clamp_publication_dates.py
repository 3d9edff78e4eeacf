"""Bring any publication date stored outside the range the code reads back (PostgreSQL took
dates before year 1 and after 9999 in UTC) to the nearest end of it, so the admin lists it
again and a person can set the right date."""

from datetime import UTC, datetime

from django.db import migrations

# As majlis.lib.text.EARLIEST and LATEST when this was written; a migration keeps its own.
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)


def clamp(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(published_at__lt=EARLIEST).update(published_at=EARLIEST)
    Article.objects.filter(published_at__gt=LATEST).update(published_at=LATEST)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(clamp, migrations.RunPython.noop)]
