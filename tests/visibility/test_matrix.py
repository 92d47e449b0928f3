"""Visibility, proven: every level x every kind of viewer x every way to reach an item.

The three tables below ARE the specification. Each line is one (owner, level, way); each
column one kind of viewer. The tests build a small world for each (owner, level) through
the domain services, then ask every way as every viewer and compare with the table.

Owners: "adult" of this node; "minor" of this node whose guardian's consent is missing
(given, then withdrawn: nothing of theirs may leave "private"); "remote", a person of
another node whose item reached us (only "public" and "followers" ever arrive).
Levels are those of profiles.visibility; the owner's profile is published at the same level.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from federation.models import Delivery, DomainRule
from federation.protocol import ids
from node.accounts.models import NodeSettings
from profiles.models import Follow, FollowState
from profiles.visibility import Visibility
from tests.conftest import make_experience, make_person
from tests.federation.test_authorized_fetch import make_peer_actor, signed_get, unsigned_get
from tests.visibility import world

pytestmark = pytest.mark.django_db
LEVELS = {
    "public": Visibility.PUBLIC,
    "followers": Visibility.FOLLOWERS,
    "members": Visibility.MEMBERS,
    "private": Visibility.PRIVATE,
    "only_me": Visibility.ONLY_ME,
}

# ---------------------------------------------------------------------------------------------
# 1. People, through the site: is the item's title in what the viewer gets?
#    Y = shown, . = not shown (404, login page, or left out of the list), - = no such viewer.
#    feed: /feed/ (login needed; one's own items are not in one's feed; the organisation's
#    member reads it as the organisation). rss: /@owner/feed/ is for everyone, public only.
#    A local owner's "followers" items are also for this node's members (the level's label).
#    draft: the owner's preview (/@owner/experiences/<pk>/draft/), for the owner and the
#    counsellors they chose; counselled: a counsellor's "People I help" page (/me/people/).
#    "only_me" is for the owner alone: not even a chosen counsellor sees it, by any way.
#    Viewers: anon = not logged in; member = of this node; follower = a member following the
#    owner; chosen = a counsellor the owner chose; other_c = a counsellor not chosen;
#    unconf = someone the owner chose whose counsellor role is not (or no longer) granted
#    by the node (a self-declared counsellor of before, or one whose role was withdrawn);
#    org = a member acting for an organisation that follows the owner; owner = themselves.
PEOPLE = """
owner  level     way         anon member follower chosen other_c unconf org owner
adult  public    experience  Y  Y  Y  Y  Y  Y  Y  Y
adult  public    profile     Y  Y  Y  Y  Y  Y  Y  Y
adult  public    search      Y  Y  Y  Y  Y  Y  Y  Y
adult  public    browse      Y  Y  Y  Y  Y  Y  Y  Y
adult  public    home        Y  Y  Y  Y  Y  Y  Y  Y
adult  public    api_search  Y  Y  Y  Y  Y  Y  Y  Y
adult  public    tag         Y  Y  Y  Y  Y  Y  Y  Y
adult  public    feed        .  Y  Y  Y  Y  Y  Y  .
adult  public    rss         Y  Y  Y  Y  Y  Y  Y  Y
adult  public    api_list    Y  Y  Y  Y  Y  Y  Y  Y
adult  public    api_person  Y  Y  Y  Y  Y  Y  Y  Y
adult  public    draft       .  .  .  Y  .  .  .  Y
adult  public    counselled  .  .  .  Y  .  .  .  .
adult  followers experience  .  Y  Y  Y  Y  Y  Y  Y
adult  followers profile     .  Y  Y  Y  Y  Y  Y  Y
adult  followers search      .  Y  Y  Y  Y  Y  Y  Y
adult  followers browse      .  Y  Y  Y  Y  Y  Y  Y
adult  followers home        .  Y  Y  Y  Y  Y  Y  Y
adult  followers api_search  .  Y  Y  Y  Y  Y  Y  Y
adult  followers tag         .  Y  Y  Y  Y  Y  Y  Y
adult  followers feed        .  Y  Y  Y  Y  Y  Y  .
adult  followers rss         .  .  .  .  .  .  .  .
adult  followers api_list    .  Y  Y  Y  Y  Y  Y  Y
adult  followers api_person  .  Y  Y  Y  Y  Y  Y  Y
adult  followers draft       .  .  .  Y  .  .  .  Y
adult  followers counselled  .  .  .  Y  .  .  .  .
adult  members   experience  .  Y  Y  Y  Y  Y  Y  Y
adult  members   profile     .  Y  Y  Y  Y  Y  Y  Y
adult  members   search      .  Y  Y  Y  Y  Y  Y  Y
adult  members   browse      .  Y  Y  Y  Y  Y  Y  Y
adult  members   home        .  Y  Y  Y  Y  Y  Y  Y
adult  members   api_search  .  Y  Y  Y  Y  Y  Y  Y
adult  members   tag         .  Y  Y  Y  Y  Y  Y  Y
adult  members   feed        .  Y  Y  Y  Y  Y  Y  .
adult  members   rss         .  .  .  .  .  .  .  .
adult  members   api_list    .  Y  Y  Y  Y  Y  Y  Y
adult  members   api_person  .  Y  Y  Y  Y  Y  Y  Y
adult  members   draft       .  .  .  Y  .  .  .  Y
adult  members   counselled  .  .  .  Y  .  .  .  .
adult  private   experience  .  .  .  Y  .  .  .  Y
adult  private   profile     .  .  .  Y  .  .  .  Y
adult  private   search      .  .  .  Y  .  .  .  Y
adult  private   browse      .  .  .  Y  .  .  .  Y
adult  private   home        .  .  .  Y  .  .  .  Y
adult  private   api_search  .  .  .  Y  .  .  .  Y
adult  private   tag         .  .  .  Y  .  .  .  Y
adult  private   feed        .  .  .  Y  .  .  .  .
adult  private   rss         .  .  .  .  .  .  .  .
adult  private   api_list    .  .  .  Y  .  .  .  Y
adult  private   api_person  .  .  .  Y  .  .  .  Y
adult  private   draft       .  .  .  Y  .  .  .  Y
adult  private   counselled  .  .  .  Y  .  .  .  .
adult  only_me   experience  .  .  .  .  .  .  .  Y
adult  only_me   profile     .  .  .  .  .  .  .  Y
adult  only_me   search      .  .  .  .  .  .  .  Y
adult  only_me   browse      .  .  .  .  .  .  .  Y
adult  only_me   home        .  .  .  .  .  .  .  Y
adult  only_me   api_search  .  .  .  .  .  .  .  Y
adult  only_me   tag         .  .  .  .  .  .  .  Y
adult  only_me   feed        .  .  .  .  .  .  .  .
adult  only_me   rss         .  .  .  .  .  .  .  .
adult  only_me   api_list    .  .  .  .  .  .  .  Y
adult  only_me   api_person  .  .  .  .  .  .  .  Y
adult  only_me   draft       .  .  .  .  .  .  .  Y
adult  only_me   counselled  .  .  .  .  .  .  .  .
minor  public    experience  .  .  .  Y  .  .  .  Y
minor  public    profile     .  .  .  Y  .  .  .  Y
minor  public    search      .  .  .  Y  .  .  .  Y
minor  public    browse      .  .  .  Y  .  .  .  Y
minor  public    home        .  .  .  Y  .  .  .  Y
minor  public    api_search  .  .  .  Y  .  .  .  Y
minor  public    tag         .  .  .  Y  .  .  .  Y
minor  public    feed        .  .  .  Y  .  .  .  .
minor  public    rss         .  .  .  .  .  .  .  .
minor  public    api_list    .  .  .  Y  .  .  .  Y
minor  public    api_person  .  .  .  Y  .  .  .  Y
minor  public    draft       .  .  .  Y  .  .  .  Y
minor  public    counselled  .  .  .  Y  .  .  .  .
minor  followers experience  .  .  .  Y  .  .  .  Y
minor  followers profile     .  .  .  Y  .  .  .  Y
minor  followers search      .  .  .  Y  .  .  .  Y
minor  followers browse      .  .  .  Y  .  .  .  Y
minor  followers home        .  .  .  Y  .  .  .  Y
minor  followers api_search  .  .  .  Y  .  .  .  Y
minor  followers tag         .  .  .  Y  .  .  .  Y
minor  followers feed        .  .  .  Y  .  .  .  .
minor  followers rss         .  .  .  .  .  .  .  .
minor  followers api_list    .  .  .  Y  .  .  .  Y
minor  followers api_person  .  .  .  Y  .  .  .  Y
minor  followers draft       .  .  .  Y  .  .  .  Y
minor  followers counselled  .  .  .  Y  .  .  .  .
minor  members   experience  .  .  .  Y  .  .  .  Y
minor  members   profile     .  .  .  Y  .  .  .  Y
minor  members   search      .  .  .  Y  .  .  .  Y
minor  members   browse      .  .  .  Y  .  .  .  Y
minor  members   home        .  .  .  Y  .  .  .  Y
minor  members   api_search  .  .  .  Y  .  .  .  Y
minor  members   tag         .  .  .  Y  .  .  .  Y
minor  members   feed        .  .  .  Y  .  .  .  .
minor  members   rss         .  .  .  .  .  .  .  .
minor  members   api_list    .  .  .  Y  .  .  .  Y
minor  members   api_person  .  .  .  Y  .  .  .  Y
minor  members   draft       .  .  .  Y  .  .  .  Y
minor  members   counselled  .  .  .  Y  .  .  .  .
minor  private   experience  .  .  .  Y  .  .  .  Y
minor  private   profile     .  .  .  Y  .  .  .  Y
minor  private   search      .  .  .  Y  .  .  .  Y
minor  private   browse      .  .  .  Y  .  .  .  Y
minor  private   home        .  .  .  Y  .  .  .  Y
minor  private   api_search  .  .  .  Y  .  .  .  Y
minor  private   tag         .  .  .  Y  .  .  .  Y
minor  private   feed        .  .  .  Y  .  .  .  .
minor  private   rss         .  .  .  .  .  .  .  .
minor  private   api_list    .  .  .  Y  .  .  .  Y
minor  private   api_person  .  .  .  Y  .  .  .  Y
minor  private   draft       .  .  .  Y  .  .  .  Y
minor  private   counselled  .  .  .  Y  .  .  .  .
minor  only_me   experience  .  .  .  .  .  .  .  Y
minor  only_me   profile     .  .  .  .  .  .  .  Y
minor  only_me   search      .  .  .  .  .  .  .  Y
minor  only_me   browse      .  .  .  .  .  .  .  Y
minor  only_me   home        .  .  .  .  .  .  .  Y
minor  only_me   api_search  .  .  .  .  .  .  .  Y
minor  only_me   tag         .  .  .  .  .  .  .  Y
minor  only_me   feed        .  .  .  .  .  .  .  .
minor  only_me   rss         .  .  .  .  .  .  .  .
minor  only_me   api_list    .  .  .  .  .  .  .  Y
minor  only_me   api_person  .  .  .  .  .  .  .  Y
minor  only_me   draft       .  .  .  .  .  .  .  Y
minor  only_me   counselled  .  .  .  .  .  .  .  .
remote public    experience  Y  Y  Y  Y  Y  Y  Y  -
remote public    profile     Y  Y  Y  Y  Y  Y  Y  -
remote public    search      Y  Y  Y  Y  Y  Y  Y  -
remote public    browse      Y  Y  Y  Y  Y  Y  Y  -
remote public    home        Y  Y  Y  Y  Y  Y  Y  -
remote public    api_search  Y  Y  Y  Y  Y  Y  Y  -
remote public    tag         Y  Y  Y  Y  Y  Y  Y  -
remote public    feed        .  Y  Y  Y  Y  Y  Y  -
remote public    rss         Y  Y  Y  Y  Y  Y  Y  -
remote public    api_list    Y  Y  Y  Y  Y  Y  Y  -
remote public    api_person  Y  Y  Y  Y  Y  Y  Y  -
remote public    draft       .  .  .  .  .  .  .  -
remote public    counselled  .  .  .  .  .  .  .  -
remote followers experience  .  .  Y  .  .  .  .  -
remote followers profile     .  .  Y  .  .  .  .  -
remote followers search      .  .  Y  .  .  .  .  -
remote followers browse      .  .  Y  .  .  .  .  -
remote followers home        .  .  Y  .  .  .  .  -
remote followers api_search  .  .  Y  .  .  .  .  -
remote followers tag         .  .  Y  .  .  .  .  -
remote followers feed        .  .  Y  .  .  .  .  -
remote followers rss         .  .  .  .  .  .  .  -
remote followers api_list    .  .  Y  .  .  .  .  -
remote followers api_person  .  .  Y  .  .  .  .  -
remote followers draft       .  .  .  .  .  .  .  -
remote followers counselled  .  .  .  .  .  .  .  -
"""

# ---------------------------------------------------------------------------------------------
# 2. Other nodes, through ActivityPub GETs, with authorized fetch off, then on.
#    unsigned = no signature (a browser, a crawler); peer = signed by a known actor of
#    peer.example who follows the owner; blocked = signed by a follower on a blocked node.
#    Y = 200 with the item (experience title, or the profile's headline for the actor);
#    . = 200 without it; a number = that status, the item absent.
#    Followers-only items reach followers by delivery (table 3), never by a GET.
ACTIVITYPUB = """
owner  level     way         unsigned/off peer/off blocked/off unsigned/on peer/on blocked/on
adult  public    experience  Y    Y    403  401  Y    403
adult  public    actor       Y    Y    403  401  Y    403
adult  public    outbox      Y    Y    403  401  Y    403
adult  followers experience  404  404  403  401  404  403
adult  followers actor       .    .    403  401  .    403
adult  followers outbox      .    .    403  401  .    403
adult  members   experience  404  404  403  401  404  403
adult  members   actor       .    .    403  401  .    403
adult  members   outbox      .    .    403  401  .    403
adult  private   experience  404  404  403  401  404  403
adult  private   actor       .    .    403  401  .    403
adult  private   outbox      .    .    403  401  .    403
adult  only_me   experience  404  404  403  401  404  403
adult  only_me   actor       .    .    403  401  .    403
adult  only_me   outbox      .    .    403  401  .    403
minor  public    experience  404  404  403  401  404  403
minor  public    actor       .    .    403  401  .    403
minor  public    outbox      .    .    403  401  .    403
minor  followers experience  404  404  403  401  404  403
minor  followers actor       .    .    403  401  .    403
minor  followers outbox      .    .    403  401  .    403
minor  members   experience  404  404  403  401  404  403
minor  members   actor       .    .    403  401  .    403
minor  members   outbox      .    .    403  401  .    403
minor  private   experience  404  404  403  401  404  403
minor  private   actor       .    .    403  401  .    403
minor  private   outbox      .    .    403  401  .    403
minor  only_me   experience  404  404  403  401  404  403
minor  only_me   actor       .    .    403  401  .    403
minor  only_me   outbox      .    .    403  401  .    403
"""

# ---------------------------------------------------------------------------------------------
# 3. Federation delivery: which inboxes get the item's Create when it is published.
#    peer = a follower on peer.example; blocked = a follower on a node blocked since it
#    followed; stranger = a known actor of other.example who does not follow.
#    A minor without a guardian's consent cannot publish beyond "private" at all.
DELIVERY = """
owner  level     peer  blocked  stranger
adult  public    Y     .        .
adult  followers Y     .        .
adult  members   .     .        .
adult  private   .     .        .
adult  only_me   .     .        .
minor  public    .     .        .
minor  followers .     .        .
minor  members   .     .        .
minor  private   .     .        .
minor  only_me   .     .        .
"""


def parse(table: str) -> tuple[list[str], dict[tuple[str, ...], dict[str, str]]]:
    """(columns, {row key: {column: cell}}) from one of the tables above."""
    lines = [line.split() for line in table.strip().splitlines()]
    header = lines[0]
    width = next(i for i, name in enumerate(header) if name not in ("owner", "level", "way"))
    keys, columns = header[:width], header[width:]
    rows = {}
    for cells in lines[1:]:
        assert len(cells) == len(header), f"bad table line: {' '.join(cells)}"
        rows[tuple(cells[: len(keys)])] = dict(zip(columns, cells[len(keys) :], strict=True))
    return columns, rows


PEOPLE_COLUMNS, PEOPLE_ROWS = parse(PEOPLE)
AP_COLUMNS, AP_ROWS = parse(ACTIVITYPUB)
DELIVERY_COLUMNS, DELIVERY_ROWS = parse(DELIVERY)


def owner_levels(rows: dict) -> list[tuple[str, str]]:
    return list(dict.fromkeys((key[0], key[1]) for key in rows))


@pytest.fixture(autouse=True)
def fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def people_url(way: str, w: world.World) -> str:
    handle = w.owner.qualified_handle
    return {
        "experience": w.item.get_absolute_url(),
        "profile": f"/@{handle}/",
        "search": "/explore/?q=kitchen",
        "browse": "/explore/",
        "home": "/",
        "api_search": "/api/experiences/?q=kitchen&tag=cooking",
        "tag": "/tags/cooking/",
        "feed": "/feed/",
        "rss": f"/@{handle}/feed/",
        "api_list": "/api/experiences/",
        "api_person": f"/api/people/{handle}/",
        "draft": f"/@{handle}/experiences/{w.item.pk}/draft/",
        "counselled": "/me/people/",
    }[way]


@pytest.mark.parametrize(("owner", "level"), owner_levels(PEOPLE_ROWS))
def test_people_see_exactly_what_the_table_says(owner, level, vocabulary):
    w = world.build(owner, LEVELS[level])
    wrong = []
    for (row_owner, row_level, way), expected in PEOPLE_ROWS.items():
        if (row_owner, row_level) != (owner, level):
            continue
        for viewer, cell in expected.items():
            if cell == "-":
                continue
            params = w.feed_params.get(viewer, {}) if way == "feed" else {}
            response = w.clients[viewer].get(people_url(way, w), params)
            assert response.status_code < 500, (way, viewer)
            seen = world.TITLE.encode() in response.content
            if seen != (cell == "Y"):
                wrong.append(f"{way} as {viewer}: seen={seen}, table says {cell}")
            if way == "experience":
                assert response.status_code == (200 if cell == "Y" else 404), (way, viewer)
    assert not wrong, f"{owner} {level}:\n" + "\n".join(wrong)


def _set_authorized_fetch(on: bool) -> None:
    node = NodeSettings.current()
    node.authorized_fetch = on
    node.save()


def ap_path(way: str, w: world.World) -> str:
    return {
        "experience": w.item.get_absolute_url(),
        "actor": f"/@{w.owner.handle}/",
        "outbox": f"/@{w.owner.handle}/outbox/?page=1",  # items are on the pages
    }[way]


@pytest.mark.parametrize(("owner", "level"), owner_levels(AP_ROWS))
def test_other_nodes_get_exactly_what_the_table_says(owner, level, vocabulary, client):
    w = world.build(owner, LEVELS[level])
    peer_actor = make_peer_actor("peer.example", "rosa")
    blocked_actor = make_peer_actor("blocked.example", "mallory")
    for actor in (peer_actor, blocked_actor):
        Follow.objects.create(follower=actor.profile, followed=w.owner, state=FollowState.ACCEPTED)
    DomainRule.objects.create(domain="blocked.example", rule=DomainRule.BLOCK)
    wrong = []
    for (row_owner, row_level, way), expected in AP_ROWS.items():
        if (row_owner, row_level) != (owner, level):
            continue
        marker = (world.HEADLINE if way == "actor" else world.TITLE).encode()
        for column, cell in expected.items():
            who, mode = column.split("/")
            _set_authorized_fetch(mode == "on")
            path = ap_path(way, w)
            if who == "unsigned":
                response = unsigned_get(client, path)
            else:
                actor = peer_actor if who == "peer" else blocked_actor
                response = signed_get(client, path, key_id=actor.key_id)
            seen = marker in response.content
            status = response.status_code
            got = ("Y" if seen else ".") if status == 200 else str(status)
            if status != 200 and seen:
                got += " (and the item leaked)"
            if got != cell:
                wrong.append(f"{way} {column}: got {got}, table says {cell}")
    assert not wrong, f"{owner} {level}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("owner", "level"), owner_levels(DELIVERY_ROWS))
def test_deliveries_go_exactly_where_the_table_says(
    owner, level, vocabulary, django_capture_on_commit_callbacks
):
    if owner == "adult":
        person = make_person("olivia")
    else:
        person = make_person("mia", birth=(timezone.localdate().year - 12, 1))
    actors = {
        "peer": make_peer_actor("peer.example", "rosa"),
        "blocked": make_peer_actor("blocked.example", "mallory"),
        "stranger": make_peer_actor("other.example", "sam"),
    }
    for name in ("peer", "blocked"):
        Follow.objects.create(
            follower=actors[name].profile, followed=person, state=FollowState.ACCEPTED
        )
    DomainRule.objects.create(domain="blocked.example", rule=DomainRule.BLOCK)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            item = make_experience(person, LEVELS[level], title=world.TITLE)
        uri = ids.experience_uri(item)
    except ValidationError:
        uri = None  # refused: nothing published, nothing to deliver
    inboxes = set(
        Delivery.objects.filter(
            activity__object_uri=uri, activity__activity_type="Create"
        ).values_list("inbox", flat=True)
    )
    expected = DELIVERY_ROWS[(owner, level)]
    got = {name: ("Y" if actors[name].delivery_inbox in inboxes else ".") for name in actors}
    assert got == expected
    assert inboxes <= {actors[name].delivery_inbox for name in actors}, inboxes
