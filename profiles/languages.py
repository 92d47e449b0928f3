"""Languages a text can be written in and languages a person speaks."""

from django.utils.translation import gettext_lazy as _

# The interface speaks the pilot's six languages; texts may be in a few more,
# because young people write in the language they are at ease in.
TEXT_LANGUAGES = [
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ca", _("Catalan")),
    ("it", _("Italian")),
    ("ro", _("Romanian")),
    ("en", _("English")),
    ("de", _("German")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("br", _("Breton")),
    ("eu", _("Basque")),
    ("pl", _("Polish")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
TEXT_LANGUAGE_CODES = {code for code, _label in TEXT_LANGUAGES}
# The pilot's six languages: the interface's and the vocabulary's.
INTERFACE_LANGUAGES = TEXT_LANGUAGES[:6]
VOCABULARY_LANGUAGES = [code for code, _label in INTERFACE_LANGUAGES]


def language_name(code: str) -> str:
    return str(dict(TEXT_LANGUAGES).get(code, code))
