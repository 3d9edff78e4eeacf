"""A comment may be tied to the newsroom's account that posted it (`Comment.reader`).

Who wrote a comment never changes, so the trigger of migration 0002 now guards the new
column too. The column is nullable without a default: SQLite adds it with ALTER TABLE
instead of rebuilding the table, which would drop the trigger.
"""

import django.db.models.deletion
from django.db import migrations, models

GUARDED = ("body", "author_name", "author_email", "article_id", "parent_id", "created_at")
WITH_READER = (*GUARDED, "reader_id")


def _sqlite(fields):
    changed = " OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in fields)
    return f"""
DROP TRIGGER IF EXISTS comments_comment_immutable;
CREATE TRIGGER comments_comment_immutable
BEFORE UPDATE ON comments_comment
FOR EACH ROW WHEN {changed}
BEGIN SELECT RAISE(ABORT, 'comments are never edited'); END;
"""


def _postgres(fields):
    changed = " OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in fields)
    # The trigger itself stays; the function it runs is replaced.
    return f"""
CREATE OR REPLACE FUNCTION comments_comment_immutable() RETURNS trigger AS $$
BEGIN
  IF {changed} THEN
    RAISE EXCEPTION 'comments are never edited';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _guard(fields):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            # One statement per execute: SQLite's driver runs only the first of several.
            drop, create = _sqlite(fields).split(";\n", 1)
            schema_editor.execute(drop)
            schema_editor.execute(create)
        elif vendor == "postgresql":
            schema_editor.execute(_postgres(fields))

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0006_decision_imported_from'),
        ('readers', '0001_readers'),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='reader',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='comments', to='readers.reader', verbose_name='signed-in reader'),
        ),
        migrations.RunPython(_guard(WITH_READER), _guard(GUARDED)),
    ]
