"""Room for "hmac-sha256:<hex>" (audit/chain.py) in hash and prev_hash.

On PostgreSQL a longer varchar changes only the catalogue: no row is rewritten, so
the append-only trigger has nothing to refuse and every stored hash stays as it was.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only_trigger'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(max_length=128, unique=True),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='prev_hash',
            field=models.CharField(blank=True, max_length=128),
        ),
    ]
