from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0013_comment_policy"),
    ]

    operations = [
        migrations.AddField(
            model_name="experience",
            name="content_warning",
            field=models.CharField(blank=True, max_length=500, verbose_name="content warning"),
        ),
        migrations.AddField(
            model_name="experience",
            name="sensitive",
            field=models.BooleanField(default=False, verbose_name="sensitive"),
        ),
        migrations.AddField(
            model_name="experience",
            name="attachments",
            field=models.JSONField(blank=True, default=list, verbose_name="attachments"),
        ),
    ]
