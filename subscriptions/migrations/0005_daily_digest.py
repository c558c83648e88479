"""The daily digest: notable updates gathered into one email a day per reader.

Announcements from before keep `for_digest` false: each was already fanned out to its
own emails, so none of them is told twice. An email now belongs to an announcement or
to a digest, exactly one of them.

It needs nothing of the audit log's later migrations (0002 already gave announcements
their entry), so it names none: a test that winds the log back to 0002 leaves this be.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('subscriptions', '0004_deliveries_belong_to_announcements'),
    ]

    operations = [
        migrations.CreateModel(
            name='Digest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(unique=True)),
                ('due_at', models.DateTimeField(help_text='When it was due: DIGEST_TIME that day.')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('updates', models.PositiveIntegerField(default=0)),
                ('fanned_out_at', models.DateTimeField(blank=True, null=True)),
                ('settled_at', models.DateTimeField(blank=True, null=True)),
                ('alerted_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'daily digest',
                'verbose_name_plural': 'daily digests',
                'ordering': ['-day'],
            },
        ),
        migrations.AddField(
            model_name='announcement',
            name='for_digest',
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name='emaildelivery',
            name='announcement',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='subscriptions.announcement'),
        ),
        migrations.AddField(
            model_name='announcement',
            name='digest',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='announcements', to='subscriptions.digest'),
        ),
        migrations.AddField(
            model_name='emaildelivery',
            name='digest',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='emails', to='subscriptions.digest'),
        ),
        migrations.AddIndex(
            model_name='announcement',
            index=models.Index(condition=models.Q(('digest__isnull', True), ('for_digest', True)), fields=['id'], name='announcement_to_digest'),
        ),
        migrations.AddConstraint(
            model_name='emaildelivery',
            constraint=models.UniqueConstraint(fields=('digest', 'subscriber'), name='one_email_per_digest'),
        ),
        migrations.AddConstraint(
            model_name='emaildelivery',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('announcement__isnull', False), ('digest__isnull', True)), models.Q(('announcement__isnull', True), ('digest__isnull', False)), _connector='OR'), name='email_of_announcement_or_digest'),
        ),
    ]
