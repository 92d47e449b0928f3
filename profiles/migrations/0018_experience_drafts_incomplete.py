"""Drafts may miss their kind, role and start: a title or one line of story is enough to
save one; what publishing needs is checked when publishing (profiles.publishing)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0017_guardian_consent_request'),
    ]

    operations = [
        migrations.AlterField(
            model_name='experiencerevision',
            name='kind',
            field=models.CharField(blank=True, choices=[('job', 'Job'), ('internship', 'Internship'), ('apprenticeship', 'Apprenticeship'), ('summer_job', 'Summer job'), ('odd_job', 'Odd job'), ('volunteering', 'Volunteering'), ('family', 'Family help'), ('associative', 'Work in an association'), ('school', 'School or training project'), ('sport', 'Sport'), ('travel', 'Travel'), ('humanitarian', 'Humanitarian work'), ('artistic', 'Artistic or creative work'), ('other', 'Other')], max_length=20, verbose_name='kind of experience'),
        ),
        migrations.AlterField(
            model_name='experiencerevision',
            name='start_month',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='start month'),
        ),
        migrations.AlterField(
            model_name='experiencerevision',
            name='start_year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='start year'),
        ),
        migrations.AlterField(
            model_name='experiencerevision',
            name='title',
            field=models.CharField(blank=True, help_text='For example: kitchen helper, camp leader.', max_length=120, verbose_name='my role'),
        ),
    ]
