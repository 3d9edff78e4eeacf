"""`make bench`: how fast one `majlis worker` drains a backlog, beside the engine's own rate.

Seeds a throwaway database (SQLite; PostgreSQL too when DATABASE_URL names a server: a
database `<name>_bench_worker` is created there and dropped after) with 5,000 and then
200,000 comments of history, queues a backlog of 1,500 new ones each time, and measures one
worker draining it: comments per second and CPU-milliseconds per comment. In the same
process, the engine alone assesses the same texts in batches of the worker's size, with
their articles. Texts: the demo's comments and sentences generated here from a small
vocabulary, in four languages, with a share of adverts posted in waves.
"""

from __future__ import annotations

import json
import os
import platform
import random
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from sections import replace_section

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

ROOT = Path(__file__).resolve().parents[1]
SIZES = (5_000, 200_000)
BACKLOG = 1_500
AUTHORS = 4_000

# A generator of ordinary comments: opening, subject, verb phrase, closing, per language.
PHRASES = {
    "en": (
        ["I think", "Honestly,", "As a parent,", "Good to hear:", "Sadly,", "In my street"],
        ["the council", "the new timetable", "the bridge repair", "the library", "the ferry"],
        ["should have asked residents first", "will help the market traders",
         "is late again this month", "costs far too much", "finally works on Sundays"],
        [".", ", as I said last year.", "; who pays for it?", ". Thanks for reporting."],
    ),
    "tr": (
        ["Bence", "Açıkçası", "Bir veli olarak", "Maalesef"],
        ["belediye", "yeni tarife", "köprü onarımı", "kütüphane", "vapur seferleri"],
        ["önce halka sormalıydı", "esnafa yardımcı olur", "yine gecikti", "çok pahalı"],
        [".", ", geçen yıl da söyledim.", "; bunu kim ödeyecek?"],
    ),
    "ar": (
        ["أعتقد أن", "بصراحة", "للأسف", "كوالد"],
        ["البلدية", "الجدول الجديد", "إصلاح الجسر", "المكتبة", "الحافلات"],
        ["كان يجب أن تسأل السكان", "ستساعد التجار", "تأخرت مرة أخرى", "مكلفة جدا"],
        [".", "، كما قلت العام الماضي.", "؟ من سيدفع؟"],
    ),
    "fa": (
        ["به نظرم", "راستش", "متاسفانه", "به عنوان پدر"],
        ["شهرداری", "برنامه جدید", "تعمیر پل", "کتابخانه", "اتوبوس ها"],
        ["باید اول از مردم می پرسید", "به کاسب ها کمک می کند", "باز هم دیر شد", "خیلی گران است"],
        [".", "، پارسال هم گفتم.", "؟ چه کسی پولش را می دهد؟"],
    ),
}  # fmt: skip
ADVERTS = [
    "Earn money from home, message me on WhatsApp for the details of this offer {n}",
    "CHEAP WATCHES at www.cheap-watch-deals.biz, call +1 555 123 {n:04d} now",
    "Follow my page for free phones, link in bio, today only {n}",
]


def texts(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(text, language) pairs: one in eight an advert (in waves of near-copies)."""
    from majlis.demo.content import ARTICLES

    demo = [(c[2].removeprefix("> "), a["language"]) for a in ARTICLES for c in a["comments"]]
    found = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.125:
            found.append((rng.choice(ADVERTS).format(n=rng.randrange(10_000)), "en"))
        elif roll < 0.2:
            text, language = rng.choice(demo)
            found.append((f"{text} ({n})", language))
        else:
            language = rng.choice(list(PHRASES))
            parts = [rng.choice(options) for options in PHRASES[language]]
            found.append((" ".join(parts[:3]) + parts[3], language))
    return found


def engine_alone(bodies: list[str], articles: list, size: int) -> tuple[float, float]:
    """The engine's wall and CPU seconds for `bodies`, in batches of `size`."""
    from majlis.moderation import engine

    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(bodies), size):
        engine.assess_many(bodies[i : i + size], articles=articles[i : i + size])
    return time.perf_counter() - wall, time.process_time() - cpu


def child(url: str) -> None:
    """Seed the database at `url`, drain a backlog at each size, print the figures as JSON."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    os.environ["LOG_LEVEL"] = "ERROR"
    # A throwaway database needs no lasting key, but production settings want a real one.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from majlis.articles.models import Article
    from majlis.comments.actions import client_hash
    from majlis.comments.models import Comment, Status
    from majlis.demo.content import ARTICLES
    from majlis.moderation import engine, tasks
    from majlis.moderation.context import article_context
    from majlis.moderation.duplicates import sketch
    from majlis.moderation.models import CommentAssessment
    from majlis.moderation.worker import Worker

    call_command("migrate", verbosity=0)
    engine.load_models()
    rng = random.Random(20261201)
    articles = [
        Article.objects.create(
            key=spec["key"], title=spec["title"], body=spec["body"], language=spec["language"]
        )
        for spec in ARTICLES
    ]
    by_language = {a.language: a for a in articles}
    emails = [f"reader{n}@example.org" for n in range(AUTHORS)]
    clients = [client_hash(f"10.1.{n // 250}.{n % 250}") for n in range(AUTHORS)]
    now = timezone.now()

    def comment(text: str, language: str, created, status: str) -> Comment:
        who = rng.randrange(AUTHORS)
        return Comment(
            article=by_language.get(language, articles[0]),
            author_name=f"Reader {who}",
            author_email=emails[who].upper() if who % 7 == 0 else emails[who],
            body=text,
            language=language,
            status=status,
            created_at=created,
            client_hash=clients[who] if who % 3 else "",
        )

    def add_history(count: int) -> None:
        # Decided comments over sixty days; the last day's carry assessments and sketches,
        # as the worker left them.
        rows = []
        for text, language in texts(rng, count):
            age = timedelta(days=rng.uniform(0, 60))
            status = Status.REJECTED if rng.random() < 0.15 else Status.APPROVED
            rows.append(comment(text, language, now - age, status))
        Comment.objects.bulk_create(rows, batch_size=2000)
        recent = Comment.objects.filter(created_at__gte=now - timedelta(days=1), assessment=None)
        CommentAssessment.objects.bulk_create(
            [
                CommentAssessment(
                    comment=c, language=c.language, suggestion="approve", sketch=list(bins)
                )
                for c, bins in ((c, sketch(c.body).bins) for c in recent.only("pk", "body"))
            ],
            batch_size=2000,
        )

    results = []
    seeded = 0
    for size in SIZES:
        add_history(size - seeded)
        seeded = size
        # The statistics (and, on PostgreSQL, the visibility map) a live database's
        # autovacuum keeps: without them a planner guesses from an empty table.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        backlog = [
            comment(
                text, language, timezone.now() - timedelta(seconds=rng.uniform(0, 600)), "pending"
            )
            for text, language in texts(rng, BACKLOG)
        ]
        created = Comment.objects.bulk_create(backlog, batch_size=2000)
        tasks.enqueue(created)  # as submit does: the job and its sketch

        contexts = {a.pk: article_context(a) for a in articles}
        bodies = [c.body for c in created]
        ctx = [contexts[c.article_id] for c in created]
        worker = Worker(interval=0)
        # The engine before and after the drain, the better kept: a shared machine's noise
        # then counts against the worker, not for it.
        before = engine_alone(bodies, ctx, worker.batch_size)
        wall, cpu = time.perf_counter(), time.process_time()
        assessed = worker.run(drain=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert assessed == BACKLOG, assessed
        after = engine_alone(bodies, ctx, worker.batch_size)
        engine_wall, engine_cpu = min(before[0], after[0]), min(before[1], after[1])
        results.append(
            {
                "rows": Comment.objects.count(),
                "rate": assessed / wall,
                "cpu_ms": cpu * 1000 / assessed,
                "engine_rate": len(bodies) / engine_wall,
                "engine_cpu_ms": engine_cpu * 1000 / len(bodies),
                "batch": worker.batch_size,
            }
        )
    print(json.dumps({"vendor": connection.vendor, "results": results}))


def run_child(url: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url], capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.exit(f"the benchmark on {urlparse(url).scheme} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres(url: str):
    """A throwaway database beside the one `url` names: (its url, a function dropping it)."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_bench_worker"
    server = urlunparse(parts._replace(path="/postgres"))

    def admin(sql: str) -> None:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}")), lambda: admin(f'DROP DATABASE "{name}"')


def main() -> None:
    if hasattr(os, "sched_setaffinity"):  # one core, as bench_engine.py measures the engine
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    runs = []
    with tempfile.TemporaryDirectory() as folder:
        runs.append(run_child(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        url, drop = postgres(os.environ["DATABASE_URL"])
        try:
            runs.append(run_child(url))
        finally:
            drop()

    rows = []
    for run in runs:
        first = run["results"][0]
        for r in run["results"]:
            rows.append(
                (
                    run["vendor"],
                    f"{r['rows']:,}",
                    f"{r['rate']:,.0f}",
                    f"{r['engine_rate']:,.0f}",
                    f"{100 * r['rate'] / r['engine_rate']:.0f} %",
                    f"{r['cpu_ms']:.2f} / {r['engine_cpu_ms']:.2f}",
                    f"{100 * r['engine_cpu_ms'] / r['cpu_ms']:.0f} %",
                    f"{100 * r['rate'] / first['rate']:.0f} % / "
                    f"{100 * first['cpu_ms'] / r['cpu_ms']:.0f} %",
                )
            )
    header = (
        "database",
        "comments in table",
        "drain, comments/s",
        "engine alone, comments/s",
        "drain / engine",
        "CPU-ms per comment, worker / engine",
        "by CPU, drain / engine",
        "drain vs. smallest table, wall / CPU",
    )
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(row))
    batch = runs[0]["results"][0]["batch"]
    lines = [
        "## The worker",
        "",
        "Measured by `make bench` (`bench/bench_worker.py`): one worker process pinned to one",
        f"core drains a backlog of {BACKLOG:,} new comments (batches of {batch}, the default",
        "policy deciding) from a table of the given size; in the same process the engine",
        "alone assesses the same texts in batches of the same size, before and after the",
        "drain (the faster kept). CPU is the worker process's own: with SQLite it includes",
        "the database, with PostgreSQL the server's share is not counted. Rates are wall",
        "clock, so a busy machine lowers them; the ratios by CPU time are steadier.",
        "Target: the drain at least 50 % of the engine's rate, within ±20 % from 5k to 200k.",
        "Before batches (one task per comment, the recent comments sketched again for each,",
        "the commenter's record read by a full scan) a worker spent 64-124 CPU-ms a comment.",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores visible, load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    doc = ROOT / "docs" / "performance.md"
    replace_section(doc, "worker", "\n".join(lines))
    print(f"\nwritten to {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
