"""Facts of the Danish language and of Danish public administration, shared by the parser, the loader, the
database constraints and the search. Pure Python: nothing here imports Django or the archive.

- `compounds`: splitting compound words into their parts (search finds `klynge` in `sundhedsklyngerne`);
- `slugs`: URL slugs with Danish letters transliterated;
- `dates`: month names and the written forms of dates;
- `case_numbers`: the case-number formats of the ESDH systems;
- `item_numbers`: agenda item numbers (`3.10`) and their order;
- `outcomes`: the vocabulary of what a council did with an item;
- `text`: the text-search configuration and what counts as a word.
"""
