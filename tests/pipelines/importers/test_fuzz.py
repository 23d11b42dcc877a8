"""Every importer on any content: records, or one refusal, never a traceback.

Hypothesis writes the files: random bytes, and text shaped like each format (JSON Lines,
CSV with the headers the detector knows, vCards, feeds, OPML, URL lists) with random
values, encodings and damage.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giveback.core.errors import GivebackError
from giveback.pipelines.importers import FORMATS, ParseResult, parse_file

VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "\ufeff", "🎉", "=SUM(A1)", '"', "'", ",", ";", "\n",
                     "https://example.org/a?b=c", "mailto:x@y.z", "2026-02-30", "-1", "1e309"]),
)  # fmt: skip


def _jsonl(rows: Sequence[Mapping[str, object]]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)


def _csv(header: list[str], rows: list[list[str]]) -> str:
    quote = lambda v: '"' + v.replace('"', '""') + '"'  # noqa: E731
    return "\n".join(",".join(quote(v) for v in line) for line in [header, *rows])


JSONL = st.lists(
    st.dictionaries(st.sampled_from(["id", "type", "title", "text", "url", "tags", "email",
                                     "name", "aliases"]), VALUES, max_size=6),
    max_size=6,
).map(_jsonl)  # fmt: skip
CSV = st.builds(
    _csv,
    st.sampled_from([
        ["id", "type", "title", "text", "url", "tags"],
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
         "Connected On"],
        ["Name", "Given Name", "Family Name", "E-mail 1 - Value", "Organization 1 - Name"],
        ["First Name", "Last Name", "E-mail Address", "Company", "Job Title"],
    ]),
    st.lists(st.lists(st.text(max_size=20), min_size=0, max_size=8), max_size=5),
)  # fmt: skip
VCARD = st.lists(
    st.tuples(st.sampled_from(["FN", "N", "EMAIL;TYPE=work", "ORG", "NOTE", "URL",
                               "TEL;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE", "X-FOO"]),
              st.text(max_size=30)),
    max_size=8,
).map(lambda fields: "BEGIN:VCARD\r\nVERSION:3.0\r\n"
      + "".join(f"{k}:{v}\r\n" for k, v in fields) + "END:VCARD\r\n")  # fmt: skip
FEED = st.builds(
    lambda title, link, body: (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>{title}</title><link>{link}</link><description>{body}</description>"
        "</item></channel></rss>"
    ),
    st.text(max_size=30), st.text(max_size=30), st.text(max_size=60),
)  # fmt: skip
OPML = st.builds(
    lambda url, text: (
        '<?xml version="1.0"?><opml version="2.0"><body>'
        f'<outline text="{text}" xmlUrl="{url}"/></body></opml>'
    ),
    st.text(max_size=40), st.text(max_size=20),
)  # fmt: skip
URLS = st.lists(st.one_of(st.text(max_size=40), st.just("https://example.org/x")),
                max_size=10).map("\n".join)  # fmt: skip

CONTENTS = st.one_of(
    st.binary(max_size=2000),
    st.one_of(JSONL, CSV, VCARD, FEED, OPML, URLS).flatmap(
        lambda text: st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]).map(
            lambda codec: text.encode(codec, errors="replace")
        )
    ),
    st.one_of(JSONL, CSV, VCARD, FEED, OPML, URLS).map(lambda t: t.encode()[: len(t) // 2]),
)


def _one(data: bytes, name: str, fmt: str | None) -> None:
    try:
        result = parse_file(data, name, fmt) if fmt else parse_file(data, name)
    except GivebackError as refusal:
        assert str(refusal).strip()  # one sentence saying why
        return
    assert isinstance(result, ParseResult)
    for record in result.records:
        assert record.external_id and record.title.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=CONTENTS, name=st.sampled_from(["gives.jsonl", "c.csv", "x.vcf", "f.xml", "a.opml",
                                            "u.txt", "no-extension", "weird.💥"]))  # fmt: skip
def test_any_file_is_read_or_refused_by_detection(data: bytes, name: str) -> None:
    _one(data, name, None)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=CONTENTS)
def test_any_file_is_read_or_refused_by_each_importer(fmt: str, data: bytes) -> None:
    _one(data, f"file.{fmt}", fmt)
