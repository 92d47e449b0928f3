"""A person's published experiences as a JSON Resume (https://jsonresume.org/schema).

Mapping: jobs, internships, apprenticeships, summer and odd jobs are `work`;
volunteering, associative and humanitarian work are `volunteer`; every other kind
(school project, sport, travel, artistic, family help, other) is a `project`, whose
`type` says which. Skills are the vocabulary concepts of the tags (one skill per
concept, its label in the person's language), languages those the profile lists.
Only what is published and chosen for the CV goes out: it is meant to be shared.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from profiles.languages import language_name
from profiles.models import Experience, ExperienceKind, ExperienceRevision, Profile

SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
WORK = {
    ExperienceKind.JOB,
    ExperienceKind.INTERNSHIP,
    ExperienceKind.APPRENTICESHIP,
    ExperienceKind.SUMMER_JOB,
    ExperienceKind.ODD_JOB,
}
VOLUNTEER = {ExperienceKind.VOLUNTEERING, ExperienceKind.ASSOCIATIVE, ExperienceKind.HUMANITARIAN}


def _date(year: int | None, month: int | None) -> str | None:
    if not year:
        return None
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _dates(revision: ExperienceRevision) -> dict[str, str]:
    dates = {
        "startDate": _date(revision.start_year, revision.start_month),
        "endDate": _date(revision.end_year, revision.end_month),
    }
    return {key: value for key, value in dates.items() if value}


def _highlights(revision: ExperienceRevision) -> list[str]:
    return [
        text for text in (revision.responsibilities, revision.motivation, revision.learned) if text
    ]


def entry(revision: ExperienceRevision, url: str) -> tuple[str, dict[str, Any]]:
    """(section, item) for one published revision."""
    highlights = _highlights(revision)
    if revision.kind in WORK:
        item = {
            "name": revision.organisation,
            "position": revision.title,
            "location": revision.place,
        }
        section = "work"
    elif revision.kind in VOLUNTEER:
        item = {"organization": revision.organisation, "position": revision.title}
        section = "volunteer"
    else:
        item = {
            "name": revision.title,
            "description": revision.what_i_did,
            "entity": revision.organisation,
            "type": revision.kind,
            "keywords": [tag.text for tag in revision.tags.all()],
        }
        return "projects", {
            **{k: v for k, v in item.items() if v},
            **_dates(revision),
            "highlights": highlights,
            "url": url,
        }
    item.update(_dates(revision))
    item["summary"] = revision.what_i_did
    item["highlights"] = highlights
    item["url"] = url
    return section, {k: v for k, v in item.items() if v or k == "highlights"}


def skills(experiences: list[Experience], language: str) -> list[dict[str, Any]]:
    """One skill per vocabulary concept, with the words the person used as keywords."""
    found: dict[str, dict[str, Any]] = {}
    for item in experiences:
        for tag in item.published.tags.all():
            if tag.concept is None:
                continue
            labels = tag.concept.labels or {}
            name = labels.get(language) or labels.get("en") or tag.concept.slug
            skill = found.setdefault(tag.concept.slug, {"name": name, "keywords": []})
            if tag.text not in skill["keywords"]:
                skill["keywords"].append(tag.text)
    return list(found.values())


def resume(profile: Profile, experiences: list[Experience]) -> dict[str, Any]:
    """The document for the experiences chosen (published ones of `profile`)."""
    words = profile.published
    language = words.language if words else "fr"
    base = f"{settings.TREMPLIN_SCHEME}://{settings.TREMPLIN_DOMAIN}"
    basics: dict[str, Any] = {
        "name": profile.display_name,
        "url": base + profile.get_absolute_url(),
        "profiles": [
            {
                "network": "Tremplin",
                "username": profile.fediverse_handle,
                "url": base + profile.get_absolute_url(),
            }
        ],
    }
    if words:
        if words.headline:
            basics["label"] = words.headline
        if words.about:
            basics["summary"] = words.about
        if words.territory:
            basics["location"] = {"region": words.territory}
    document: dict[str, Any] = {
        "$schema": SCHEMA_URL,
        "basics": basics,
        "work": [],
        "volunteer": [],
        "projects": [],
    }
    for item in experiences:
        section, data = entry(item.published, base + item.get_absolute_url())
        document[section].append(data)
    document["skills"] = skills(experiences, language)
    document["languages"] = [
        {"language": language_name(code)} for code in (words.languages_spoken if words else [])
    ]
    document["meta"] = {"canonical": base + profile.get_absolute_url(), "version": "v1.0.0"}
    return document
