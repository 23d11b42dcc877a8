"""A need read as active by a hair is heard as met or given up: the cheaper of the two mistakes."""

from __future__ import annotations

import numpy as np

from giveback.pipelines.learned.artifact import default_path, load
from giveback.pipelines.learned.signals.model import lean_from_active
from giveback.pipelines.learned.train import read_config
from tests.support.paths import ROOT

CLASSES = ["active", "hedged", "negated", "resolved"]


def test_a_need_active_by_less_than_the_lean_is_met() -> None:
    # "license renewed in April, all good": active 0.49, resolved 0.48.
    rows = np.array([[0.49, 0.02, 0.01, 0.48], [0.60, 0.02, 0.02, 0.36]])
    assert lean_from_active(rows, CLASSES, ["need", "need"], 0.2) == ["resolved", "active"]


def test_a_need_active_by_less_than_the_lean_over_given_up_is_negated() -> None:
    # "so she's stopped looking for a tutor": active 0.53, negated 0.44.
    rows = np.array([[0.53, 0.00, 0.44, 0.03]])
    assert lean_from_active(rows, CLASSES, ["need"], 0.2) == ["negated"]


def test_without_a_lean_the_likeliest_status_stands() -> None:
    rows = np.array([[0.49, 0.02, 0.01, 0.48]])
    assert lean_from_active(rows, CLASSES, ["need"], 0.0) == ["active"]


def test_only_needs_lean_and_only_from_active() -> None:
    rows = np.array(
        [
            [0.49, 0.02, 0.01, 0.48],  # a promise keeps the status it reads as
            [0.40, 0.45, 0.05, 0.10],  # a hedged need stays hedged
            [0.45, 0.02, 0.03, 0.50],  # a met need stays met
        ]
    )
    assert lean_from_active(rows, CLASSES, ["commitment", "need", "need"], 0.2) == [
        "active",
        "hedged",
        "resolved",
    ]


def test_the_shipped_config_sets_the_lean_chosen_on_dev() -> None:
    config = read_config(ROOT / "models" / "listener" / "config.toml")
    assert config.signals.settled_lean == 0.2
    # Training carried it into the shipped model, which is what listening reads.
    assert load(default_path()).signals.config.settled_lean == config.signals.settled_lean
