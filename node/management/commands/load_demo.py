"""`tremplin load_demo`: a few demo people and experiences, to try the node."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from node.accounts.models import User
from node.accounts.signup import create_account
from node.demo import DEMO_PASSWORD, PEOPLE, load_organisation
from profiles import counsellors, publishing
from profiles.models import Profile
from profiles.visibility import Visibility


class Command(BaseCommand):
    help = "Load demo people and experiences (skips people that already exist)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        for person in PEOPLE:
            if User.objects.filter(username=person["handle"]).exists():
                continue
            year, month = person["birth"] or (None, None)
            user = create_account(
                {
                    "username": person["handle"],
                    "email": f"{person['handle']}@example.org",
                    # The counsellor role is granted (below), never chosen at sign-up.
                    "role": "young" if person["role"] == "counsellor" else person["role"],
                    "birth_year": year,
                    "birth_month": month,
                    "display_name": person["name"],
                },
                DEMO_PASSWORD,
            )
            profile = user.profile
            if person["role"] == "counsellor":
                counsellors.grant(profile, how="demo data")
            publishing.save_profile_draft(
                profile,
                {
                    "display_name": person["name"],
                    "headline": person["headline"],
                    "about": "",
                    "territory": person["territory"],
                    "languages_spoken": [person["lang"]],
                    "language": person["lang"],
                },
            )
            publishing.publish_profile(profile, Visibility.PUBLIC)
            for item in person["experiences"]:
                end = item["end"] or (None, None)
                data = {
                    "kind": item["kind"],
                    "title": item["title"],
                    "organisation": item["organisation"],
                    "place": item["place"],
                    "start_year": item["start"][0],
                    "start_month": item["start"][1],
                    "end_year": end[0],
                    "end_month": end[1],
                    "what_i_did": item["what_i_did"],
                    "responsibilities": item["responsibilities"],
                    "motivation": item["motivation"],
                    "learned": item["learned"],
                    "language": person["lang"],
                }
                experience = publishing.save_experience_draft(profile, None, data, item["tags"])
                publishing.publish_experience(experience, Visibility.PUBLIC)
            created += 1
        counsellor = Profile.objects.filter(handle="sophie").first()
        young = Profile.objects.filter(handle="lea").first()
        if counsellor and young and counsellors.is_granted(counsellor):
            counsellors.choose(young, counsellor)
        if load_organisation():
            self.stdout.write("demo data: one organisation with two open offers")
        self.stdout.write(
            f"demo data: {created} people created; each logs in with password {DEMO_PASSWORD!r}"
        )
