from django.urls import path, re_path

from profiles.views import api, editor, follows, guardian, public, territories

app_name = "profiles"
# "name" for this node's people, "name@node" (node may carry a port) for the others.
NAME = r"(?P<handle>[A-Za-z0-9_.-]{1,64}(?:@[A-Za-z0-9.-]{1,253}(?::\d{1,5})?)?)"
HANDLE = rf"@{NAME}"

urlpatterns = [
    path("explore/", public.browse_page, name="browse"),
    path("people/", public.people_page, name="people"),
    path("territories/", territories.territories_page, name="territories"),
    path("tags/", public.tag_index, name="tags"),
    path("tags/suggest.json", api.tag_suggestions, name="tag-suggest"),
    path("tags/<slug:slug>/", public.tag_page, name="tag"),
    path("me/", editor.profile_editor, name="my-profile"),
    path("me/publish/", editor.publish_profile, name="my-profile-publish"),
    path("me/settings/", editor.profile_settings, name="my-settings"),
    path("me/avatar/", editor.upload_avatar, name="my-avatar"),
    path("me/counsellors/", editor.add_counsellor, name="counsellor-add"),
    path("me/followers/", follows.my_followers, name="my-followers"),
    path("me/followers/<int:pk>/", follows.answer_follower, name="follower-answer"),
    path("me/counsellors/<int:pk>/remove/", editor.remove_counsellor, name="counsellor-remove"),
    path("me/guardian-consent/", guardian.my_guardian_consent, name="guardian-consent"),
    path(
        "me/guardian-consent/print/",
        guardian.print_guardian_consent,
        name="guardian-consent-print",
    ),
    path("guardian-consent/", guardian.enter_code, name="guardian-consent-enter"),
    path(
        "guardian-consent/<str:code>/",
        guardian.complete_guardian_consent,
        name="guardian-consent-complete",
    ),
    path("me/experiences/", editor.my_experiences, name="my-experiences"),
    path("me/people/", editor.counselled_people, name="counselled"),
    path("me/experiences/new/", editor.experience_editor, name="experience-new"),
    path("me/experiences/<int:pk>/", editor.experience_editor, name="experience-edit"),
    path("me/experiences/<int:pk>/publish/", editor.publish_experience, name="experience-publish"),
    path(
        "me/experiences/<int:pk>/unpublish/",
        editor.unpublish_experience,
        name="experience-unpublish",
    ),
    path("me/experiences/<int:pk>/delete/", editor.delete_experience, name="experience-delete"),
    path("me/experiences/<int:pk>/history/", editor.experience_history, name="experience-history"),
    path("api/experiences/", api.experiences_api, name="api-experiences"),
    re_path(rf"^api/people/{NAME}/$", api.profile_api, name="api-profile"),
    re_path(rf"^{HANDLE}/$", public.profile_page, name="profile"),
    re_path(rf"^{HANDLE}/feed/$", public.ProfileFeed(), name="profile-feed"),
    re_path(rf"^{HANDLE}/follow/$", follows.follow, name="follow"),
    re_path(rf"^{HANDLE}/unfollow/$", follows.unfollow, name="unfollow"),
    re_path(rf"^{HANDLE}/experiences/(?P<pk>\d+)/$", public.experience_page, name="experience"),
    re_path(rf"^{HANDLE}/experiences/(?P<pk>\d+)/draft/$", editor.draft_preview, name="draft"),
]
