from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("federation", "0006_object_reach"),
    ]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="former_type",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
    ]
