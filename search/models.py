"""What the search knows of words beyond the archive's own: synonyms of council vocabulary and English words
with their Danish counterparts, applied at query time (search.expansion), edited in the admin."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
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
