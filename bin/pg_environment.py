"""Print DATABASE_URL as libpq environment variables for `eval` in bin/backup and bin/restore.

pg_dump and pg_restore then connect without the URL on their command line, where any
user of the machine could read the password (`ps`).
"""

import os
import shlex
import sys
from urllib.parse import parse_qs, unquote, urlsplit

url = os.environ.get("DATABASE_URL", "")
parts = urlsplit(url)
if parts.scheme not in {"postgres", "postgresql"}:
    sys.exit(f"DATABASE_URL must be a postgres:// URL, not {parts.scheme or 'empty'}")
values = {
    "PGHOST": parts.hostname or "",
    "PGPORT": str(parts.port or 5432),
    "PGUSER": unquote(parts.username or ""),
    "PGPASSWORD": unquote(parts.password or ""),
    "PGDATABASE": unquote(parts.path.lstrip("/")),
    "PGSSLMODE": parse_qs(parts.query).get("sslmode", [""])[0],
}
for name, value in values.items():
    if value:
        print(f"export {name}={shlex.quote(value)}")
