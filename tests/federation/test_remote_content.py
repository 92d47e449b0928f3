"""Reading what peers send, in the shapes real servers send it (Mastodon, Misskey, Pleroma)."""

import datetime

from federation.protocol.remote_content import MAX_ATTACHMENTS, read_content

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"

# A Mastodon 4.x status with a content warning, a mention, a hashtag, an image and a reply.
MASTODON_NOTE = {
    "@context": [
        "https://www.w3.org/ns/activitystreams",
        {"ostatus": "http://ostatus.org#", "sensitive": "as:sensitive", "Hashtag": "as:Hashtag"},
    ],
    "id": "https://masto.example/users/ana/statuses/111",
    "type": "Note",
    "summary": "Stage &amp; recherche",
    "inReplyTo": "https://tremplin.example/@lea/experiences/4/",
    "published": "2024-03-02T10:15:00Z",
    "url": "https://masto.example/@ana/111",
    "attributedTo": "https://masto.example/users/ana",
    "to": [PUBLIC],
    "cc": ["https://masto.example/users/ana/followers"],
    "sensitive": True,
    "content": (
        '<p><span class="h-card"><a href="https://tremplin.example/@lea" class="u-url mention">'
        "@<span>lea</span></a></span> J&#x27;ai fini mon stage en R&amp;D&nbsp;!<br />Merci"
        ' <a href="https://masto.example/tags/Stage" class="mention hashtag" rel="tag">'
        "#<span>Stage</span></a></p>"
    ),
    "contentMap": {
        "fr": (
            '<p><span class="h-card"><a href="https://tremplin.example/@lea" class="u-url mention">'
            "@<span>lea</span></a></span> J&#x27;ai fini mon stage en R&amp;D&nbsp;!<br />Merci"
            ' <a href="https://masto.example/tags/Stage" class="mention hashtag" rel="tag">'
            "#<span>Stage</span></a></p>"
        )
    },
    "attachment": [
        {
            "type": "Document",
            "mediaType": "image/jpeg",
            "url": "https://files.masto.example/media/1/original/a.jpg",
            "name": "L&#39;atelier, vu de l'entrée",
            "blurhash": "UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH",
            "width": 1200,
            "height": 800,
        }
    ],
    "tag": [
        {
            "type": "Mention",
            "href": "https://tremplin.example/@lea",
            "name": "@lea@tremplin.example",
        },
        {"type": "Hashtag", "href": "https://masto.example/tags/stage", "name": "#Stage"},
    ],
}

# Misskey: `_misskey_content` is the MFM source, `content` the HTML; a quote by `quoteUri`;
# a single tag object; `contentMap` absent.
MISSKEY_NOTE = {
    "@context": [
        "https://www.w3.org/ns/activitystreams",
        {"_misskey_content": "misskey:_misskey_content"},
    ],
    "id": "https://misskey.example/notes/9qz1",
    "type": "Note",
    "attributedTo": "https://misskey.example/users/9abc",
    "content": (
        '<p><span>Regardez $[x2 ça]<br>RE: </span><a href="https://misskey.example/notes/9qz0">'
        "https://misskey.example/notes/9qz0</a></p>"
    ),
    "_misskey_content": "Regardez $[x2 ça]",
    "_misskey_quote": "https://misskey.example/notes/9qz0",
    "quoteUri": "https://misskey.example/notes/9qz0",
    "published": "2024-05-01T08:00:00.000Z",
    "to": [PUBLIC],
    "cc": ["https://misskey.example/users/9abc/followers"],
    "inReplyTo": None,
    "attachment": [],
    "sensitive": False,
    "tag": {
        "type": "Hashtag",
        "href": "https://misskey.example/tags/apprentissage",
        "name": "#Apprentissage",
    },
}

# Pleroma/Akkoma: contentMap with several languages, `source` with the markdown.
PLEROMA_NOTE = {
    "@context": ["https://www.w3.org/ns/activitystreams", {"@language": "es"}],
    "id": "https://pleroma.example/objects/5c1f",
    "type": "Note",
    "actor": "https://pleroma.example/users/marc",
    "attributedTo": "https://pleroma.example/users/marc",
    "content": "<p>I finished my apprenticeship</p>",
    "contentMap": {
        "en": "<p>I finished my apprenticeship</p>",
        "es": "<p>Terminé mi aprendizaje</p>",
    },
    "source": {"content": "Terminé mi **aprendizaje**", "mediaType": "text/markdown"},
    "summary": "",
    "sensitive": None,
    "inReplyTo": {"id": "https://tremplin.example/@lea/experiences/4/", "type": "Article"},
    "attachment": {
        "type": "Document",
        "mediaType": "application/pdf",
        "url": [
            {
                "type": "Link",
                "mediaType": "application/pdf",
                "href": "https://pleroma.example/media/cv.pdf",
            }
        ],
        "name": "cv.pdf",
    },
    "tag": [],
    "published": "2024-06-01T12:00:00.123456Z",
}


def test_mastodon_entities_are_read_once_and_breaks_become_lines():
    content = read_content(MASTODON_NOTE)
    assert "J'ai fini mon stage en R&D" in content.text
    assert "&#x27;" not in content.text and "&amp;" not in content.text
    assert "R&amp;D" in content.html  # escaped exactly once, as HTML must be
    assert "&amp;amp;" not in content.html
    assert content.text.splitlines()[-1].startswith("Merci")
    assert "<br" in content.html


def test_mastodon_content_warning_tags_reply_and_image_are_kept():
    content = read_content(MASTODON_NOTE)
    assert content.summary == "Stage & recherche"
    assert content.sensitive is True
    assert content.language == "fr"
    assert content.hashtags == ("stage",)
    assert content.mentions == ("https://tremplin.example/@lea",)
    assert content.in_reply_to == "https://tremplin.example/@lea/experiences/4/"
    assert content.published == datetime.datetime(2024, 3, 2, 10, 15, tzinfo=datetime.UTC)
    assert content.attachments == (
        {
            "type": "image",
            "url": "https://files.masto.example/media/1/original/a.jpg",
            "media_type": "image/jpeg",
            "description": "L'atelier, vu de l'entrée",
        },
    )


def test_sensitive_without_a_warning_text_is_still_sensitive():
    content = read_content({**MASTODON_NOTE, "summary": None})
    assert content.summary == "" and content.sensitive is True


def test_no_warning_when_neither_summary_nor_sensitive():
    content = read_content({**MASTODON_NOTE, "summary": "", "sensitive": False})
    assert content.summary == "" and content.sensitive is False


def test_misskey_html_is_read_not_its_mfm_source_and_a_single_tag_object_counts():
    content = read_content(MISSKEY_NOTE)
    assert content.text.startswith("Regardez $[x2 ça]\nRE: https://misskey.example/notes/9qz0")
    assert 'href="https://misskey.example/notes/9qz0"' in content.html
    assert content.hashtags == ("apprentissage",)
    assert content.in_reply_to is None
    assert content.attachments == ()
    assert content.language == ""
    assert content.sensitive is False


def test_pleroma_declared_language_chooses_from_the_content_map():
    content = read_content(PLEROMA_NOTE)
    assert content.language == "es"
    assert content.text == "Terminé mi aprendizaje"
    assert "**" not in content.html  # the markdown source is not what was published


def test_first_language_of_the_map_when_none_is_declared_and_content_is_missing():
    note = {"type": "Note", "contentMap": {"ca-ES": "<p>Bon dia</p>", "es": "<p>Buenos días</p>"}}
    content = read_content(note)
    assert (content.language, content.text) == ("ca", "Bon dia")


def test_content_alone_falls_back_and_its_language_is_found_in_the_map():
    note = {**PLEROMA_NOTE, "@context": "https://www.w3.org/ns/activitystreams"}
    content = read_content(note)
    assert (content.language, content.text) == ("en", "I finished my apprenticeship")


def test_reply_to_an_embedded_object_and_an_attachment_given_as_one_object_with_links():
    content = read_content(PLEROMA_NOTE)
    assert content.in_reply_to == "https://tremplin.example/@lea/experiences/4/"
    assert content.attachments == (
        {
            "type": "document",
            "url": "https://pleroma.example/media/cv.pdf",
            "media_type": "application/pdf",
            "description": "cv.pdf",
        },
    )
    assert content.sensitive is False


def test_script_text_is_dropped_from_both_forms():
    content = read_content(
        {"type": "Note", "content": "<p>Bonjour</p><script>alert('volé')</script>"}
    )
    assert content.text == "Bonjour"
    assert "alert" not in content.html and "<script" not in content.html


def test_attachments_only_over_http_bounded_and_not_profile_fields():
    attachments = [
        {"type": "Image", "url": "javascript:alert(1)"},
        {"type": "Image", "url": "data:image/png;base64,AAAA"},
        {"type": "PropertyValue", "name": "Site", "value": "https://x.example"},
        {"type": "Video", "url": "ftp://files.example/a.mp4"},
    ] + [
        {"type": "Image", "mediaType": "image/png", "url": f"https://cdn.example/{n}.png"}
        for n in range(30)
    ]
    content = read_content({"type": "Note", "content": "x", "attachment": attachments})
    assert len(content.attachments) == MAX_ATTACHMENTS
    assert all(a["url"].startswith("https://cdn.example/") for a in content.attachments)
    assert {a["type"] for a in content.attachments} == {"image"}


def test_a_video_and_an_audio_are_told_apart_by_their_media_type():
    content = read_content(
        {
            "type": "Note",
            "attachment": [
                {"type": "Document", "mediaType": "video/mp4", "url": "https://v.example/a.mp4"},
                {"type": "Audio", "url": "https://v.example/a.ogg"},
                {"type": "Link", "href": "https://v.example/page"},
            ],
        }
    )
    assert [a["type"] for a in content.attachments] == ["video", "audio", "link"]


def test_name_is_plain_text_and_a_hostile_shape_gives_empty_content():
    content = read_content({"type": "Article", "name": "R&amp;D <b>chez nous</b>"})
    assert content.name == "R&D chez nous"
    for hostile in (None, [], "x", {"content": 3, "tag": "x", "attachment": 7, "inReplyTo": 5}):
        empty = read_content(hostile)
        assert empty.html == "" and empty.attachments == () and empty.in_reply_to is None


def test_mentions_keep_only_web_addresses_and_tags_are_bounded():
    tags = [{"type": "Mention", "href": "javascript:x"}] + [
        {"type": "Hashtag", "name": f"#t{n}"} for n in range(500)
    ]
    content = read_content({"type": "Note", "tag": tags})
    assert content.mentions == ()
    assert len(content.hashtags) < 100
