"""Hard times no lexicon word names, heard by the learned model (``models/hard_times``): the
person is held back while it is recent, and a job near a hard time or an old one is no reason."""

from __future__ import annotations

from sqlalchemy.orm import Session

from giveback.engine.asks.guards import Holdback
from giveback.engine.asks.needs import add_need
from giveback.engine.asks.ranking import HEARD_KIND, Asker
from giveback.engine.listening.notes import add_note
from giveback.pipelines.embedding.encoder import Embedder
from giveback.pipelines.hard_times.model import HardTimeModel
from tests.support.asks import AS_OF, NEED
from tests.support.fakes import FakeListener

SKILL = "Hana keeps the books and files sales tax returns for pottery studios."
# No word of the lexicon's in it: "transplant list", "sleeps at the hospital".
HARD = "Her husband is on the transplant list and she sleeps at the hospital most nights."


def _seed(store: Session, fake: FakeListener, hana_on: str, about_ivo: str) -> None:
    """The need, Hana (who could help, with the hard time in a note of ``hana_on``) and Ivo."""
    add_need(store, NEED, AS_OF)
    add_note(store, "Hana Sato", f"{SKILL} {HARD}", hana_on, fake, "fake-1")
    add_note(store, "Ivo Berg", f"Ivo files sales tax returns for bakeries. {about_ivo}",
             "2026-11-01", fake, "fake-1")  # fmt: skip


def _asked_and_held(store: Session, embedder: Embedder, model: HardTimeModel | None):
    asker = Asker(store, embedder, hard_times=model)
    asked = {a.contact for a in asker.ask(AS_OF, limit=10)}
    held = {h.contact: h for h in asker.held_back}
    return asked, held


def test_a_hard_time_said_without_its_words_holds_them_back(
    store: Session, embedder: Embedder, fake: FakeListener
) -> None:
    _seed(store, fake, "2026-11-01", "He works nights at the hospice and loves the quiet.")
    model = HardTimeModel.load()
    assert model is not None

    asked, held = _asked_and_held(store, embedder, None)
    assert "Hana Sato" in asked  # the lexicon alone hears nothing

    asked, held = _asked_and_held(store, embedder, model)
    assert "Hana Sato" not in asked
    assert held["Hana Sato"].why == Holdback.HARD_TIME
    assert held["Hana Sato"].detail == f"{HEARD_KIND}: {HARD}"
    assert "Ivo Berg" in asked and "Ivo Berg" not in held  # a job near it is no hard time


def test_an_old_hard_time_or_the_users_own_holds_no_one_back(
    store: Session, embedder: Embedder, fake: FakeListener
) -> None:
    # Hana's note is over 90 days before the day asked for: no longer now. Ivo's holds the
    # user's own ("my husband").
    _seed(store, fake, "2026-06-01", "I told him my husband is on the transplant list.")
    asked, held = _asked_and_held(store, embedder, HardTimeModel.load())
    assert {"Hana Sato", "Ivo Berg"} <= asked
    assert not {"Hana Sato", "Ivo Berg"} & set(held)


def test_a_model_for_other_vectors_is_not_used(store: Session, embedder: Embedder) -> None:
    model = HardTimeModel.load()
    assert model is not None
    other = HardTimeModel(model.weights, model.intercept, model.threshold, "another-model")
    assert Asker(store, embedder, hard_times=other).hard_times is None
    assert Asker(store, embedder, hard_times=model).hard_times is model
