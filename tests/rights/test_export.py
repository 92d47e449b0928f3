"""Export of all my data, JSON Resume and the printable CV: the owner's only."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from django.contrib.staticfiles import finders

from profiles.models import Follow
from profiles.visibility import Visibility
from tests.conftest import client_for, make_experience, make_person

SCHEMA = json.loads((Path(__file__).parent / "data" / "jsonresume-schema.json").read_text())


@pytest.fixture
def lea(vocabulary):
    lea = make_person("lea")
    make_experience(lea, tags=["cooking", "teamwork"])
    make_experience(
        lea,
        kind="volunteering",
        title="Camp leader",
        organisation="Scouts",
        visibility=Visibility.FOLLOWERS,
    )
    make_experience(lea, kind="sport", title="Football captain", organisation="FC Lyon")
    make_experience(lea, visibility=None, title="A draft I keep")
    return lea


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_export_holds_everything_of_mine(lea, member):
    Follow.objects.create(follower=member, followed=lea, state="accepted")
    data = download(client_for(lea), "/me/export/")
    assert data["format"] == "tremplin-export/1"
    assert data["account"]["email"] == "lea@example.org"
    assert data["profile"]["published"]["display_name"] == "Lea"
    titles = {(e["published"] or e["draft"])["title"] for e in data["experiences"]}
    assert titles == {"Kitchen helper", "Camp leader", "Football captain", "A draft I keep"}
    kitchen = next(
        e
        for e in data["experiences"]
        if e["published"] and e["published"]["title"] == "Kitchen helper"
    )
    assert [t["text"] for t in kitchen["published"]["tags"]] == ["cooking", "teamwork"]
    assert len(kitchen["revisions"]) == 1
    assert data["followers"][0]["follower"] == member.fediverse_handle


def test_export_is_only_ever_mine(lea, member):
    assert client_for(None).get("/me/export/").status_code == 302
    data = download(client_for(member), "/me/export/")
    assert data["account"]["handle"] == "bob"
    assert data["experiences"] == []
    assert "lea" not in json.dumps(data)


def test_json_resume_is_valid_and_maps_kinds(lea):
    resume = download(client_for(lea), "/me/export/resume.json")
    jsonschema.validate(resume, SCHEMA)
    assert [w["position"] for w in resume["work"]] == ["Kitchen helper"]
    assert resume["work"][0]["startDate"] == "2023-07"
    assert [v["position"] for v in resume["volunteer"]] == ["Camp leader"]
    assert [p["name"] for p in resume["projects"]] == ["Football captain"]
    assert "A draft I keep" not in json.dumps(resume)
    assert resume["basics"]["name"] == "Lea"
    # Skills are the vocabulary's concepts (labelled in the profile's language), not raw tags.
    cooking = next(skill for skill in resume["skills"] if "cooking" in skill["keywords"])
    assert cooking["name"] in {"cuisine", "cooking"}


def test_json_resume_refuses_a_wrong_document():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"work": [{"startDate": "July 2023"}]}, SCHEMA)


def test_cv_shows_chosen_published_experiences(lea):
    client = client_for(lea)
    page = client.get("/me/cv/").content.decode()
    assert "Kitchen helper" in page and "Camp leader" in page and "Football captain" in page
    assert "A draft I keep" not in page.split('class="cv"')[1]
    assert "/static/tremplin/cv.css" in page and "/static/tremplin/print.js" in page
    assert "@media print" in Path(finders.find("tremplin/cv.css")).read_text()
    assert "I helped the cook" in page
    kitchen = lea.experiences.get(published__title="Kitchen helper")
    page = client.get(f"/me/cv/?experience={kitchen.pk}").content.decode()
    cv = page.split('class="cv"')[1]
    assert "Kitchen helper" in cv and "Camp leader" not in cv


def test_cv_is_the_viewers_own(lea, member):
    page = client_for(member).get("/me/cv/").content.decode()
    assert "Kitchen helper" not in page
    assert client_for(None).get("/me/cv/").status_code == 302


def test_the_export_names_the_actor_other_nodes_know_me_by(lea):
    """The new node checks aliases against it: it must be the actor id we federate."""
    from federation.protocol import ids

    data = download(client_for(lea), "/me/export/")
    assert data["actor"] == ids.actor_uri(lea)
