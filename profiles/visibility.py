"""The visibility ladder: only me < me and my counsellors < node members < followers < public.

"Only me" was added below "private" with a negative value, so the stored values of the
other levels never changed and every `visibility__gte` comparison still holds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.IntegerChoices):
    ONLY_ME = -1, _("Only me")
    PRIVATE = 0, _("Only me and my counsellors")
    MEMBERS = 1, _("People with an account on this node")
    FOLLOWERS = 2, _("My followers and this node's members")
    PUBLIC = 3, _("Everyone, on the whole federation")
