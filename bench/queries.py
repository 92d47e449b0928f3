#!/usr/bin/env python
"""Print the SQL queries (count, time, slowest) of one request per benchmark scenario.

    .venv/bin/python bench/queries.py [--explain]    # DATABASE_URL as for seed.py

Runs the views in-process with Django's test client against the seeded database (read
only, apart from the editor user's session), so it shows what each page asks PostgreSQL.
--explain adds EXPLAIN (ANALYZE, BUFFERS) of the slowest query of each page.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]
from seed import DEFAULT_DATABASE_URL, bench_env  # noqa: E402

os.environ.update(bench_env(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL))
os.environ.setdefault("TREMPLIN_DOMAIN", "127.0.0.1:8100")
import django  # noqa: E402

django.setup()
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from load import load_targets  # noqa: E402

from node.accounts.models import User  # noqa: E402


def main() -> None:
    explain = "--explain" in sys.argv
    targets = load_targets(os.environ["DATABASE_URL"], 1)
    # The most and least used tags, a frequent and a rarer search word.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.slug, count(*) FROM profiles_concept c JOIN profiles_experiencetag t "
            "ON t.concept_id = c.id GROUP BY c.slug ORDER BY 2 DESC"
        )
        tag_counts = cursor.fetchall()
    handle = targets.handles[0]
    username, ids = targets.editors[0]
    pages = [
        ("profile", f"/@{handle}/", None),
        (f"tag (most used: {tag_counts[0][1]} tags)", f"/tags/{tag_counts[0][0]}/", None),
        (f"tag (least used: {tag_counts[-1][1]} tags)", f"/tags/{tag_counts[-1][0]}/", None),
        ("search (frequent word)", f"/explore/?q={targets.words[0]}", None),
        ("search (rarer word)", f"/explore/?q={targets.words[35]}", None),
        ("search (two words)", f"/explore/?q={targets.words[0]}+{targets.words[3]}", None),
        ("editor", f"/me/experiences/{ids[0]}/", username),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    for name, path, user in pages:
        client.logout()
        if user:
            client.force_login(User.objects.get(username=user))
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(path)
            spent = (time.perf_counter() - started) * 1000
        queries = ctx.captured_queries
        db = sum(float(q["time"]) for q in queries) * 1000
        print(
            f"\n== {name}: {path} -> {response.status_code}, {spent:.0f} ms in all, "
            f"{len(queries)} queries, {db:.0f} ms in SQL"
        )
        for q in sorted(queries, key=lambda q: -float(q["time"]))[:4]:
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:700]}")
        if explain and queries:
            slowest = max(queries, key=lambda q: float(q["time"]))["sql"]
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest)
                print("  EXPLAIN ANALYZE of the slowest:")
                for (line,) in cursor.fetchall():
                    print("    " + line)


if __name__ == "__main__":
    main()
