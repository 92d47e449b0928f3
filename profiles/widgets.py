"""A <select> rendered in Python: Django renders each <option> through a template,
which made the experience editor's date fields most of its cost (bench/RESULTS.md)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class FastSelect(forms.Select):
    """Same HTML as forms.Select for flat choices, without a template per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class ExplainedRadioSelect(forms.RadioSelect):
    """Radio buttons each followed by a one-sentence explanation (who sees what)."""

    def __init__(self, explanations: dict[Any, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.explanations = explanations

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<div><label for="{}"><input type="radio" name="{}" value="{}"{}> {}</label>'
            ' <span class="helptext">{}</span></div>',
            (
                (
                    option["attrs"].get("id", ""),
                    option["name"],
                    option["value"],
                    flatatt(option["attrs"]),
                    option["label"],
                    self.explanations.get(option["value"], ""),
                )
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<div id="{}">{}</div>', widget["attrs"].get("id", ""), options)
