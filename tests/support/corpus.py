"""A tiny labeled corpus in the annotation guide's format, for training the learned listener.

Small enough to train on in seconds, yet with every kind, status and owner the models learn,
and threads whose later notes close earlier signals in several ways (met, done by the user,
postponed, no longer wanted), so that every head of both models has two classes to tell apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Row = dict[str, Any]


def sig(
    sid: str,
    kind: str,
    phrase: str,
    evidence: str,
    *,
    about: str = "contact",
    who: str | None = None,
    status: str = "active",
    event_date: str | None = None,
) -> Row:
    """One labeled signal."""
    return {
        "id": sid,
        "kind": kind,
        "phrase": phrase,
        "evidence": evidence,
        "about": about,
        "who": who,
        "status": status,
        "event_date": event_date,
    }


def note(
    nid: str,
    contact: str,
    day: str,
    text: str,
    signals: list[Row],
    closures: list[Row] | None = None,
    style: str = "narrative",
) -> Row:
    """One labeled note; the thread and writer come from its id (``w1-t01-n2``)."""
    return {
        "id": nid,
        "thread": nid.rsplit("-", 1)[0],
        "writer": nid.split("-")[0],
        "contact": contact,
        "aliases": [contact.split()[0]],
        "date": day,
        "style": style,
        "domain": "founders",
        "text": text,
        "signals": signals,
        "closures": closures or [],
    }


def closes(target: str, evidence: str, how: str) -> Row:
    """One labeled closure of an earlier note's signal."""
    return {"closes": target, "evidence": evidence, "how": how}


TRAIN = [
    note(
        "w1-t01-n1",
        "Dana Ruiz",
        "2026-01-10",
        "Coffee w/ Dana\n- raising a seed round\n- looking for a contracts lawyer\n"
        "- training for the Chicago marathon\n- I'll send her the term sheet primer\n"
        "- don't send her anything about wine",
        [
            sig("s1", "need", "seed round", "raising a seed round"),
            sig("s2", "need", "contracts lawyer", "looking for a contracts lawyer"),
            sig("s3", "interest", "chicago marathon", "training for the Chicago marathon"),
            sig(
                "s4",
                "commitment",
                "send the term sheet primer",
                "I'll send her the term sheet primer",
                about="user",
            ),
            sig("s5", "caution", "wine", "don't send her anything about wine"),
        ],
        style="bullets",
    ),
    note(
        "w1-t01-n2",
        "Dana Ruiz",
        "2026-03-02",
        "Quick call with Dana. She found a lawyer through a friend. "
        "Sent her the primer last week. Still raising the seed round.",
        [
            sig("s1", "need", "lawyer", "She found a lawyer through a friend", status="resolved"),
            sig("s2", "need", "seed round", "Still raising the seed round"),
        ],
        [
            closes("w1-t01-n1/s2", "She found a lawyer through a friend", "met"),
            closes("w1-t01-n1/s4", "Sent her the primer last week", "done_by_user"),
        ],
        style="update",
    ),
    note(
        "w1-t02-n1",
        "Sam Ode",
        "2026-01-20",
        "Lunch with Sam. He needs a nanny for the twins. Moving to Denver in May. "
        "He is not into golf anymore.",
        [
            sig("s1", "need", "nanny", "He needs a nanny for the twins"),
            sig(
                "s2", "event", "move to denver", "Moving to Denver in May", event_date="2026-05-01"
            ),
            sig("s3", "interest", "golf", "He is not into golf anymore", status="negated"),
        ],
    ),
    note(
        "w1-t02-n2",
        "Sam Ode",
        "2026-04-01",
        "Sam update: the agency found them a nanny. The Denver move is pushed to next year.",
        [sig("s1", "need", "nanny", "the agency found them a nanny", status="resolved")],
        [
            closes("w1-t02-n1/s1", "the agency found them a nanny", "met"),
            closes("w1-t02-n1/s2", "The Denver move is pushed to next year", "postponed"),
        ],
        style="update",
    ),
    note(
        "w1-t03-n1",
        "Lee Wong",
        "2026-02-05",
        "Met Lee at the conference. She loves sourdough baking. Her son Eli wants an "
        "internship in design. I promised to intro her to Priya.",
        [
            sig("s1", "interest", "sourdough baking", "She loves sourdough baking"),
            sig(
                "s2",
                "need",
                "internship in design",
                "Her son Eli wants an internship in design",
                about="third_party",
                who="Eli",
            ),
            sig(
                "s3",
                "commitment",
                "intro to priya",
                "I promised to intro her to Priya",
                about="user",
            ),
        ],
    ),
    note(
        "w1-t03-n2",
        "Lee Wong",
        "2026-05-01",
        "Lee said Eli found an internship at a studio. She is done with baking for now.",
        [
            sig(
                "s1",
                "need",
                "internship",
                "Eli found an internship at a studio",
                about="third_party",
                who="Eli",
                status="resolved",
            ),
            sig("s2", "interest", "baking", "She is done with baking for now", status="negated"),
        ],
        [
            closes("w1-t03-n1/s2", "Eli found an internship at a studio", "met"),
            closes("w1-t03-n1/s1", "She is done with baking for now", "no_longer_wanted"),
        ],
        style="update",
    ),
    note(
        "w1-t04-n1",
        "Ana Silva",
        "2026-02-01",
        "Call with Ana. She is hiring two engineers. She hates being sent articles. "
        "Her wedding is on June 12.",
        [
            sig("s1", "need", "two engineers", "She is hiring two engineers"),
            sig("s2", "caution", "articles", "She hates being sent articles"),
            sig("s3", "event", "wedding", "Her wedding is on June 12", event_date="2026-06-12"),
        ],
    ),
    note(
        "w1-t05-n1",
        "Ben Cole",
        "2026-02-11",
        "Ben is learning Spanish for fun. I'll ask around for tutors for him. "
        "I need a new dentist myself.",
        [
            sig("s1", "interest", "spanish", "Ben is learning Spanish for fun"),
            sig(
                "s2",
                "commitment",
                "ask around for tutors",
                "I'll ask around for tutors for him",
                about="user",
            ),
            sig("s3", "need", "new dentist", "I need a new dentist myself", about="user"),
        ],
    ),
]

DEV = [
    note(
        "w2-t01-n1",
        "Mark Bell",
        "2026-02-01",
        "Chat with Mark\n- looking for an accountant\n- into cycling on weekends\n"
        "- I'll send him the tax checklist\n- no more recruiter intros please",
        [
            sig("s1", "need", "accountant", "looking for an accountant"),
            sig("s2", "interest", "cycling", "into cycling on weekends"),
            sig(
                "s3",
                "commitment",
                "send the tax checklist",
                "I'll send him the tax checklist",
                about="user",
            ),
            sig("s4", "caution", "recruiter intros", "no more recruiter intros please"),
        ],
        style="bullets",
    ),
    note(
        "w2-t01-n2",
        "Mark Bell",
        "2026-04-10",
        "Mark update: he found an accountant near his office. Still cycling a lot.",
        [
            sig(
                "s1",
                "need",
                "accountant",
                "he found an accountant near his office",
                status="resolved",
            ),
            sig("s2", "interest", "cycling", "Still cycling a lot"),
        ],
        [closes("w2-t01-n1/s1", "he found an accountant near his office", "met")],
        style="update",
    ),
    note(
        "w2-t02-n1",
        "Jo Park",
        "2026-01-15",
        "Jo is raising money for her bakery. She runs every morning. "
        "Her daughter starts college in September.",
        [
            sig("s1", "need", "money for her bakery", "Jo is raising money for her bakery"),
            sig("s2", "interest", "running", "She runs every morning"),
            sig(
                "s3",
                "event",
                "starts college",
                "Her daughter starts college in September",
                about="third_party",
                who="her daughter",
                event_date="2026-09-01",
            ),
        ],
    ),
    note(
        "w2-t02-n2",
        "Jo Park",
        "2026-03-20",
        "Jo said the bakery round closed. She is done with running after the injury.",
        [sig("s1", "interest", "running", "She is done with running", status="negated")],
        [
            closes("w2-t02-n1/s1", "Jo said the bakery round closed", "met"),
            closes("w2-t02-n1/s2", "She is done with running after the injury", "no_longer_wanted"),
        ],
        style="update",
    ),
    note(
        "w2-t03-n1",
        "Kim Lo",
        "2026-02-20",
        "Kim wants an intro to a good dentist. She is allergic to nuts.",
        [
            sig("s1", "need", "intro to a good dentist", "Kim wants an intro to a good dentist"),
            sig("s2", "caution", "nuts", "She is allergic to nuts"),
        ],
    ),
    note(
        "w2-t04-n1",
        "Eva Stone",
        "2026-03-01",
        "Eva is looking for a new job in product. She loves hiking in the Alps.",
        [
            sig("s1", "need", "new job in product", "Eva is looking for a new job in product"),
            sig("s2", "interest", "hiking", "She loves hiking in the Alps"),
        ],
    ),
]


def write_rows(path: Path, rows: list[Row]) -> Path:
    """Write labeled notes as JSON Lines (the folder is created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_corpus(root: Path) -> Path:
    """The tiny corpus under ``root``: ``train/w1.jsonl`` and ``dev/w2.jsonl``."""
    write_rows(root / "train" / "w1.jsonl", TRAIN)
    write_rows(root / "dev" / "w2.jsonl", DEV)
    return root
