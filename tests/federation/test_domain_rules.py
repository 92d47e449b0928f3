"""Domain rules are stored in one spelling, whoever writes them and whenever they were written."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from federation.models import DomainRule
from federation.peers.domain_blocks import block_domain
from profiles.models import Profile

pytestmark = pytest.mark.django_db
migration = importlib.import_module("federation.migrations.0005_normalise_domain_rules")


def test_rules_written_before_are_rewritten_in_one_spelling():
    DomainRule.objects.bulk_create(  # as stored before: bulk_create skips save()
        DomainRule(domain=domain, rule=rule)
        for domain, rule in [
            ("Peer.Example.", "block"),
            ("peer.example", "block"),
            ("bücher.example:443", "allow"),
            ("not a host", "block"),
        ]
    )
    migration.normalise(apps, None)
    assert sorted(DomainRule.objects.values_list("domain", "rule")) == [
        ("not a host", "block"),
        ("peer.example", "block"),
        ("xn--bcher-kva.example", "allow"),
    ]


def test_a_block_is_stored_normalised_and_removes_the_people_of_its_subdomains():
    for domain in ("peer.example", "sub.peer.example", "peer.example:8443", "notpeer.example"):
        Profile.objects.create(handle="rosa", domain=domain, url=f"https://{domain}/users/rosa")
    counts = block_domain("PEER.Example.:443")
    assert list(DomainRule.objects.values_list("domain", flat=True)) == ["peer.example"]
    assert counts["profiles"] == 3
    assert list(Profile.objects.exclude(domain="").values_list("domain", flat=True)) == [
        "notpeer.example"
    ]


def test_the_admin_stores_a_rule_normalised_and_refuses_what_is_no_host(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-long-1234")
    client.force_login(admin)
    refused = client.post(
        "/admin/federation/domainrule/add/", {"domain": "https://bad.example/", "rule": "block"}
    )
    assert "Give a host name such as node.example" in refused.content.decode()
    client.post("/admin/federation/domainrule/add/", {"domain": "Bücher.Example.", "rule": "block"})
    assert list(DomainRule.objects.values_list("domain", flat=True)) == ["xn--bcher-kva.example"]
