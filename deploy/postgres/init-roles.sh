#!/usr/bin/env bash
# The application's database role: it reads and writes rows, owns no table, is no
# superuser, and may only read and append to the audit log.
#
# The postgres image runs this from /docker-entrypoint-initdb.d/ (docker-compose.yml
# mounts it there) once, when it creates the database, as POSTGRES_USER: the owner, who
# runs the migrations. On a database that already exists, run it once by hand; running
# it again is harmless (it also sets the password anew):
#   docker compose exec db bash /docker-entrypoint-initdb.d/init-roles.sh
# Reads POSTGRES_USER (the owner), POSTGRES_DB, POSTGRES_APP_USER and
# POSTGRES_APP_PASSWORD; psql finds the server as usual (PGHOST, PGPORT, the socket).
set -euo pipefail
: "${POSTGRES_APP_USER:?set POSTGRES_APP_USER: the role web, worker and beat connect as}"
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD: the password of that role}"
owner="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$owner}"
if [ "$POSTGRES_APP_USER" = "$owner" ]; then
  echo "POSTGRES_APP_USER must differ from POSTGRES_USER ($owner), who owns the tables." >&2
  exit 2
fi

# The values travel as psql variables, quoted by psql (:'x' a literal, :"x" a name),
# never spliced into SQL by the shell.
psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 --username "$owner" --dbname "$database" \
  --set app_user="$POSTGRES_APP_USER" --set app_password="$POSTGRES_APP_PASSWORD" \
  --set owner="$owner" --set database="$database" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'app_user')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec

-- Whatever the role was before, a plain login and nothing more: no superuser (who could
-- skip the audit trigger with session_replication_role), no creating roles or databases.
SELECT format(
  'ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
  :'app_user', :'app_password'
) \gexec

GRANT CONNECT ON DATABASE :"database" TO :"app_user";
GRANT USAGE ON SCHEMA public TO :"app_user";

-- Rows, not tables: in every table there is, and in every table the owner's migrations
-- create later.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_user";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"app_user";

-- The audit log: read and append, never rewrite. On a new database the table does not
-- exist yet; the audit migration that follows its creation (0004) takes the same back.
SELECT format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM %I', :'app_user')
WHERE to_regclass('public.audit_auditentry') IS NOT NULL \gexec
SQL
echo "Database role $POSTGRES_APP_USER: rows of $database, and only SELECT and INSERT on the audit log."
