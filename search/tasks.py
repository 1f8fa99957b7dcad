"""Background work of the search (procrastinate): the term lists rebuilt every night.

Searches stay exact between builds (search.topk reads the changes since), but each change since the last build
is one more candidate to rank, so the lists are rebuilt daily at 03:00 UTC, when the archive is quiet. The
queueing lock keeps a second build from queueing while one waits.
"""

from __future__ import annotations

from procrastinate.contrib.django import app

from search import termlists


@app.periodic(cron="0 3 * * *")
@app.task(queueing_lock="search.build_term_lists", pass_context=False)
def build_term_lists(timestamp: int) -> dict:
    report = termlists.build()
    return {"lexemes": report.lexemes, "entries": report.entries, "seconds": round(report.seconds, 1)}
