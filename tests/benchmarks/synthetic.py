"""Generated data for the benchmarks: a large catalog and a large network, reproducibly."""

from __future__ import annotations

import json
import random
from pathlib import Path

TOPICS = [
    "contracts lawyer",
    "seed round",
    "marathon training",
    "sourdough baking",
    "product design",
    "backend hiring",
    "data engineering",
    "college essays",
    "moving to Denver",
    "SOC 2 audits",
    "salary negotiation",
    "first-time managers",
    "podcast launch",
    "grant writing",
    "nonprofit boards",
    "assisted living",
    "nurse licensing",
    "angel investing",
    "woodworking",
    "jazz piano",
    "climbing",
    "cycling",
    "chess",
    "wine",
    "sales hiring",
    "FinOps",
    "Rust",
    "Kubernetes costs",
    "conference talks",
    "self-publishing",
    "picture books",
    "mock interviews",
    "cash-flow models",
    "SBA loans",
    "restaurant openings",
    "visa applications",
    "UX research",
    "pricing pages",
    "churn reduction",
    "B2B marketing",
    "fundraising decks",
    "tax accountants",
    "bookkeeping",
    "parental leave",
    "daycare search",
    "home buying",
    "remote work",
    "gardening",
    "birding",
    "photography",
]
ANGLES = [
    "a beginner's guide to",
    "lessons learned from",
    "a checklist for",
    "what nobody tells",
    "the economics of",
    "a field guide to",
    "common mistakes in",
    "how experts approach",
    "a case study on",
    "tools for",
]
OFFERS = [
    "Review your",
    "Pair with you on",
    "Walk you through",
    "Lend you my notes on",
    "Intro you to my network for",
    "Host a session on",
]
FIRST = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Lena",
    "Mo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Xu",
    "Yara",
    "Zoe",
]
LAST = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fox",
    "Gray",
    "Hill",
    "Ito",
    "Jones",
    "Khan",
    "Lee",
    "Moss",
    "Ng",
    "Ortiz",
    "Park",
    "Quist",
    "Ruiz",
    "Shah",
    "Tran",
]


def person(i: int) -> str:
    """A unique, stable person name for index ``i``."""
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}"


def catalog_rows(n: int, people: int = 1000, seed: int = 7) -> list[dict]:
    """``n`` catalog items: articles, offers and ``people`` contacts."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        topic = rng.choice(TOPICS)
        other = rng.choice(TOPICS)
        if i < people:
            rows.append(
                {
                    "id": f"con-{i}",
                    "type": "contact",
                    "title": person(i),
                    "text": f"Works on {topic}; happy to help people with {other}.",
                    "url": None,
                    "tags": [topic],
                }
            )
        elif i % 5 == 0:
            rows.append(
                {
                    "id": f"off-{i}",
                    "type": "offer",
                    "title": f"{rng.choice(OFFERS)} {topic}",
                    "text": f"I can spend an hour on {topic} and {other}.",
                    "url": None,
                    "tags": [topic],
                }
            )
        else:
            angle = rng.choice(ANGLES)
            rows.append(
                {
                    "id": f"art-{i}",
                    "type": "article",
                    "title": f"{angle.capitalize()} {topic} ({i})",
                    "text": f"An article about {topic}, with notes on {other}. "
                    f"Practical advice, examples and a reading list.",
                    "url": f"https://example.org/a/{i}",
                    "tags": [topic, other],
                }
            )
    return rows


def write_jsonl(rows: list[dict], path: Path) -> Path:
    """Write rows as JSON Lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def meeting_note(k: int, seed: int = 0) -> str:
    """A ~250-word meeting note, different in every topic for each ``k`` (and ``seed``).

    Shaped like a real paste-in (recap bullets, speaker turns, needs, a negation, a third
    party, a resolved matter, promises), so extraction and ranking do their full work.
    """
    rng = random.Random(f"{seed}-{k}")
    t = rng.sample(TOPICS, 12)
    name = person(rng.randrange(10_000)).rsplit(" ", 1)[0]
    first = name.split()[0]
    month, later = rng.sample(_MONTHS, 2)
    return (
        f"Coffee with {name} at the usual place. The weather was awful but she was in great "
        "spirits. Quick recap:\n"
        f"- Her team is hiring for {t[0]} before the launch in {month}.\n"
        f"- She is looking for someone who really knows {t[1]}; their last advisor retired.\n"
        f"- Not interested in {t[2]} right now, maybe next year if the pilots convert.\n"
        f"- Really into {t[3]}, and she has been reading a lot about {t[4]}.\n"
        f"- Her husband might be looking for help with {t[5]} after the reorg at his company.\n"
        f"- Kid is stressed about {t[6]}; they are touring campuses next month.\n"
        f"- They are moving in {later}, which she is excited about but nervous too.\n"
        f"Me: I'll send her the {t[7]} checklist tomorrow and I promised to intro her to "
        f"{person(rng.randrange(10_000))}, who knows {t[1]}. {first}: That would be amazing, "
        f"thank you. Also, do you know someone good for {t[8]}? Our last person is leaving at "
        "the end of the quarter and it is a mess. Me: Happy to ask around. I can also review "
        f"the {t[9]} plan this weekend if that helps. She said the {t[10]} problem is sorted "
        f"now, so that one is done. We talked about {t[11]} for a while; she loves it on "
        f"weekends. Follow up in two weeks about {t[0]} and the intro, and check whether the "
        "launch date moved. Overall a warm conversation, lots to give back."
    )
