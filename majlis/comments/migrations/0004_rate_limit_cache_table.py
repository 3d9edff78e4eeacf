"""The cache table that rate-limit counters live in when no REDIS_URL is set, so that every
process on the database counts together. Created here so `majlis migrate` is the one step."""

from django.core.management.commands.createcachetable import Command
from django.db import migrations

TABLE = "majlis_cache"


def create(apps, schema_editor):
    command = Command()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_commenter_indexes")]
    operations = [migrations.RunPython(create, drop)]
