"""Domain rules stored before federation/hosts.py: rewrite each in its one spelling.

`Peer.Example.`, `peer.example:443` and `bücher.example` become `peer.example` and
`xn--bcher-kva.example`, the form every check now compares with. Two rules that turn out
to be the same become one; a rule that is no host at all is left as it was (it never
matched anything, and deleting a block is not a migration's call).
"""

from django.db import migrations

from federation.protocol.hosts import BadHost, normalise_host


def normalise(apps, schema_editor):
    DomainRule = apps.get_model("federation", "DomainRule")
    for rule in DomainRule.objects.order_by("pk"):
        try:
            domain = normalise_host(rule.domain)
        except BadHost:
            continue
        if domain == rule.domain:
            continue
        if DomainRule.objects.filter(domain=domain, rule=rule.rule).exclude(pk=rule.pk).exists():
            rule.delete()
        else:
            DomainRule.objects.filter(pk=rule.pk).update(domain=domain)


class Migration(migrations.Migration):
    dependencies = [
        ("federation", "0004_delivery_by_inbox_index"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
