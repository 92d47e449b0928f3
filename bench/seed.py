#!/usr/bin/env python
"""Seed a PostgreSQL database with 10,000 people and 100,000 published experiences.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_bench .venv/bin/python bench/seed.py
    .venv/bin/python bench/seed.py --reseed     # drop the database and start again

Creates the database if missing, runs `tremplin migrate`, loads the vocabulary, then
bulk-creates users, profiles (with a published ProfileRevision), experiences (with a
published ExperienceRevision and 1-4 tags linked to concepts) and fills
Experience.search_document exactly as profiles.publishing.search_document would
(checked on a sample at the end). Skips everything when the database already holds
>= 100,000 experiences. Every seeded user's password is SEED_PASSWORD.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tremplin_bench"
SEED_PASSWORD = "bench-password-2025"  # noqa: S105 - a throwaway benchmark database
SEED_INFO = OUT / "seed_info.json"

sys.path[:0] = [str(ROOT), str(BENCH)]
import corpus  # noqa: E402


def bench_env(database_url: str) -> dict[str, str]:
    """The environment every bench process (migrate, seed, gunicorn) runs with."""
    env = os.environ.copy()
    env.pop("REDIS_URL", None)  # locmem cache, eager tasks: no Redis in the measurement
    env.update(
        DATABASE_URL=database_url,
        TREMPLIN_DATA_DIR=str(OUT / "data"),
        DJANGO_SETTINGS_MODULE="node.settings",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    return env


def _split_url(database_url: str) -> tuple[str, str]:
    base, name = database_url.split("?", 1)[0].rsplit("/", 1)
    return base, name


def ensure_database(database_url: str, reseed: bool) -> None:
    import psycopg
    from psycopg import sql

    base, name = _split_url(database_url)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and reseed:
            print(f"dropping database {name}")
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            print(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(env: dict[str, str]) -> None:
    tremplin = ROOT / ".venv" / "bin" / "tremplin"
    command = [str(tremplin)] if tremplin.exists() else [sys.executable, "-m", "node.cli"]
    subprocess.run([*command, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)


def ensure_vocabulary(wait: float) -> str:
    """The shipped vocabulary, loaded into the database as `migrate` does."""
    from profiles.vocabulary.loader import VOCABULARY_FILE, sync_vocabulary, vocabulary_is_current

    if not vocabulary_is_current():
        sync_vocabulary()
    return f"{VOCABULARY_FILE.relative_to(ROOT)}"


# --- generators ----------------------------------------------------------------


def ascii_slug(text: str) -> str:
    from profiles.text import normalize

    return "".join(c for c in normalize(text) if c.isascii() and c.isalnum())


def story(rng: random.Random, language: str, n_words: int) -> list[str]:
    """Sentences of Zipf-drawn words of one language, with glue words in between."""
    vocab, glue = corpus.STORY_WORDS[language], corpus.GLUE[language]
    weights = corpus.zipf_weights(len(vocab), 0.9)
    content = rng.choices(vocab, weights=weights, k=n_words)
    sentences, sentence = [], []
    for word in content:
        if rng.random() < 0.35:
            sentence.append(rng.choice(glue))
        sentence.append(word)
        if len(sentence) >= rng.randint(7, 13):
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        sentences.append(" ".join(sentence).capitalize() + ".")
    return sentences


def split_story(rng: random.Random, sentences: list[str]) -> dict[str, str]:
    """The sentences over the four story fields, some left empty."""
    fields = {"what_i_did": [], "responsibilities": [], "motivation": [], "learned": []}
    names = list(fields)
    used = ["what_i_did"] + [n for n in names[1:] if rng.random() < 0.6]
    for i, sentence in enumerate(sentences):
        fields[used[min(i, len(used) - 1)] if i < len(used) else rng.choice(used)].append(sentence)
    return {name: " ".join(parts) for name, parts in fields.items()}


def search_document_of(revision, tags_with_concepts) -> str:
    """profiles.publishing.search_document, without the query (same parts, same order)."""
    from profiles.models import ExperienceRevision
    from profiles.text import normalize

    parts = [revision.title, revision.organisation, revision.place]
    parts += [getattr(revision, name) for name in ExperienceRevision.STORY_FIELDS]
    for text, concept in tags_with_concepts:
        parts.append(text)
        if concept:
            parts += list(concept.labels.values())
            parts += [s for synonyms in concept.synonyms.values() for s in synonyms]
    return normalize(" ".join(p for p in parts if p))


def seed(people: int, experiences: int, rng: random.Random, batch: int) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from node.accounts.models import User
    from profiles import consent
    from profiles.models import (
        Concept,
        Experience,
        ExperienceConcept,
        ExperienceKind,
        ExperienceRevision,
        ExperienceTag,
        Profile,
        ProfileRevision,
        Role,
    )
    from profiles.text import normalize_tag
    from profiles.visibility import Visibility

    started = time.monotonic()
    now = timezone.now()
    today = timezone.localdate()
    consent_age = consent.consent_age()
    password = make_password(SEED_PASSWORD)  # hashed once, the same string for everyone
    V = Visibility

    # --- people -----------------------------------------------------------
    users, profiles, revisions = [], [], []
    for i in range(people):
        lang = rng.choices(corpus.LANGUAGES, weights=corpus.LANGUAGE_WEIGHTS)[0]
        first, last = rng.choice(corpus.FIRST_NAMES[lang]), rng.choice(corpus.LAST_NAMES[lang])
        handle = f"{ascii_slug(first)}_{ascii_slug(last)}"[:22] + f"_{i}"
        role = rng.choices([Role.YOUNG, Role.COUNSELLOR, Role.ORGANISATION], [94, 4, 2])[0]
        birth_year = birth_month = consent_from = guardian = None
        if role == Role.YOUNG:
            age = rng.choices(range(13, 26), weights=[4, 5, 6, 7, 8, 9, 10, 10, 10, 9, 8, 7, 7])[0]
            birth_month = rng.randint(1, 12)
            birth_year = today.year - age
            consent_from = consent.birthday_of_age(birth_year, birth_month, consent_age)
            if consent_from > today and rng.random() < 0.5:
                guardian = now - datetime.timedelta(days=rng.randint(1, 300))
        needs_consent = consent_from is not None and consent_from > today and guardian is None
        if needs_consent:
            visibility = default = V.PRIVATE
        else:
            visibility = rng.choices([V.PUBLIC, V.MEMBERS, V.FOLLOWERS, V.PRIVATE], [45, 40, 8, 7])[
                0
            ]
            default = rng.choice([V.PUBLIC, V.MEMBERS])
        published_at = now - datetime.timedelta(days=rng.uniform(1, 1000))
        users.append(
            User(
                username=handle,
                email=f"{handle}@bench.invalid",
                password=password,
                first_name=first,
                last_name=last,
                date_joined=published_at,
            )
        )
        profiles.append(
            Profile(
                handle=handle,
                role=role,
                birth_year=birth_year,
                birth_month=birth_month,
                consent_from=consent_from,
                guardian_consent_at=guardian,
                guardian_consent_note="parent, by email" if guardian else "",
                visibility=visibility,
                default_visibility=default,
                published_at=published_at,
            )
        )
        revisions.append(
            ProfileRevision(
                display_name=f"{first} {last}",
                headline=rng.choice(corpus.HEADLINES[lang]),
                about=" ".join(story(rng, lang, rng.randint(15, 40))),
                territory=rng.choice(corpus.PLACES[lang]),
                languages_spoken=sorted({lang, rng.choice(corpus.LANGUAGES)}),
                language=lang,
                visibility=visibility,
                published_at=published_at,
            )
        )
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=batch)
        for user, profile in zip(users, profiles, strict=True):
            profile.user_id = user.pk
        Profile.objects.bulk_create(profiles, batch_size=batch)
        for profile, revision in zip(profiles, revisions, strict=True):
            revision.profile_id = profile.pk
        ProfileRevision.objects.bulk_create(revisions, batch_size=batch)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE profiles_profile p SET published_id = r.id "
                "FROM profiles_profilerevision r WHERE r.profile_id = p.id "
                "AND p.published_id IS NULL AND r.published_at IS NOT NULL"
            )
    print(f"  {people} users, profiles, profile revisions: {time.monotonic() - started:.1f}s")

    # --- experiences ----------------------------------------------------------
    concepts = list(Concept.objects.all())
    rng.shuffle(concepts)  # which concepts are frequent is random, but fixed by the seed
    concept_weights = corpus.zipf_weights(len(concepts), 1.0)
    kinds = [k.value for k in ExperienceKind]
    kind_weights = [14, 8, 5, 14, 8, 12, 6, 6, 10, 6, 4, 2, 4, 1][: len(kinds)]
    kind_weights += [1] * (len(kinds) - len(kind_weights))
    # Every person has at least one experience; the rest go to a few prolific ones.
    activity = [min(rng.paretovariate(1.3), 12.0) for _ in profiles]
    owners = list(range(people)) + rng.choices(range(people), activity, k=experiences - people)
    rng.shuffle(owners)
    owner_lang = [r.language for r in revisions]
    owner_top = [
        V.PRIVATE
        if p.consent_from and p.consent_from > today and p.guardian_consent_at is None
        else V.PUBLIC
        for p in profiles
    ]

    done = 0
    tag_count = 0
    while done < experiences:
        chunk = owners[done : done + batch]
        exps, revs, tag_rows = [], [], []
        for owner_index in chunk:
            profile = profiles[owner_index]
            lang = owner_lang[owner_index] if rng.random() < 0.8 else rng.choice(corpus.LANGUAGES)
            if owner_top[owner_index] == V.PRIVATE:
                visibility = V.PRIVATE
            else:
                visibility = rng.choices(
                    [V.PUBLIC, V.MEMBERS, V.FOLLOWERS, V.PRIVATE], [50, 35, 5, 10]
                )[0]
            kind = rng.choices(kinds, kind_weights)[0]
            published_at = now - datetime.timedelta(seconds=rng.uniform(60, 3 * 365 * 86400))
            start = published_at.date() - datetime.timedelta(days=rng.randint(30, 900))
            ongoing = rng.random() < 0.2
            end = None if ongoing else start + datetime.timedelta(days=rng.randint(20, 400))
            fields = split_story(rng, story(rng, lang, rng.randint(30, 80)))
            revision = ExperienceRevision(
                kind=kind,
                title=rng.choice(corpus.TITLES[lang]),
                organisation=rng.choice(corpus.ORGANISATIONS[lang]),
                place=rng.choice(corpus.PLACES[lang]),
                start_year=start.year,
                start_month=start.month,
                end_year=end.year if end else None,
                end_month=end.month if end else None,
                language=lang,
                visibility=visibility,
                published_at=published_at,
                **fields,
            )
            chosen, seen = [], set()
            for concept in rng.choices(concepts, concept_weights, k=rng.randint(1, 4)):
                text = concept.labels.get(lang) or concept.labels.get("en") or concept.slug
                synonyms = concept.synonyms.get(lang) or []
                if synonyms and rng.random() < 0.25:
                    text = rng.choice(synonyms)
                key = normalize_tag(text)
                if concept.pk in {c.pk for _t, c in chosen} or key in seen or not key:
                    continue
                seen.add(key)
                chosen.append((text[:60], concept))
            exps.append(
                Experience(
                    owner_id=profile.pk,
                    visibility=visibility,
                    kind=kind,
                    language=lang,
                    search_document=search_document_of(revision, chosen),
                    published_at=published_at,
                )
            )
            revs.append(revision)
            tag_rows.append(chosen)
        with transaction.atomic():
            Experience.objects.bulk_create(exps)
            for experience, revision in zip(exps, revs, strict=True):
                revision.experience_id = experience.pk
            ExperienceRevision.objects.bulk_create(revs)
            tags = [
                ExperienceTag(
                    revision_id=revision.pk,
                    text=text,
                    normalized=normalize_tag(text),
                    concept_id=concept.pk,
                )
                for revision, chosen in zip(revs, tag_rows, strict=True)
                for text, concept in chosen
            ]
            ExperienceTag.objects.bulk_create(tags)
            # The tag pages' index, as profiles.publishing.index_concepts keeps it.
            ExperienceConcept.objects.bulk_create(
                ExperienceConcept(
                    experience_id=experience.pk, concept_id=pk, published_at=experience.published_at
                )
                for experience, chosen in zip(exps, tag_rows, strict=True)
                for pk in sorted({concept.pk for _text, concept in chosen})
            )
        tag_count += len(tags)
        done += len(chunk)
        print(
            f"  {done} experiences, {tag_count} tags: {time.monotonic() - started:.1f}s", end="\r"
        )
    print()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE profiles_experience e SET published_id = r.id "
            "FROM profiles_experiencerevision r WHERE r.experience_id = e.id "
            "AND e.published_id IS NULL AND r.published_at IS NOT NULL"
        )
    print(f"  published ids set: {time.monotonic() - started:.1f}s")
    return {"people": people, "experiences": experiences, "tags": tag_count}


def vacuum_analyze(database_url: str) -> None:
    import psycopg

    with psycopg.connect(database_url.split("?", 1)[0], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def check_search_documents(rng: random.Random, sample: int = 50) -> int:
    """Compare seeded search documents with the app's own function; returns mismatches."""
    from profiles.models import Experience
    from profiles.publishing import search_document

    ids = list(Experience.objects.values_list("pk", flat=True).order_by("?")[:sample])
    bad = 0
    for experience in Experience.objects.select_related("published").filter(pk__in=ids):
        if search_document(experience.published) != experience.search_document:
            bad += 1
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the database")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--experiences", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2025, help="random seed")
    parser.add_argument(
        "--vocab-wait",
        type=float,
        default=20.0,
        help="seconds to wait for profiles/vocabulary/concepts.json",
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench/seed.py needs a PostgreSQL DATABASE_URL")
    OUT.mkdir(parents=True, exist_ok=True)
    env = bench_env(database_url)
    started = time.monotonic()
    ensure_database(database_url, args.reseed)
    migrate(env)
    os.environ.update(env)
    import django

    django.setup()
    from profiles.models import Experience

    existing = Experience.objects.count()
    if existing >= args.experiences:
        print(f"{existing} experiences already there: nothing to seed (--reseed to start again)")
        return
    if existing:
        sys.exit(f"the database holds {existing} experiences, fewer than wanted: use --reseed")
    vocabulary = ensure_vocabulary(args.vocab_wait)
    print(f"vocabulary: {vocabulary}")
    rng = random.Random(args.seed)
    counts = seed(args.people, args.experiences, rng, args.batch)
    vacuum_analyze(database_url)
    mismatches = check_search_documents(rng)
    elapsed = time.monotonic() - started
    print(f"VACUUM ANALYZE done; search_document check: {mismatches} mismatches out of 50")
    print(f"seeded in {elapsed:.0f}s")
    SEED_INFO.write_text(
        json.dumps(
            {
                **counts,
                "database_url": database_url,
                "password": SEED_PASSWORD,
                "vocabulary": vocabulary,
                "seconds": round(elapsed, 1),
                "search_document_mismatches": mismatches,
                "seeded_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            },
            indent=2,
        )
    )
    if mismatches:
        sys.exit("seeded search documents differ from profiles.publishing.search_document")


if __name__ == "__main__":
    main()
