from django.urls import path

from jobs.views import counsellors, offers, organisations

app_name = "jobs"

urlpatterns = [
    path("organisations/", organisations.organisation_list, name="organisations"),
    path("organisations/new/", organisations.organisation_new, name="organisation-new"),
    path("me/organisation/", organisations.my_organisations, name="mine"),
    path("me/organisation/<int:pk>/page/", organisations.showcase_editor, name="showcase-edit"),
    path("me/organisation/<int:pk>/logo/", organisations.upload_logo, name="logo"),
    path("me/organisation/<int:pk>/members/", organisations.add_member, name="member-add"),
    path(
        "me/organisation/<int:pk>/members/<int:member_pk>/role/",
        organisations.change_role,
        name="member-role",
    ),
    path(
        "me/organisation/<int:pk>/members/<int:member_pk>/remove/",
        organisations.remove_member,
        name="member-remove",
    ),
    path("me/organisation/<int:pk>/shown/", organisations.toggle_shown, name="shown"),
    path(
        "me/organisation/<int:pk>/counsellor-invitations/",
        counsellors.issue,
        name="counsellor-invite",
    ),
    path(
        "me/organisation/<int:pk>/counsellor-invitations/<int:invitation_pk>/cancel/",
        counsellors.cancel,
        name="counsellor-invitation-cancel",
    ),
    path(
        "me/organisation/<int:pk>/counsellors/<int:profile_pk>/withdraw/",
        counsellors.withdraw,
        name="counsellor-withdraw",
    ),
    path("me/counsellor-code/", counsellors.redeem, name="counsellor-redeem"),
    path("me/organisation/<int:org>/offers/new/", offers.offer_editor, name="offer-new"),
    path("me/offers/<int:pk>/", offers.offer_editor, name="offer-edit"),
    path("me/offers/<int:pk>/publish/", offers.publish_offer, name="offer-publish"),
    path("me/offers/<int:pk>/close/", offers.close_offer, name="offer-close"),
    path("me/offers/<int:pk>/repost/", offers.repost_offer, name="offer-repost"),
    path("me/offers/<int:pk>/delete/", offers.delete_offer, name="offer-delete"),
    path("offers/", offers.browse_offers, name="offers"),
    path("offers/<int:pk>/", offers.offer_page, name="offer"),
]
