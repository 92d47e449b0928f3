# An application's status (sent, seen, shortlisted, not retained, withdrawn) and when it
# last changed; existing applications are "sent" since the day they were made.

import django.utils.timezone
from django.db import migrations, models


def changed_when_made(apps, schema_editor):
    Application = apps.get_model("contact", "Application")
    Application.objects.update(status_changed_at=models.F("created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("contact", "0002_copy_counsellors"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("sent", "Sent"),
                    ("seen", "Seen"),
                    ("shortlisted", "Shortlisted"),
                    ("not_retained", "Not retained"),
                    ("withdrawn", "Withdrawn"),
                ],
                db_index=True,
                default="sent",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="status_changed_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="status changed on"
            ),
        ),
        migrations.RunPython(changed_when_made, migrations.RunPython.noop),
    ]
