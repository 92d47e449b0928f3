from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("federation", "0008_reactions"),
    ]

    operations = [
        migrations.AddField(
            model_name="tombstone",
            name="former_type",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
    ]
