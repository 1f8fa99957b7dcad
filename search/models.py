"""What the search knows of words beyond the archive's own: synonyms of council vocabulary and English words
with their Danish counterparts, applied at query time (search.expansion), edited in the admin."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class Synonym(models.Model):
    """A group of words and phrases that name the same thing in council minutes; a search for one finds all."""

    terms = ArrayField(
        models.CharField(max_length=100),
        verbose_name="ord og udtryk",
        help_text="Fx ældre, seniorer, pensionister. Små bogstaver; et udtryk på flere ord søges som frase.",
    )

    class Meta:
        verbose_name = "synonym"
        verbose_name_plural = "synonymer"
        ordering = ["terms"]
        indexes = [models.Index(fields=["terms"], name="synonym_terms")]

    def __str__(self) -> str:
        return ", ".join(self.terms)

    def save(self, *args, **kwargs) -> None:
        self.terms = list(dict.fromkeys(term.strip().lower() for term in self.terms if term.strip()))
        super().save(*args, **kwargs)


class Translation(models.Model):
    """An English word a journalist might type, and the Danish word the minutes use."""

    english = models.CharField("engelsk", max_length=100, unique=True)
    danish = models.CharField("dansk", max_length=100)

    class Meta:
        verbose_name = "engelsk ord"
        verbose_name_plural = "engelske ord"
        ordering = ["english"]

    def __str__(self) -> str:
        return f"{self.english} → {self.danish}"

    def save(self, *args, **kwargs) -> None:
        self.english, self.danish = self.english.strip().lower(), self.danish.strip().lower()
        super().save(*args, **kwargs)


class RealField(models.FloatField):
    """float4, the precision of the rank itself (ts_rank returns real), in half the bytes of a float8."""

    def db_type(self, connection) -> str:
        return "real"


class TermList(models.Model):
    """One word's (lexeme's) best matches in rank order, so every match can be ranked without reading them all.

    Built for the lexemes of at least `search.termlists.MIN_DOCUMENTS` items by `manage.py build_term_lists`
    (search.termlists): `item_ids` are the items whose rank on this lexeme alone (ts_rank with the search's
    weights and normalisation, `impacts`) is at least `floor`, best first; every other item that has the lexeme
    ranks below `floor` on it. search.topk walks these lists and proves when no item it has not seen can reach
    the page (Fagin's threshold algorithm). Items indexed after the build are read from TermChange.
    """

    lexeme = models.TextField("leksem", primary_key=True)
    documents = models.IntegerField("antal punkter ved opbygning")
    floor = models.FloatField("grænse")
    complete = models.BooleanField("alle punkter med leksemet", default=False)
    # Item ids as int4: half the bytes of the list; an archive past 2^31 items makes the build fail, not err.
    item_ids = ArrayField(models.IntegerField(), verbose_name="punkter")
    impacts = ArrayField(RealField(), verbose_name="rang på leksemet")
    # The number of items with the lexeme per meeting year and per body ({"2024": n}, {"<body id>": n}), so a
    # word searched in one year or one body is counted exactly without reading its matches.
    years = models.JSONField("antal pr. år", default=dict)
    bodies = models.JSONField("antal pr. organ", default=dict)
    # Likewise per topic ({"<topic id>": n}) and per outcome ({"vedtaget": n}): with the years and bodies, the
    # facets of a word searched in the whole archive cover every match without reading one (search.facets).
    topics = models.JSONField("antal pr. emne", default=dict)
    outcomes = models.JSONField("antal pr. udfald", default=dict)

    class Meta:
        verbose_name = "ordliste"
        verbose_name_plural = "ordlister"

    def __str__(self) -> str:
        return f"{self.lexeme} ({self.documents} punkter)"


class TermChange(models.Model):
    """A search row written or removed since the term lists were built (by a trigger on the search table).

    `sign` is +1 for the lexemes a row has now and -1 for those it had: the lists' counts plus these give each
    lexeme's exact number of items (in all, per year, body, topic and outcome), and the +1 rows that `reranks`
    are the items the lists do not yet know. A build removes
    the changes it has read, in the same transaction.
    """

    item_id = models.BigIntegerField("punkt")
    lexemes = ArrayField(models.TextField(), verbose_name="leksemer")
    sign = models.SmallIntegerField("fortegn")
    year = models.SmallIntegerField("mødeår", null=True)
    body_id = models.BigIntegerField("organ", null=True)
    topic_ids = ArrayField(models.BigIntegerField(), default=list, verbose_name="emner")
    outcomes = ArrayField(models.TextField(), default=list, verbose_name="udfald")
    # False when only the row's topics or outcomes changed: its ranks are the lists' still, so it is no candidate;
    # only the counts per topic and outcome move.
    reranks = models.BooleanField("rang ændret", default=True)

    class Meta:
        verbose_name = "ændring siden ordlisterne"
        verbose_name_plural = "ændringer siden ordlisterne"
        indexes = [GinIndex(fields=["lexemes"], name="termchange_lexemes")]

    def __str__(self) -> str:
        return f"{'+' if self.sign > 0 else '-'}{self.item_id}"
