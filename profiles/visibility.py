"""The visibility ladder: private < node members < followers < public."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.IntegerChoices):
    PRIVATE = 0, _("Only me and my counsellors")
    MEMBERS = 1, _("People with an account on this node")
    FOLLOWERS = 2, _("My followers and this node's members")
    PUBLIC = 3, _("Everyone, on the whole federation")
