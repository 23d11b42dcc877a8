"""The learned promise keeper: its features, its choice, its artifact, and promises matched
with it (pure: the hits stand for what the search found, best first)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from giveback.core.errors import ModelUnavailable
from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.eval.promise_training import TEST_NETWORKS
from giveback.engine.suggest.naming import word_starts
from giveback.engine.suggest.promise_keeper import (
    CANDIDATES,
    DEFAULT_PATH,
    FEATURES,
    PromiseKeeper,
    candidate_features,
    candidate_ranks,
)
from giveback.engine.suggest.promise_people import people_by_first_name
from giveback.engine.suggest.promises import PromiseMatch, promise_match
from giveback.engine.suggest.values import PromiseAge
from giveback.pipelines.learned import extractor_version


def _item(index: int, type_: str, title: str) -> RankItem:
    return RankItem(index, f"x{index}", type_, title, "", None, None)


CATALOG = [
    _item(0, "offer", "Pro bono translation of a short document"),
    _item(1, "article", "How to choose a translation agency"),
    _item(2, "contact", "Paula Esteves - sworn translator"),
    _item(3, "offer", "Review your pitch deck"),
    _item(4, "article", "Seed rounds explained"),
    _item(5, "article", "Subtitles for small films"),
    _item(6, "offer", "A lift to the gliding club"),
]
SAID = "I told Marisa I'd translate the PD exercise leaflet"


def _hit(item: int, semantic: float, lexical: float = 0.0) -> Hit:
    return Hit(item, semantic, lexical, 0.9 * semantic + 0.1 * lexical)


def _keeper(threshold: float = 0.5, **weights: float) -> PromiseKeeper:
    w = [0.0] * len(FEATURES)
    for name, value in weights.items():
        w[FEATURES.index(name)] = value
    return PromiseKeeper(tuple(w), -2.0, threshold, ("s1",))


def test_word_starts_tie_a_verb_to_its_noun() -> None:
    assert word_starts("translate the leaflet") & word_starts("Pro bono translation")
    assert word_starts("subtitling the videos") & word_starts("Subtitle your film")
    assert not word_starts("with your from") and not word_starts("I'd do it")


def test_the_features_say_what_the_item_is_against_what_the_promise_does() -> None:
    hits = [_hit(0, 0.55), _hit(1, 0.50), _hit(2, 0.30)]
    f = dict(zip(FEATURES, candidate_features(SAID, CATALOG, hits, 0, None), strict=True))
    assert f["first"] == 1.0 and f["offer"] == 1.0 and f["rules_chose_none"] == 1.0
    assert f["shares_a_start"] == 1.0 and f["offer_done"] == 1.0 and f["sends"] == 0.0
    assert f["lead_over_next"] == pytest.approx(0.05) and f["behind_best"] == 0.0
    g = dict(zip(FEATURES, candidate_features(SAID, CATALOG, hits, 1, 2), strict=True))
    assert g["second"] == 1.0 and g["article_done"] == 1.0 and g["rules_chose_it"] == 0.0
    assert g["behind_best"] == pytest.approx(0.05)


def test_the_rules_choice_is_weighed_wherever_the_search_put_it() -> None:
    hits = [_hit(i % len(CATALOG), 0.5 - 0.01 * i) for i in range(CANDIDATES + 3)]
    assert candidate_ranks(hits, None) == list(range(CANDIDATES))
    far = hits[CANDIDATES + 1].item
    assert candidate_ranks(hits, far) == [*range(CANDIDATES), CANDIDATES + 1]
    assert candidate_ranks(hits[:2], None) == [0, 1]


def test_the_best_candidate_keeps_the_promise_only_above_the_threshold() -> None:
    keeper = _keeper(threshold=0.5, semantic=4.0, shares_a_start=2.0)
    hits = [_hit(0, 0.55), _hit(4, 0.52)]
    assert keeper.choose(SAID, CATALOG, hits, None) == 0  # shares "trans"
    assert keeper.choose("I'll ask around", CATALOG, [_hit(4, 0.3)], None) is None
    assert keeper.choose(SAID, CATALOG, [], None) is None
    # Of two candidates rated the same, the search's first.
    assert keeper.pick(np.array([0.7, 0.7])) == 0 and keeper.pick(np.array([0.2, 0.4])) is None


def test_promise_match_follows_the_keeper_over_the_rules() -> None:
    people = people_by_first_name(CATALOG)
    hits = [_hit(0, 0.55), _hit(1, 0.50)]
    # The rules leave the offer (no word in common: "translate" is no "translation") ...
    assert promise_match(SAID, "", CATALOG, hits, people, 0.45, 0.6) is None
    # ... a keeper that trusts shared word starts takes it ...
    keeper = _keeper(threshold=0.5, semantic=4.0, shares_a_start=2.0)
    found = promise_match(SAID, "", CATALOG, hits, people, 0.45, 0.6, keeper=keeper)
    assert found == PromiseMatch(0, "learned")
    # ... and one that trusts nothing leaves what the rules would take, by the search or by
    # two words of its title.
    vague = "I'll send her something on early money"
    assert promise_match(vague, "", CATALOG, [_hit(4, 0.7)], people, 0.45, 0.6) == (
        PromiseMatch(4, "search")
    )
    nothing = _keeper(threshold=0.99)
    left = promise_match(vague, "", CATALOG, [_hit(4, 0.7)], people, 0.45, 0.6, keeper=nothing)
    assert left is None
    named = "I'll send her the seed rounds explained piece"
    assert promise_match(named, "", CATALOG, [_hit(4, 0.7)], people, 0.45, 0.6) == (
        PromiseMatch(4, "named")
    )
    kept = promise_match(named, "", CATALOG, [_hit(4, 0.7)], people, 0.45, 0.6, keeper=nothing)
    assert kept is None


def test_the_keeper_never_keeps_a_promise_with_the_contact_themselves() -> None:
    people = people_by_first_name(CATALOG)
    keeper = _keeper(threshold=0.1, semantic=5.0)
    hits = [_hit(2, 0.9), _hit(6, 0.4)]
    found = promise_match(SAID, "", CATALOG, hits, people, 0.45, 0.6, 1.0, 2, keeper)
    assert found is not None and found.item == 6


def test_the_keeper_keeps_the_exact_limits_and_weighs_the_rest() -> None:
    people = people_by_first_name(CATALOG)
    keeper = _keeper(threshold=0.1, semantic=5.0)
    # An article for a promise to do something, the rules never take; the keeper weighs it.
    hits = [_hit(1, 0.9), _hit(0, 0.5)]
    assert promise_match(SAID, "", CATALOG, hits, people, 0.45, 0.6) is None
    found = promise_match(SAID, "", CATALOG, hits, people, 0.45, 0.6, keeper=keeper)
    assert found == PromiseMatch(1, "learned")
    # A thing sent is that thing: no offer on the contact's own deck, whatever it rates ...
    deck = "I'll send her the pitch deck checklist"
    hits = [_hit(3, 0.9), _hit(4, 0.3)]
    found = promise_match(deck, "", CATALOG, hits, people, 0.45, 0.6, keeper=keeper)
    assert found == PromiseMatch(4, "learned")
    # ... and someone's details are a person's.
    number = "I'll send you her number"
    hits = [_hit(1, 0.9), _hit(2, 0.3)]
    found = promise_match(number, "", CATALOG, hits, people, 0.45, 0.6, keeper=keeper)
    assert found is not None and found.item == 2


def test_a_person_named_whom_the_search_did_not_bring_is_kept_by_the_rules() -> None:
    people = people_by_first_name(CATALOG)
    nothing = _keeper(threshold=0.99)
    said = "I'll introduce her to Paula"
    for hits in ([], [_hit(4, 0.6)]):  # the search did not bring Paula
        found = promise_match(said, "", CATALOG, hits, people, 0.45, 0.6, keeper=nothing)
        assert found == PromiseMatch(2, "named")
    # Among the hits, the keeper weighs her with the rest (here it trusts nothing).
    hits = [_hit(2, 0.6), _hit(4, 0.5)]
    assert promise_match(said, "", CATALOG, hits, people, 0.45, 0.6, keeper=nothing) is None


def test_the_artifact_round_trips_and_refuses_other_features(tmp_path: Path) -> None:
    keeper = _keeper(threshold=0.3, semantic=1.5)
    keeper.save(tmp_path / "keeper.json")
    loaded = PromiseKeeper.load(tmp_path / "keeper.json")
    assert loaded == keeper and loaded.version == keeper.version
    assert PromiseKeeper.load(tmp_path / "none.json") is None
    data = json.loads((tmp_path / "keeper.json").read_text())
    data["features"] = data["features"][:-1]
    (tmp_path / "old.json").write_text(json.dumps(data))
    assert PromiseKeeper.load(tmp_path / "old.json") is None  # another model's features


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: text.replace('"threshold": 0.3', '"threshold": 0.9'),
        lambda text: text.replace('"intercept"', '"bias"'),
    ],
)
def test_a_damaged_keeper_is_one_clear_error(tmp_path: Path, damage: Callable[[str], str]) -> None:
    path = tmp_path / "keeper.json"
    _keeper(threshold=0.3, semantic=1.5).save(path)
    path.write_text(damage(path.read_text()))
    with pytest.raises(ModelUnavailable, match="giveback train --promises"):
        PromiseKeeper.load(path)


def test_the_shipped_keeper_learned_from_dev_networks_and_the_shipped_listener() -> None:
    keeper = PromiseKeeper.load()
    assert keeper is not None, "run `make train` (giveback train --promises)"
    card = json.loads((DEFAULT_PATH.parent / "card.json").read_text())
    assert card["version"] == keeper.version
    assert not set(keeper.trained_on) & set(TEST_NETWORKS)  # the held-out networks
    # Its features include what the rules chose, from what the listener heard.
    assert card["heard_by"] == extractor_version(), "run `make train` (giveback train --promises)"
    assert np.isfinite(keeper.weights).all() and 0 < keeper.threshold < 1


def test_a_promise_later_notes_followed_is_left_to_the_rules() -> None:
    keeper = _keeper(threshold=0.5, semantic=4.0, shares_a_start=2.0)
    hits = [_hit(0, 0.55), _hit(4, 0.52)]
    later = PromiseAge(days_noted_since=30)
    assert keeper.choose(SAID, CATALOG, hits, None, later) is None  # the rules found nothing
    assert keeper.choose(SAID, CATALOG, hits, 4, later) == 4  # the rules' choice stands
    # A later note that says it is still owed gives it back to the keeper.
    owed = PromiseAge(days_noted_since=30, said_owed=True)
    assert keeper.choose(SAID, CATALOG, hits, None, owed) == 0
    assert keeper.choose(SAID, CATALOG, hits, None, PromiseAge()) == 0
