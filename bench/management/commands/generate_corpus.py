"""`manage.py generate_corpus`: the corpus generator of bench/corpus.py as a command."""

from bench.corpus import GenerateCorpus


class Command(GenerateCorpus):
    pass
