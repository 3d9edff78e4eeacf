"""Tags are found by name or by slug: names a reader would take for one tag are one tag, and
two requests creating the same tag at once both get it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from majlis.articles.models import Tag


@pytest.mark.django_db
class TestNamesThatMeanOneTag:
    @pytest.mark.parametrize(
        ("first", "second"),
        [
            ("Foo Bar", "foo-bar"),
            ("Ärger", "ärger"),
            ("City council", "CITY COUNCIL"),
            ("İstanbul", "istanbul"),
            ("City  council", "city council"),
        ],
    )
    def test_a_second_spelling_finds_the_first_tag(self, first, second):
        [one] = Tag.for_names([first])
        [again] = Tag.for_names([second])
        assert again == one
        assert Tag.objects.count() == 1
        assert one.name == " ".join(first.split())

    def test_both_spellings_in_one_list_give_one_tag(self):
        tags = Tag.for_names(["Foo Bar", "foo-bar", "FOO BAR"])
        assert len(tags) == 1
        assert Tag.objects.count() == 1

    def test_names_of_symbols_alone_stay_apart(self):
        tags = Tag.for_names(["!!!", "???"])
        assert len({t.slug for t in tags}) == 2


@pytest.mark.django_db
class TestARace:
    def test_a_tag_created_meanwhile_is_found_not_a_500(self, monkeypatch):
        # Another request stores "Budget" after this one's look-up missed it.
        real_find = Tag._find
        calls = []

        def miss_once(name, slug):
            calls.append(name)
            return None if len(calls) == 1 else real_find(name, slug)

        Tag.objects.create(name="Budget")
        monkeypatch.setattr(Tag, "_find", staticmethod(miss_once))
        [tag] = Tag.for_names(["budget"])
        assert tag == Tag.objects.get()
        assert tag.name == "Budget"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises all writers")
@pytest.mark.django_db(transaction=True)
def test_two_threads_creating_one_tag_both_get_it(monkeypatch):
    # Each thread has looked the tag up and found nothing before either inserts it.
    barrier = threading.Barrier(2, timeout=10)
    real_save = Tag.save
    results, errors = [], []

    def save_together(self, *args, **kwargs):
        barrier.wait()
        return real_save(self, *args, **kwargs)

    def work():
        try:
            results.append(Tag.for_names(["Budget"])[0].pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    monkeypatch.setattr(Tag, "save", save_together)
    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 2
    assert len(set(results)) == 1
    assert Tag.objects.count() == 1
