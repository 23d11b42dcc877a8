"""The reciprocity commands end to end: give, received, thank, ledger, tier, intro, trail,
done, dismiss, snooze, today and what ``next`` says about the ledger. Real store; the real
embedder where ranking is involved; the scripted listener for notes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.engine.ledger.test_reciprocity import CATALOG, PANDAS
from tests.support.cli import assert_one_error, heavy_imports, row_counts, run
from tests.support.fakes import FakeListener

# Reciprocity is wanting to give back, not keeping score: no output may read like a debt.
NAGGING = re.compile(
    r"\b(owes?|owed|owing|debts?|overdue|must|failed to|you should|"
    r"pay (?:back|off)|in return)\b",
    re.I,
)


def ok(result: Result) -> Result:
    """A successful run, whose every word was read for the stance."""
    assert result.exit_code == 0, (result.output, result.exception)
    assert not NAGGING.search(result.output), NAGGING.search(result.output)
    return result


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


@pytest.fixture
def store(db_path: Path, tmp_path: Path, fake: FakeListener) -> Path:
    notes = tmp_path / "notes.jsonl"
    rows = [
        {"contact": "Tom Becker", "date": "2026-03-01", "text": f"Call. {PANDAS}"},
        {"contact": "Ann Lee", "date": "2026-03-01", "text": "Coffee. [interest:marathon]"},
    ]
    notes.write_text("".join(json.dumps(r) + "\n" for r in rows))
    ok(run(db_path, "note", "import", str(notes), listener=fake))
    return db_path


def catalog(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "gives.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": r.external_id, "type": str(r.type), "title": r.title, "text": r.text})
            + "\n"
            for r in CATALOG
        )
    )
    ok(run(db_path, "catalog", "import", str(path)))


def test_favors_both_ways_thank_yous_and_the_ledger(store: Path) -> None:
    given = as_json(
        run(
            store,
            "give",
            "--to",
            "Ann Lee",
            "--kind",
            "Value-Exchange",
            "--value",
            "120",
            "--date",
            "2026-03-05",
            "--json",
            "Covered the workshop fee",
        )
    )
    assert (given["kind"], given["value"], given["direction"]) == ("value_exchange", 120.0, "given")
    got = as_json(
        run(
            store,
            "received",
            "--from",
            "Tom Becker",
            "--kind",
            "referral",
            "--date",
            "2026-03-10",
            "--json",
            "Sent me a client",
        )
    )
    assert (got["kind"], got["thanked_on"], got["direction"]) == ("lead", None, "received")
    text = ok(
        run(
            store,
            "received",
            "--from",
            "Ann Lee",
            "--kind",
            "advice",
            "--date",
            "2026-03-12",
            "Read my essay",
        )
    ).stdout
    assert 'When you have thanked them: giveback thank "Ann Lee"' in text
    ok(
        run(
            store,
            "received",
            "--from",
            "Ann Lee",
            "--kind",
            "hospitality",
            "--date",
            "2026-03-13",
            "--thanked",
            "Dinner",
        )
    )
    ledger = as_json(run(store, "ledger", "--as-of", "2026-03-20", "--json"))
    by_name = {b["contact"]: b for b in ledger["balances"]}
    assert (by_name["Tom Becker"]["received"], by_name["Tom Becker"]["given"]) == (3.0, 0.0)
    assert by_name["Ann Lee"]["received"] == 2.0 + 1.5 and by_name["Ann Lee"]["given_value"] == 120
    assert [b["contact"] for b in ledger["helped_lately"]] == ["Ann Lee", "Tom Becker"]
    assert [t["contact"] for t in ledger["not_thanked"]] == ["Tom Becker", "Ann Lee"]
    text = ok(run(store, "ledger", "--as-of", "2026-03-20")).stdout
    assert "Helped you lately; nothing given back since" in text and "Not thanked yet" in text
    assert f'giveback thank "Tom Becker" --for {got["id"]}' in text
    drafts = as_json(run(store, "thank", "Tom Becker", "--draft", "--json"))
    assert (
        drafts[0]["draft"] == "Hi Tom, thank you again for the lead (Sent me a client). "
        "It really helped."
    )
    closed = as_json(
        run(store, "thank", "Tom Becker", "--for", str(got["id"]), "--date", "2026-03-21", "--json")
    )
    assert [t["entry_id"] for t in closed["closed"]] == [got["id"]]
    again = ok(run(store, "thank", "Tom Becker", "--for", str(got["id"]))).stdout
    assert again.startswith("You already thanked Tom Becker for that on Mar 21, 2026.")
    one = as_json(run(store, "ledger", "Ann Lee", "--as-of", "2026-03-20", "--json"))
    assert [e["description"] for e in one["entries"]] == [
        "Dinner",
        "Read my essay",
        "Covered the workshop fee",
    ]
    assert [e.get("thanked_on") for e in one["entries"]] == ["2026-03-13", None, None]
    assert one["balance"]["helped_lately"] and len(one["not_thanked"]) == 1
    text = ok(run(store, "ledger", "Ann Lee", "--as-of", "2026-03-20")).stdout
    assert "They helped you lately" in text and "not yet" in text
    assert_one_error(
        run(store, "received", "--from", "Ann Lee", "--kind", "bribe", "x"),
        "unknown favor kind 'bribe'",
    )
    assert_one_error(run(store, "thank", "Ann Lee", "--for", "999"), "no ledger entry 999")
    assert_one_error(
        run(store, "give", "--to", "Ann Lee", "--kind", "advice", "--value", "-1", "x"),
        "value must be",
    )


def test_tiers_and_keeping_in_touch(store: Path) -> None:
    assert heavy_imports(store, "ledger") == ("", "0")
    text = ok(run(store, "tier", "Tom Becker", "close", "--as-of", "2026-04-01")).stdout
    assert text.splitlines() == [
        "Tom Becker is close: keep in touch every 14 days.",
        "You last talked on Mar 1, 2026. It has been a while; they will come up in "
        "`giveback next` and `giveback today`.",
    ]
    custom = as_json(
        run(store, "tier", "Ann Lee", "--every", "60", "--as-of", "2026-04-01", "--json")
    )
    assert (custom["tier"], custom["cadence_days"], custom["keep_in_touch"]["due"]) == (
        None,
        60,
        False,
    )
    assert (
        "Next touch around Apr 30, 2026."
        in ok(run(store, "tier", "Ann Lee", "--as-of", "2026-04-01")).stdout
    )
    cold = as_json(run(store, "ledger", "--as-of", "2026-04-01", "--json"))["going_cold"]
    assert [k["contact"] for k in cold] == ["Tom Becker"]
    ok(run(store, "give", "--to", "Tom Becker", "--kind", "advice", "--date", "2026-03-30", "x"))
    assert as_json(run(store, "ledger", "--as-of", "2026-04-01", "--json"))["going_cold"] == []
    assert "no tier" in ok(run(store, "tier", "Tom Becker", "none")).stdout


def test_introductions_and_the_trail(store: Path) -> None:
    ok(run(store, "intro", "me", "Priya Nair", "--by", "Tom Becker", "--date", "2026-01-05"))
    ok(run(store, "intro", "me", "Sam Ode", "--by", "Priya Nair", "--date", "2026-03-02"))
    made = as_json(
        run(store, "intro", "Lee Wong", "ME", "--by", "Sam Ode", "--date", "2026-05-10", "--json")
    )
    assert made["text"] == "Sam Ode introduced you to Lee Wong" and made["ledger_entries"]
    mine = ok(run(store, "intro", "Ann Lee", "Lee Wong", "--date", "2026-06-01")).stdout
    assert "Recorded introduction #4: You introduced Ann Lee and Lee Wong" in mine
    assert "It is in the ledger as a give to both." in mine
    outcome = as_json(
        run(
            store,
            "intro",
            "outcome",
            str(made["id"]),
            "deal",
            "--date",
            "2026-09-01",
            "--json",
            "signed the pilot",
        )
    )
    assert outcome["opened_thanks"] == ["Sam Ode", "Priya Nair", "Tom Becker"]
    trail = as_json(run(store, "trail", "Lee Wong", "--json"))
    assert trail["started_by"] == "Tom Becker"
    assert [h["text"] for h in trail["hops"]] == [
        "Tom Becker introduced you to Priya Nair",
        "Priya Nair introduced you to Sam Ode",
        "Sam Ode introduced you to Lee Wong",
    ]
    [payoff] = trail["payoffs"]
    assert [t["contact"] for t in payoff["thank"]] == ["Sam Ode", "Priya Nair", "Tom Becker"]
    text = ok(run(store, "trail", "Lee Wong")).stdout
    assert "  3. Sam Ode introduced you to Lee Wong (May 10, 2026)  · a deal (Sep 1, 2026)" in text
    assert "Tom Becker started it." in text and "Priya Nair  not thanked yet" in text
    listed = as_json(run(store, "intro", "list", "Lee Wong", "--json"))
    assert [i["id"] for i in listed] == [4, 3]
    assert "no introduction #99" in run(store, "intro", "outcome", "99", "met").stderr
    assert_one_error(run(store, "intro", "me", "myself", "--by", "Ann Lee"), "at least one other")


def test_done_dismiss_snooze_and_what_next_says(store: Path, tmp_path: Path, embedder: Any) -> None:
    catalog(store, tmp_path)
    tom = as_json(
        run(store, "suggest", "--contact", "Tom Becker", "--as-of", "2026-04-01", "--json")
    )
    assert tom[0]["item_id"] == "art-pandas-book"
    text = ok(run(store, "dismiss", "Tom Becker", "art-pandas-book")).stdout
    assert "items like it rank lower for Tom" in text
    after = as_json(
        run(store, "suggest", "--contact", "Tom Becker", "--as-of", "2026-04-01", "--json")
    )
    assert "art-pandas-book" not in [g["item_id"] for g in after]
    again = ok(run(store, "dismiss", "Tom Becker", "art-pandas-book", "--reason", "already-has"))
    assert "will not be suggested to Tom Becker again." in again.stdout  # nothing else lowered
    assert_one_error(
        run(store, "dismiss", "Tom Becker", "art-pandas-book", "--reason", "boring"),
        "'boring' is not one of",
    )
    assert (
        as_json(
            run(store, "snooze", "Tom Becker", "off-pairing", "--until", "2099-01-01", "--json")
        )["until"]
        == "2099-01-01"
    )
    assert_one_error(
        run(store, "snooze", "Tom Becker", "off-pairing", "--until", "2020-01-01"), "after today"
    )
    done = as_json(run(store, "done", "Ann Lee", "art-marathon", "--date", "2026-03-20", "--json"))
    assert done["changed"] and done["entry_id"]
    assert "Already recorded" in ok(run(store, "done", "Ann Lee", "art-marathon")).stdout
    assert_one_error(run(store, "dismiss", "Tom Becker", "nope"), "no catalog item with id 'nope'")
    # Tom is close and has not been in touch for a month: next says so, first.
    ok(run(store, "tier", "Tom Becker", "close"))
    gives = as_json(run(store, "next", "--as-of", "2026-04-01", "--json"))
    assert gives[0]["contact"] == "Tom Becker" and gives[0]["past_cadence"]
    assert gives[0]["last_talked"] == "2026-03-01" and gives[0]["weight"] > 1
    assert gives[0]["nudge"] == "You last talked on Mar 1, 2026."
    table = ok(run(store, "next", "--as-of", "2026-04-01", "--drafts")).stdout
    assert "why    You last talked on Mar 1, 2026." in table
    # Today: one small act, marked done, and the streak.
    ok(
        run(
            store,
            "received",
            "--from",
            "Ann Lee",
            "--kind",
            "advice",
            "--date",
            "2026-03-30",
            "Read my essay",
        )
    )
    day = as_json(run(store, "today", "--date", "2026-04-01", "--json"))
    assert (day["act"]["kind"], day["act"]["contact"]) == ("thank", "Ann Lee")
    text = ok(run(store, "today", "--date", "2026-04-01")).stdout
    assert "One small act for today" in text and "When it is done: giveback today --done" in text
    marked = ok(run(store, "today", "--done", "--date", "2026-04-01")).stdout
    assert marked.splitlines() == [
        "Done for today: Thank Ann Lee",
        "Challenge day 1 of 30: 1 day done, a streak of 1 day.",
    ]
    assert as_json(run(store, "ledger", "--json"))["not_thanked"] == []
    assert_one_error(run(store, "today", "x"), "WHAT goes with --done")


def test_received_from_a_new_name_creates_the_contact(store: Path) -> None:
    result = ok(run(store, "received", "--from", "Tom", "--kind", "advice", "Read my essay"))
    assert result.stderr == ""  # a first name that fits one contact is that contact
    assert "from Tom Becker" in result.stdout
    new = ok(run(store, "received", "--from", "Nadia Noor", "--kind", "advice", "Intro tips"))
    assert new.stderr == "warning: created a new contact 'Nadia Noor'\n"
    assert "Recorded advice from Nadia Noor" in new.stdout
    listed = as_json(run(store, "ledger", "Nadia Noor", "--json"))
    assert [e["description"] for e in listed["entries"]] == ["Intro tips"]
    like = ok(run(store, "received", "--from", "Becker", "--kind", "advice", "x"))
    assert like.stderr == "warning: created a new contact 'Becker'; did you mean Tom Becker?\n"
    before = row_counts(store, ("contacts", "ledger_entries"))
    assert_one_error(
        run(store, "received", "--from", "Ida Nowak", "--kind", "bribe", "x"),
        "unknown favor kind 'bribe'",
    )
    assert row_counts(store, ("contacts", "ledger_entries")) == before
