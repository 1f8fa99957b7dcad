"""Search: from what a person types to ranked, highlighted, counted results, and the index it reads.

One module per job (see docs/architecture.md):

- `query`: what a person typed → the text to match, and the exact things in it (case number, date, item);
- `exact`: direct hits shown first (items under a case number, an item on a date, members by name);
- `ranking`: matching, ranking and counting, in one statement over one candidate set;
- `facets`: the year/topic/outcome counts of that statement;
- `snippets`: highlighted titles and excerpts for the rows of one page;
- `suggestions`: "Mente du ...?";
- `indexing`: writing the search rows (inside the ingest transaction) and topic assignments;
- `filters`, `widgets`: the search page's filters (django-filter);
- `views`, `urls`, `feeds`: the page /soeg/ and its RSS feed (the JSON endpoint is in the `api` package).
"""
