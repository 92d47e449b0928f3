"""Example sentences for each part of a story, matched to the kind of experience.

A blank box asking "what I did" stops many young people (lesson of the pilot: they did
not think a babysitting or a football club "counted"). One short example per part, in
plain words and in the person's language, shows what to write for *this* kind of
experience; the editor shows them as the fields' hints and switches them (with a small
script) when the kind changes.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import ExperienceKind

# Story part -> example, for a new form (no kind chosen yet) and kinds with no set of their own.
GENERAL: dict[str, Promise] = {
    "what_i_did": _("I served customers and kept the place clean."),
    "responsibilities": _("I opened the shop alone on Saturdays."),
    "motivation": _("I liked talking with people and being useful."),
    "learned": _("I learned to stay calm when it was busy."),
}

BY_KIND: dict[str, dict[str, Promise]] = {
    ExperienceKind.JOB: {
        "what_i_did": _("I stacked shelves and helped customers find what they needed."),
        "responsibilities": _("I counted the money in the till at the end of the day."),
        "motivation": _("I liked earning my own money and working in a team."),
        "learned": _("I learned to be on time and to ask when I did not know."),
    },
    ExperienceKind.INTERNSHIP: {
        "what_i_did": _("I watched how the garage worked and helped change tyres."),
        "responsibilities": _("I ordered the parts the mechanics needed."),
        "motivation": _("I wanted to see if this job was for me."),
        "learned": _("I learned the names of the tools and how to work safely."),
    },
    ExperienceKind.APPRENTICESHIP: {
        "what_i_did": _("I baked bread every morning with the baker."),
        "responsibilities": _("I made the dough on my own twice a week."),
        "motivation": _("I like making things with my hands."),
        "learned": _("I learned to follow a recipe exactly and to get up early."),
    },
    ExperienceKind.SUMMER_JOB: {
        "what_i_did": _("I picked fruit on a farm in July and August."),
        "responsibilities": _("I checked the boxes before they left for the market."),
        "motivation": _("I wanted to earn money for my driving licence."),
        "learned": _("I learned to keep going even when it was hot and hard."),
    },
    ExperienceKind.ODD_JOB: {
        "what_i_did": _("I mowed lawns and walked dogs for my neighbours."),
        "responsibilities": _("I planned my own days and kept their keys safe."),
        "motivation": _("I liked being my own boss."),
        "learned": _("I learned to agree on a price and to keep my word."),
    },
    ExperienceKind.VOLUNTEERING: {
        "what_i_did": _("I gave out food at the food bank every Wednesday."),
        "responsibilities": _("I welcomed new volunteers and showed them what to do."),
        "motivation": _("I wanted to help people in my town."),
        "learned": _("I learned to listen and to work with people of all ages."),
    },
    ExperienceKind.FAMILY: {
        "what_i_did": _("I looked after my little brothers after school."),
        "responsibilities": _("I made their dinner and checked their homework."),
        "motivation": _("My parents worked late and needed my help."),
        "learned": _("I learned to organise my time and to stay patient."),
    },
    ExperienceKind.ASSOCIATIVE: {
        "what_i_did": _("I helped the youth club prepare its events."),
        "responsibilities": _("I kept the list of members up to date."),
        "motivation": _("I liked doing things together for my neighbourhood."),
        "learned": _("I learned to speak in meetings and to share the work."),
    },
    ExperienceKind.SCHOOL: {
        "what_i_did": _("With my class, we made a small website for a shop in town."),
        "responsibilities": _("I took care of the photos and the texts."),
        "motivation": _("I liked seeing real people use our work."),
        "learned": _("I learned to work in a group and to finish on time."),
    },
    ExperienceKind.SPORT: {
        "what_i_did": _("I play football in a club and train twice a week."),
        "responsibilities": _("I help the coach with the under-10s on Saturday mornings."),
        "motivation": _("I love the game and the team spirit."),
        "learned": _("I learned to lose, to win and to keep trying."),
    },
    ExperienceKind.TRAVEL: {
        "what_i_did": _("I travelled around Spain by train for a month."),
        "responsibilities": _("I planned the trip and looked after the money."),
        "motivation": _("I wanted to discover another country and its language."),
        "learned": _("I learned to find my way and to speak a little Spanish."),
    },
    ExperienceKind.HUMANITARIAN: {
        "what_i_did": _("I helped build a school during a two-week camp."),
        "responsibilities": _("I carried the materials and cooked for the group."),
        "motivation": _("I wanted to be useful to people who need it."),
        "learned": _("I learned to live with others and to adapt."),
    },
    ExperienceKind.ARTISTIC: {
        "what_i_did": _("I painted a big picture on the school wall with friends."),
        "responsibilities": _("I drew the first sketch and chose the colours."),
        "motivation": _("I love drawing and showing what I make."),
        "learned": _("I learned to finish a big project step by step."),
    },
}


def hint(example: str) -> str:
    """The hint shown under a story field for one example sentence."""
    return gettext("For example: %(example)s") % {"example": example}


def examples_for(kind: str | None) -> dict[str, str]:
    """Story part -> hint ("For example: ..."), for this kind (the general set if none)."""
    chosen = BY_KIND.get(kind or "", GENERAL)
    return {part: hint(str(text)) for part, text in chosen.items()}


def every_example() -> dict[str, dict[str, str]]:
    """Kind ("" for none) -> story part -> hint, for the script that switches them."""
    table = {kind: examples_for(kind) for kind in ExperienceKind.values}
    table[""] = examples_for("")
    return table
