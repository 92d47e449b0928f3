"""What a peer's HTML becomes: characters escaped once, no script, links that cannot harm."""

from federation.protocol.remote_html import plain_text, safe_html

MASTODON = (
    '<p>J&#39;ai fini mon stage en R&amp;D&nbsp;!<br />Merci <span class="h-card">'
    '<a href="https://masto.example/@ana" class="u-url mention">@<span>ana</span></a></span>'
    ' <a href="https://masto.example/tags/stage" class="mention hashtag" rel="tag">#<span>stage'
    "</span></a></p><p>Deuxième paragraphe</p>"
)


def test_entities_become_characters_once_and_line_breaks_separate_words():
    text = plain_text(MASTODON)
    assert text.startswith("J'ai fini mon stage en R&D\xa0!\nMerci @ana #stage")
    assert "Deuxième paragraphe" in text
    assert "&amp;" not in text and "&#39;" not in text


def test_a_script_and_its_text_are_dropped():
    assert plain_text("<p>Bonjour</p><script>alert('x')</script>") == "Bonjour"
    html = safe_html("<p>Bonjour<script>steal()</script><style>p{}</style></p>")
    assert "steal" not in html and "<script" not in html and "p{}" not in html


def test_links_are_kept_with_a_rel_that_gives_no_credit_or_opener():
    html = safe_html('<p><a href="https://ex.example/" target="_blank" onclick="x()">lien</a></p>')
    assert 'rel="nofollow noopener ugc"' in html
    assert "onclick" not in html and "target" not in html


def test_mentions_and_hashtags_keep_their_classes_other_markup_goes():
    html = safe_html(MASTODON + '<img src="https://evil.example/x.png"><b class="x">gras</b>')
    assert 'class="u-url mention"' in html and 'class="mention hashtag"' in html
    assert "<img" not in html and "<b class" not in html and "gras" in html


def test_javascript_urls_are_not_links():
    assert "javascript" not in safe_html('<a href="javascript:alert(1)">x</a>')


def test_anything_but_a_string_is_empty():
    assert plain_text(None) == "" and safe_html({"x": 1}) == ""
