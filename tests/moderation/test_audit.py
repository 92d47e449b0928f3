"""The moderation log: every action leaves an entry, and entries are never changed."""

from __future__ import annotations

import pytest

from moderation.models import AuditEntry, Report
from profiles.models import Experience
from tests.conftest import client_for, make_experience
from tests.moderation.helpers import act, make_staff, report_through_page

pytestmark = pytest.mark.django_db


def test_removing_an_experience_unpublishes_it_and_is_logged(person, member):
    experience = make_experience(person, title="Sale story")
    report_through_page(client_for(member), "experience", experience.pk, "inappropriate")
    staff = make_staff()
    act(staff, Report.objects.get(), "remove", "insults in the text")
    assert Experience.objects.get(pk=experience.pk).published is None
    page = client_for(member).get(f"{person.get_absolute_url()}experiences/{experience.pk}/")
    assert page.status_code == 404
    assert Report.objects.get().state == "resolved"
    assert "No report to look at" in client_for(staff).get("/moderation/").content.decode()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.moderator_name, entry.note) == (
        "remove",
        "modo",
        "insults in the text",
    )


def test_log_entries_cannot_be_changed_nor_deleted_even_in_the_admin(person, member):
    report_through_page(client_for(member), "profile", person.pk)
    staff = make_staff()
    staff.user.is_superuser = True
    staff.user.save()
    act(staff, Report.objects.get(), "dismiss", "not a problem")
    entry = AuditEntry.objects.get()
    entry.note = "rewritten"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    admin = client_for(staff)
    url = f"/admin/moderation/auditentry/{entry.pk}/change/"
    assert admin.get(url).status_code == 200  # readable
    admin.post(url, {"note": "rewritten"})
    delete = f"/admin/moderation/auditentry/{entry.pk}/delete/"
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.get().note == "not a problem"
    assert Report.objects.get().state == "dismissed"


def test_a_message_is_reported_by_its_reader_and_removed_by_the_team(person, member):
    from contact import messaging
    from contact.models import Message
    from jobs import organisations
    from jobs.models import Offer
    from tests.conftest import make_person
    from tests.jobs.conftest import ORGANISATION, make_offer

    owner = make_person("olga", birth=(1980, 5))
    organisation = organisations.create_organisation(owner.user, dict(ORGANISATION))
    conversation = messaging.start_conversation(
        organisation.profile, owner.user, person, None, "Hi", "Send me money", "en"
    )
    message = conversation.messages.get()
    thread = client_for(person).get(f"/me/messages/{conversation.pk}/").content.decode()
    assert f"/report/message/{message.pk}/" in thread
    assert client_for(member).get(f"/report/message/{message.pk}/").status_code == 404
    report_through_page(client_for(person), "message", message.pk, "spam")
    offer = make_offer(organisation)
    offer_page = client_for(member).get(f"/offers/{offer.pk}/").content.decode()
    assert f"/report/offer/{offer.pk}/" in offer_page
    report_through_page(client_for(member), "offer", offer.pk, "spam")

    staff = make_staff()
    for report in Report.objects.all():
        act(staff, report, "remove")
    assert not Message.objects.exists()
    assert Offer.objects.get().state == "closed"
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["remove", "remove"]
