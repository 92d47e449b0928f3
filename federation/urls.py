from django.urls import path, re_path

from federation.views import activities, comments, discovery, inbox, interaction, objects

app_name = "federation"
HANDLE = r"@(?P<handle>[A-Za-z0-9_]{1,30})"

urlpatterns = [
    path(".well-known/webfinger", discovery.webfinger, name="webfinger"),
    path(".well-known/host-meta", discovery.host_meta, name="host-meta"),
    path(".well-known/nodeinfo", discovery.nodeinfo_links, name="nodeinfo-links"),
    path("nodeinfo/2.1", discovery.nodeinfo, name="nodeinfo"),
    path("nodeinfo/2.0", discovery.nodeinfo_20, name="nodeinfo-20"),
    path("ns/tremplin/", objects.context, name="context"),
    path(
        "authorize_interaction",
        interaction.authorize_interaction,
        name="authorize-interaction",
    ),
    path("actor/", objects.instance_actor, name="instance-actor"),
    path("actor/inbox/", inbox.inbox, name="instance-inbox"),
    re_path(r"^actor/(?P<name>outbox|followers|following)/$", objects.instance_collection),
    path("inbox/", inbox.inbox, name="shared-inbox"),
    re_path(rf"^{HANDLE}/inbox/$", inbox.inbox, name="inbox"),
    re_path(rf"^{HANDLE}/outbox/$", objects.outbox, name="outbox"),
    re_path(rf"^{HANDLE}/followers/$", objects.followers, name="followers"),
    re_path(rf"^{HANDLE}/following/$", objects.following, name="following"),
    re_path(rf"^{HANDLE}/featured/$", objects.featured, name="featured"),
    path("comments/<int:pk>/", comments.comment, name="comment"),
    path("activities/<uuid:key>/", activities.activity, name="activity"),
    re_path(
        rf"^{HANDLE}/experiences/(?P<pk>\d{{1,18}})/(?P<collection>likes|shares)/$",
        objects.reactions_collection,
        name="experience-reactions",
    ),
    re_path(
        r"^offers/(?P<offer_pk>\d{1,18})/(?P<collection>likes|shares)/$",
        objects.reactions_collection,
        name="offer-reactions",
    ),
]
