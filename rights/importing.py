"""Importing the export of another node: my experiences come with me when I move.

Each experience's published revision is checked by the same form as the editor (a
file is input like any other), then saved and published here with its tags and its
visibility (never above what the person may use today). The profile's published
words are taken the same way. Drafts, history and relations stay behind: follows
move through ActivityPub `Move`, the rest is the old node's to keep or delete.
All or nothing: one bad experience refuses the whole file, nothing stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profiles import publishing
from profiles.forms import ExperienceForm, ProfileDraftForm
from profiles.models import Profile
from profiles.publishing import EXPERIENCE_FIELDS
from profiles.visibility import Visibility
from rights.export import FORMAT

MAX_BYTES = 2 * 1024 * 1024
MAX_EXPERIENCES = 500


@dataclass(frozen=True)
class Imported:
    experiences: int
    profile: bool


def read(raw: bytes) -> dict[str, Any]:
    """The export document, or ValidationError saying what is wrong with the file."""
    if len(raw) > MAX_BYTES:
        raise ValidationError(_("This file is too large for an export (2 MB at most)."))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValidationError(_("This file is not a Tremplin export (not JSON).")) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("This file is not a Tremplin export."))
    if not isinstance(data.get("experiences", []), list):
        raise ValidationError(_("This export's experiences cannot be read."))
    if len(data.get("experiences", [])) > MAX_EXPERIENCES:
        raise ValidationError(_("This export has too many experiences."))
    return data


def _visibility(owner: Profile, value: Any) -> int:
    visibility = value if value in Visibility.values else owner.default_visibility
    return min(visibility, owner.highest_visibility())


def _experience_form(revision: dict[str, Any]) -> ExperienceForm:
    fields = {name: revision.get(name) for name in EXPERIENCE_FIELDS}
    fields = {key: ("" if value is None else value) for key, value in fields.items()}
    fields["ongoing"] = revision.get("end_year") is None
    tags = revision.get("tags") if isinstance(revision.get("tags"), list) else []
    fields["tags"] = ", ".join(str(tag.get("text", "")) for tag in tags if isinstance(tag, dict))[
        :1000
    ]
    return ExperienceForm(data=fields, publishing=True)


@transaction.atomic
def import_export(owner: Profile, data: dict[str, Any]) -> Imported:
    """Store the published experiences and profile words of `data` for `owner`."""
    checked: list[tuple[dict[str, Any], int]] = []
    for number, item in enumerate(data.get("experiences", []), start=1):
        if not isinstance(item, dict) or not isinstance(item.get("published"), dict):
            continue  # never published: a draft stays on the old node
        form = _experience_form(item["published"])
        if not form.is_valid():
            first = next(iter(form.errors.values()))[0]
            raise ValidationError(
                _("Experience %(number)d of the file cannot be imported: %(error)s")
                % {"number": number, "error": first}
            )
        checked.append((form.cleaned_data, _visibility(owner, item.get("visibility"))))
    words = (
        (data.get("profile") or {}).get("published")
        if isinstance(data.get("profile"), dict)
        else None
    )
    took_profile = False
    if isinstance(words, dict):
        form = ProfileDraftForm(
            data={
                "display_name": words.get("display_name") or owner.handle,
                "headline": words.get("headline") or "",
                "about": words.get("about") or "",
                "territory": words.get("territory") or "",
                "languages_spoken": words.get("languages_spoken") or [],
                "language": words.get("language") or "fr",
            }
        )
        if not form.is_valid():
            first = next(iter(form.errors.values()))[0]
            raise ValidationError(
                _("The profile of the file cannot be imported: %(error)s") % {"error": first}
            )
        publishing.save_profile_draft(owner, form.cleaned_data)
        profile_visibility = (data.get("profile") or {}).get("visibility")
        publishing.publish_profile(owner, _visibility(owner, profile_visibility))
        took_profile = True
    for cleaned, visibility in checked:
        experience = publishing.save_experience_draft(owner, None, cleaned, cleaned["all_tags"])
        # They were published, profile included, on the old node: the profile goes with them.
        publishing.publish_experience(experience, visibility, publish_profile=True)
    return Imported(experiences=len(checked), profile=took_profile)
