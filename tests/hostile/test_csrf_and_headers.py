"""CSRF on every POST view, and the production cookie and header settings.

The POST views are found by walking the URLconf, not listed by hand, so a new form is
covered the day it is added. Only the inboxes (signed, machine to machine) and the
language switch are exempt.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import client_for, make_experience
from tests.hostile import figures

pytestmark = pytest.mark.django_db
EXEMPT = {"/inbox/", "/actor/inbox/", "/@alice/inbox/"}
SAMPLE = {
    "handle": "alice",
    "name": "alice",
    "pk": "1",
    "org": "1",
    "slug": "cooking",
    "code": "en",
    "uidb64": "MQ",
    "token": "x-y",
    "path": "avatars/x.png",
    "key": "5f0c6b1e-2d4a-4c8e-9a1b-3c5d7e9f1a2b",
}


def concrete_paths(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every route of the URLconf, with sample values in its parameters."""
    paths: list[str] = []
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("admin/"):
                continue  # Django's own admin, CSRF-protected by Django
            paths += concrete_paths(entry, pattern)
        elif isinstance(entry, URLPattern):
            paths.append(_fill(pattern))
    return sorted(set(paths))


def _fill(pattern: str) -> str:
    pattern = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE.get(m.group(1), "1"), pattern)
    pattern = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE.get(m.group(1), "1"), pattern)
    pattern = pattern.lstrip("^").rstrip("$")
    pattern = re.sub(r"\(\?:[^)]*\)\??", "", pattern).replace("\\", "")
    pattern = pattern.replace("(outbox|followers|following)", "outbox")
    return "/" + pattern


def test_every_post_view_refuses_a_request_without_a_csrf_token(person):
    paths = [p for p in concrete_paths() if "(" not in p and "[" not in p]
    assert len(paths) > 60  # the walk found the site
    checked, accepted = 0, []
    for path in paths:
        if path in EXEMPT or path.startswith("/language/") or path.startswith("/i18n/"):
            continue
        client = client_for(person)
        client.handler.enforce_csrf_checks = True
        response = client.post(path, {"x": "1"})
        checked += 1
        if response.status_code != 403:
            accepted.append((path, response.status_code))
        figures.attack(
            "csrf",
            f"POST {path} without a token",
            accepted=response.status_code != 403,
        )
    assert not accepted, accepted
    assert checked > 50


def test_the_inbox_is_exempt_but_refuses_unsigned_posts(person):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inbox/", data="{}", content_type="application/activity+json")
    assert response.status_code == 401


def test_production_settings_are_secure():
    """Settings imported as a public https node (a subprocess: settings are read once)."""
    env = {
        **os.environ,
        "TREMPLIN_DOMAIN": "tremplin.example.org",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "node.settings",
    }
    env.pop("TREMPLIN_SCHEME", None)
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in "
        "['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS','X_FRAME_OPTIONS',"
        "'SECURE_CONTENT_TYPE_NOSNIFF','SECURE_REFERRER_POLICY','SESSION_COOKIE_HTTPONLY',"
        "'SECURE_PROXY_SSL_HEADER']}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_pages_carry_the_security_headers(client, person):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_pages_carry_a_content_security_policy_that_forbids_inline_code(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/about/",
        "/people/",
        "/offers/",
        "/@{handle}/",
        "/@{handle}/experiences/{experience}/",
        "/me/cv/",
        "/me/",
        "/me/experiences/new/",
        "/me/data/",
    ],
)
def test_our_pages_need_no_inline_script_or_style_the_policy_would_block(person, path):
    """A page relying on inline code would break under the CSP: none does."""
    experience = make_experience(person)
    response = client_for(person).get(
        path.format(handle=person.handle, experience=experience.pk), follow=True
    )
    assert response.status_code == 200, path
    assert not INLINE_CODE.findall(response.content.decode()), path
