import pytest

from danish.slugs import DATABASE_REGEX, PATTERN, danish_slugify, is_slug, slug_of


@pytest.mark.parametrize(
    "slug", ["kkr-hovedstaden", "kkr-sjaelland", "oejvind-vilsholm", "a", "2022", "a-1-b"]
)
def test_slugs_are_slugs(slug):
    assert is_slug(slug)


@pytest.mark.parametrize(
    "value", ["", "-", "a-", "-a", "a--b", "KKR", "æble", "a b", "a_b", "a\n", "a\nb", None, 3]
)
def test_other_values_are_not_slugs_not_even_before_a_trailing_newline(value):
    assert not is_slug(value)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Øjvind Vilsholm", "oejvind-vilsholm"),
        ("Ole Bondo-Christensen", "ole-bondo-christensen"),
        ("!!!", None),
    ],
)
def test_slug_of_a_name_is_none_when_the_name_gives_none(name, slug):
    assert slug_of(name) == slug


def test_names_of_symbols_only_give_an_empty_slug_which_is_not_one():
    for name in ("!!!", "---", "***", "李明", "   "):
        assert danish_slugify(name) == "" and slug_of(name) is None


def test_the_database_regex_is_the_pattern_anchored():
    assert f"^{PATTERN}$" == DATABASE_REGEX
