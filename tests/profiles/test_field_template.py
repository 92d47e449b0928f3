"""profiles/_field.html: a screen reader reads each field with its hint and its errors."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse


class Sample(forms.Form):
    email = forms.EmailField(label="Email", help_text="To get a new password.")
    who = forms.ChoiceField(
        label="Who can see it",
        choices=[("me", "Only me"), ("all", "Everyone")],
        widget=forms.RadioSelect,
        help_text="You can change it later.",
    )


def test_a_field_names_its_hint_and_its_errors_and_says_it_is_invalid():
    html = render_to_string("profiles/_field.html", {"field": Sample({"email": "nope"})["email"]})
    assert '<div class="helptext" id="id_email_helptext">To get a new password.</div>' in html
    assert '<ul class="errorlist" id="id_email_error">' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_field_without_errors_names_only_its_hint():
    html = render_to_string("profiles/_field.html", {"field": Sample()["email"]})
    assert 'aria-describedby="id_email_helptext"' in html
    assert "aria-invalid" not in html and "errorlist" not in html


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend():
    html = render_to_string("profiles/_field.html", {"field": Sample({})["who"]})
    assert "<fieldset" in html and "<legend>Who can see it:</legend>" in html
    assert 'aria-describedby="id_who_helptext id_who_error"' in html
    assert html.index("<legend>") < html.index('id="id_who_0"')


def test_the_sign_up_page_lists_its_errors_at_the_top_linked_to_the_fields(client, db):
    page = client.post(
        reverse("signup"), {"username": "a b", "email": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'class="error-summary"' in page
    assert 'href="#id_email">Enter a valid email address.</a>' in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page


class Choice(forms.Form):
    ongoing = forms.BooleanField(label="I still do it", required=False, help_text="Tick it.")


def test_a_lone_checkbox_sits_inside_its_label_so_the_whole_line_can_be_tapped():
    html = render_to_string("profiles/_field.html", {"field": Choice()["ongoing"]})
    label = html.split('<label class="check" for="id_ongoing">', 1)[1].split("</label>", 1)[0]
    assert 'type="checkbox"' in label and "I still do it" in label
    assert 'aria-describedby="id_ongoing_helptext"' in label
