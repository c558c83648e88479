"""A token PostgreSQL changes with every write to the incidents the indicators count.

The home page's counts since the record began are kept by each process beside this
token and counted again only when it has changed (issue 34: the render must not grow
with the record). Triggers, not the services, change it, so no write can miss it: the
admin's deletion and bulk loads included. PostgreSQL only: SQLite rebuilds a table to
alter it and would drop its triggers unseen, so there the row is not made and every
render counts afresh. Reversible: the reverse drops the triggers, then the table.
"""

import uuid

from django.db import migrations, models

TABLES = ("incidents_incident", "incidents_incidentcountry", "incidents_attribution")
CREATE = """
CREATE OR REPLACE FUNCTION incidents_record_changed() RETURNS trigger AS $$
BEGIN
    -- An upsert, not an UPDATE: a table emptied by hand (a flush) gets its row back at
    -- the next write, rather than leaving every render to count the whole record.
    INSERT INTO incidents_recordchange (id, token) VALUES (1, gen_random_uuid()::text)
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"""
CREATE TRIGGER {table}_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_record_changed();
"""
    for table in TABLES
)
DROP = "".join(f"DROP TRIGGER IF EXISTS {table}_changed ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS incidents_record_changed();\n"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Random from the start, as every later token is: a token never comes back.
        apps.get_model("incidents", "RecordChange").objects.create(id=1, token=str(uuid.uuid4()))
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0006_indexes_for_windows_and_nato")]

    operations = [
        migrations.CreateModel(
            name="RecordChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=36)),
            ],
        ),
        migrations.RunPython(create, drop),
    ]
