"""Only the owner of the audit table may rewrite it; every other role reads and appends.

The application connects as a role that owns no table (deploy/postgres/init-roles.sh),
whose default privileges give it UPDATE and DELETE on each table the owner creates, this
one included. This takes UPDATE, DELETE and TRUNCATE back from every role but the owner
(and from PUBLIC): the application role then cannot rewrite, delete or truncate entries,
whatever the trigger of 0002 does. The trigger stays, for the owner's own slips.
Superusers pass every privilege check; the README says what that leaves them.
"""

from django.db import migrations

REVOKE = """
DO $$
DECLARE
    grantee text;
BEGIN
    REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM PUBLIC;
    FOR grantee IN
        SELECT DISTINCT acl.grantee::regrole::text
        FROM pg_class AS c, aclexplode(c.relacl) AS acl
        WHERE c.oid = 'audit_auditentry'::regclass
          AND acl.grantee NOT IN (0, c.relowner)
          AND acl.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM %s', grantee);
    END LOOP;
END $$;
"""


def revoke(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVOKE, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_widen_hashes_for_the_keyed_scheme")]
    # Reversed, nothing is granted back: a rewrite right is given by hand, if ever.
    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
