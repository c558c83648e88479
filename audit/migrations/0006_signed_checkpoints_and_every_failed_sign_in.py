"""Signed checkpoints, kept like the entries: PostgreSQL refuses UPDATE and DELETE on
them (a trigger, for the owner's slips) and only the owner may rewrite them (privileges,
as 0004 does for the entries). The application role may still INSERT: a row proves
nothing by being here, only its Ed25519 signature does.

Failed sign-ins are all counted now, known names too (by name), none chained.
"""

from django.db import migrations, models


GUARD = """
CREATE OR REPLACE FUNCTION audit_checkpoint_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'signed checkpoints are append-only: % refused on audit_signedcheckpoint',
        TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_signedcheckpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
DO $do$
DECLARE
    grantee text;
BEGIN
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_signedcheckpoint FROM PUBLIC;
    FOR grantee IN
        SELECT DISTINCT acl.grantee::regrole::text
        FROM pg_class AS c, aclexplode(c.relacl) AS acl
        WHERE c.oid = 'audit_signedcheckpoint'::regclass
          AND acl.grantee NOT IN (0, c.relowner)
          AND acl.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_signedcheckpoint FROM %s', grantee);
    END LOOP;
END $do$;
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_sign_in_failure_tally"),
    ]

    operations = [
        migrations.CreateModel(
            name="SignedCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("issued_at", models.DateTimeField()),
                ("head_id", models.BigIntegerField(blank=True, null=True)),
                ("head_hash", models.CharField(blank=True, max_length=128)),
                ("document", models.JSONField()),
            ],
            options={
                "verbose_name": "signed checkpoint",
                "verbose_name_plural": "signed checkpoints",
                "ordering": ["-id"],
            },
        ),
        migrations.AlterModelOptions(
            name="signinfailuretally",
            options={
                "ordering": ["-hour", "-failures"],
                "verbose_name": "failed sign-ins",
                "verbose_name_plural": "failed sign-ins",
            },
        ),
        migrations.RemoveConstraint(
            model_name="signinfailuretally",
            name="audit_tally_per_hour",
        ),
        migrations.AddField(
            model_name="signinfailuretally",
            name="username",
            field=models.CharField(
                blank=True,
                help_text="The account the failures named; blank for names no account has.",
                max_length=150,
            ),
        ),
        migrations.AddConstraint(
            model_name="signinfailuretally",
            constraint=models.UniqueConstraint(
                fields=("address", "hour", "username"), name="audit_tally_per_hour_and_name"
            ),
        ),
        migrations.RunPython(guard, migrations.RunPython.noop),
    ]
