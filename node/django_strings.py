"""Django's own messages a person can meet on our pages, so that our catalogues hold them.

Django's French catalogue says "vous" ("Assurez-vous que...", "Votre mot de passe...");
Tremplin says "tu" everywhere. `makemessages` collects these msgids (exact copies of
Django's) into node/locale, where translators write our own forms, and our LOCALE_PATHS
win over Django's catalogues. Until a language has its own form, Django's text is shown.
Nothing imports this module: the calls are only marks for `makemessages`.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Form fields (django.forms, django.core.validators): every form of the node.
FORM_FIELDS = [
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid integer."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("Please either submit a file or check the clear checkbox, not both."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
]

# Log-in, password reset and change, password validators (django.contrib.auth).
PASSWORDS = [
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and "
        "@/./+/-/_ characters."
    ),
    gettext_noop("Enter new password"),
]

# Django 5.2's own texts its Catalan, Italian or Romanian catalogues lack (checked against
# Django 5.2.19): without ours they would show in the node's language (French), the
# fallback of every catalogue (decision XXXX).
MISSING_IN_DJANGO = [
    gettext_noop("Enter a valid domain name."),
    gettext_noop("“%(pk)s” is not a valid value."),
]

# With a number: one form per plural.
COUNTED = [
    # Missing in Django's Catalan, Italian and Romanian catalogues (see MISSING_IN_DJANGO).
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "n",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "n",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "n",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "n",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "n",
    ),
]
