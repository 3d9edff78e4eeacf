"""A database trigger refuses any change to what a commenter wrote, whatever path tries it:
the ORM, the admin, a raw SQL session. The model guards are the first line; this is the last."""

from django.db import migrations

FIELDS = ("body", "author_name", "author_email", "article_id", "parent_id", "created_at")

SQLITE_UP = """
CREATE TRIGGER comments_comment_immutable
BEFORE UPDATE ON comments_comment
FOR EACH ROW WHEN {changed}
BEGIN SELECT RAISE(ABORT, 'comments are never edited'); END;
""".format(changed=" OR ".join(f"NEW.{f} IS NOT OLD.{f}" for f in FIELDS))
SQLITE_DOWN = "DROP TRIGGER IF EXISTS comments_comment_immutable;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION comments_comment_immutable() RETURNS trigger AS $$
BEGIN
  IF {changed} THEN
    RAISE EXCEPTION 'comments are never edited';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER comments_comment_immutable BEFORE UPDATE ON comments_comment
FOR EACH ROW EXECUTE FUNCTION comments_comment_immutable();
""".format(changed=" OR ".join(f"NEW.{f} IS DISTINCT FROM OLD.{f}" for f in FIELDS))
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS comments_comment_immutable ON comments_comment;
DROP FUNCTION IF EXISTS comments_comment_immutable();
"""


def install(apps, schema_editor):
    sql = {"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def remove(apps, schema_editor):
    sql = {"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
