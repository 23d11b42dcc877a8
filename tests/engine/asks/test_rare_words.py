"""Rare words: the need's words that few people share weigh, the ones everyone uses do not."""

from __future__ import annotations

import pytest

from giveback.engine.asks.rare_words import PersonWords, RareWords, content_words


def test_content_words_leave_out_stop_words_short_ones_and_plurals() -> None:
    assert content_words("Who can read Theo's ASCAP filings for us? It's due Fri") == {
        "theo",
        "ascap",
        "filing",
        "read",
        "fri",
    }
    assert content_words("") == frozenset()


def _network() -> dict[str, PersonWords]:
    return {
        "yusuf": PersonWords.of(
            ["Ran the Ledger for seventeen years.", "Has lunch with the DOT bridge engineer."]
        ),
        "haruto": PersonWords.of(["Theo asked about the bridge on his model railway."]),
        "ana": PersonWords.of(["Ana asked how Theo is doing.", "Bakes for the school fair."]),
        "ben": PersonWords.of(["Ben and Theo play chess on Sundays."]),
    }


def test_a_word_everyone_uses_weighs_nothing() -> None:
    people = _network()
    rare = RareWords.over(list(people.values()))
    assert rare.people == 4
    assert rare.weight("theo") < rare.weight("bridge") < rare.weight("dot")
    everyone = RareWords.over([PersonWords.of(["Theo"]), PersonWords.of(["Theo again"])])
    assert everyone.weight("theo") == pytest.approx(0.0)


def test_shares_favour_the_person_with_the_rare_words() -> None:
    people = _network()
    rare = RareWords.over(list(people.values()))
    need = content_words("intro to someone at the state DOT about Theo's school bridge")
    yusuf_best, yusuf_any = rare.shares(need, people["yusuf"])
    haruto_best, _ = rare.shares(need, people["haruto"])
    ben_best, ben_any = rare.shares(need, people["ben"])
    assert yusuf_best > haruto_best > ben_best > 0  # Theo alone says little
    assert yusuf_any == pytest.approx(yusuf_best)  # one sentence holds all of it
    assert 0.0 <= ben_best <= ben_any <= 1.0


def test_each_sentence_has_its_share() -> None:
    people = _network()
    rare = RareWords.over(list(people.values()))
    need = content_words("someone at the DOT about the bridge")
    ledger, lunch = rare.per_sentence(need, people["yusuf"])
    assert ledger == 0.0 and lunch == pytest.approx(1.0)
    assert rare.per_sentence(content_words("who can help?"), people["yusuf"]) == [0.0, 0.0]


def test_a_need_of_stop_words_only_shares_nothing() -> None:
    people = _network()
    rare = RareWords.over(list(people.values()))
    assert rare.shares(content_words("who can help me with this?"), people["yusuf"]) == (0.0, 0.0)
    assert rare.shares(content_words("DOT"), PersonWords.of([])) == (0.0, 0.0)
