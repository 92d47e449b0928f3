"""On PostgreSQL, a stored tsvector column for search, instead of an expression index.

The planner can then check a match on a row it reads in date order without
recomputing to_tsvector, which made frequent words slow (see bench/RESULTS.md).
The model does not know the column: profiles.search queries it on PostgreSQL only.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS profiles_experience_search_gin")
    schema_editor.execute(
        "ALTER TABLE profiles_experience ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS profiles_experience_search_vector "
        "ON profiles_experience USING gin (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE profiles_experience DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("profiles", "0003_experience_concept")]
    operations = [migrations.RunPython(forwards, backwards)]
