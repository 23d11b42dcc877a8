"""The importers on small inline files: our own JSONL/CSV, URL lists, detection, decoding,
vCard and feed edge cases, and that no bytes at all make them crash."""

from __future__ import annotations

import codecs
import dataclasses
import random
from datetime import date

import pytest

from giveback.core.domain import ItemType
from giveback.core.errors import ImportRefused, InvalidInput
from giveback.pipelines.importers import ParseResult, detect_format, parse_file
from giveback.pipelines.importers.decode import decode_bytes

JSONL = b"""\
{"id": "a1", "type": "article", "title": "Negotiating SaaS contracts", "text": "A guide.", \
"url": "https://example.com/saas", "tags": ["legal", "saas"]}
{"id": "c1", "type": "contact", "title": "Priya Raman", "text": "Reviews SaaS contracts", \
"tags": "legal; contracts", "email": "Priya@Example.com", "aliases": "Pri"}
{"type": "offer", "title": "Review a pitch deck", "tags": "startups, fundraising"}
{"type": "article", "title": "No id, has url", "url": "https://example.com/x?utm_source=a"}

this line is not json
{"id": "a1", "type": "article", "title": "Negotiating SaaS contracts again"}
{"id": "z9", "type": "podcast", "title": "Unknown type"}
{"id": "z8", "type": "article"}
"""

CATALOG_CSV = b"""\
id,type,title,text,url,tags
a1,article,Negotiating SaaS contracts,A guide.,https://example.com/saas,legal;saas
c1,contact,Priya Raman,"Reviews SaaS contracts, fast",,"legal, contracts"
,offer,Lend a road bike,,,
"""

URLS = b"""\
# reading list
https://example.com/one
https://example.com/two A title after the url
A title before the url - https://example.com/three
Pipe title | https://example.com/four
- [Markdown title](https://example.com/five)
See (https://en.wikipedia.org/wiki/Bridge_(card_game)).
just words, no address
https://example.com/one
"""

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Subs</title></head><body>
<outline text="Tech" title="Tech">
  <outline type="rss" text="Blog A" xmlUrl="https://a.example/feed" htmlUrl="https://a.example"/>
  <outline type="rss" text="Blog B" xmlUrl="https://b.example/rss"/>
</outline>
<outline text="Other"><outline type="rss" text="Blog A" xmlUrl="https://a.example/feed"/></outline>
</body></opml>
"""

RDF = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://x.example/"><title>X</title><link>https://x.example/</link>
<description>d</description></channel>
<item rdf:about="https://x.example/1"><title>First &amp; best</title>
<link>https://x.example/1</link>
<description>&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</description>
<dc:date>2024-03-05T10:00:00Z</dc:date></item>
<item rdf:about="https://x.example/2"><title>Second</title><link>https://x.example/2</link></item>
</rdf:RDF>
"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title>Entry</title><id>urn:a:1</id><link rel="alternate" href="https://a.example/1"/>
<updated>2024-01-02T00:00:00Z</updated><summary>Sum</summary></entry>
</feed>
"""

RSS_BOZO = b"""<rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://r.example/?a=1&b=2</link></item>
<item><title>Two</title><link>https://r.example/2</link></item>
</channel></rs"""

VCARD = (
    b"junk before the first card\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
    b"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:L=C3=B3pez;Mar=\r\n=C3=ADa;;;\r\n"
    b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Mar=C3=ADa L=C3=B3pez\r\n"
    b"EMAIL;PREF;INTERNET:Maria@Example.com\r\n"
    b"ORG:Acme;Legal\r\nTITLE:Counsel\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Doe, Jane\r\nNICKNAME:JD,Janie\r\n"
    b"item1.EMAIL;type=INTERNET:jane@example.org\r\nitem1.X-ABLabel:work\r\n"
    b"NOTE:Line one\\nline two\\, with comma\r\nCATEGORIES:VIP,My Contacts\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=windows-1252:M\xfcller;J\xfcrgen\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\n"
)


def _ids(result: ParseResult) -> list[str]:
    return [r.external_id for r in result.records]


# -- our own JSON Lines and CSV ------------------------------------------------------------------


def test_jsonl_reads_good_lines_and_skips_bad_ones() -> None:
    result = parse_file(JSONL, "catalog.jsonl")
    assert result.format == "jsonl"
    assert _ids(result) == [
        "a1",
        "c1",
        "offer:review a pitch deck",
        "url:https://example.com/x",
    ]
    article, contact, offer, derived = result.records
    assert article.type is ItemType.ARTICLE and article.tags == ("legal", "saas")
    assert contact.type is ItemType.CONTACT and contact.tags == ("legal", "contracts")
    assert contact.email == "priya@example.com" and contact.aliases == ("Pri",)
    assert offer.type is ItemType.OFFER and offer.tags == ("startups", "fundraising")
    assert derived.url == "https://example.com/x?utm_source=a"
    # bad json, duplicate id a1, unknown type, no title
    assert result.skipped == 4
    joined = " ".join(result.warnings)
    assert "line 6 is not valid JSON" in joined
    assert "duplicate of a1" in joined
    assert "'podcast'" in joined and "has no title" in joined


def test_json_array_is_accepted_as_jsonl() -> None:
    data = b'[{"id": "x", "type": "offer", "title": "Mock interview"}]'
    result = parse_file(data, "catalog.json")
    assert result.format == "jsonl" and _ids(result) == ["x"]


def test_jsonl_with_no_usable_item_is_refused() -> None:
    with pytest.raises(ImportRefused, match=r"^Cannot import bad\.jsonl: .*no catalog item"):
        parse_file(b'{"type": "article"}\n{"title": "no type"}\n', "bad.jsonl")
    with pytest.raises(ImportRefused, match="not JSON Lines"):
        parse_file(b"{not json at all\n", "bad.jsonl", fmt="jsonl")


def test_catalog_csv_with_tags_as_string() -> None:
    result = parse_file(CATALOG_CSV, "catalog.csv")
    assert result.format == "csv"
    assert _ids(result) == ["a1", "c1", "offer:lend a road bike"]
    assert result.records[0].tags == ("legal", "saas")
    assert result.records[1].tags == ("legal", "contracts")
    assert result.records[1].text == "Reviews SaaS contracts, fast"


def test_catalog_csv_semicolon_delimited_with_bom() -> None:
    data = codecs.BOM_UTF8 + "id;type;title;tags\r\nk1;offer;Büro-Tour;a,b\r\n".encode()
    result = parse_file(data, "export.csv")
    assert result.format == "csv"
    assert result.records[0].title == "Büro-Tour" and result.records[0].tags == ("a", "b")


# -- URL lists ---------------------------------------------------------------------------------


def test_url_list_formats() -> None:
    result = parse_file(URLS, "reading.txt")
    assert result.format == "urls"
    titles = {r.url: r.title for r in result.records}
    assert titles == {
        "https://example.com/one": "https://example.com/one",
        "https://example.com/two": "A title after the url",
        "https://example.com/three": "A title before the url",
        "https://example.com/four": "Pipe title",
        "https://example.com/five": "Markdown title",
        "https://en.wikipedia.org/wiki/Bridge_(card_game)": "See",
    }
    assert all(r.type is ItemType.ARTICLE for r in result.records)
    assert result.skipped == 2  # the line without an address, the repeated url
    assert _ids(result)[0] == "url:https://example.com/one"


def test_url_list_without_urls_is_refused() -> None:
    with pytest.raises(ImportRefused, match="no web address"):
        parse_file(b"hello\nworld\n", "list.txt", fmt="urls")


# -- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (OPML, "subscriptions.xml", "opml"),
        (RDF, "feed.rdf", "rss"),
        (RDF, "feed.xml", "rss"),
        (ATOM, "feed.xml", "atom"),
        (ATOM, "feed.rss", "atom"),
        (RSS_BOZO, "feed.txt", "rss"),
        (b"<!-- c -->\n<?xml version='1.0'?><rss version='2.0'></rss>", "f.xml", "rss"),
        (VCARD, "contacts.txt", "vcard"),
        (JSONL, "catalog.txt", "jsonl"),
        (CATALOG_CSV, "catalog.txt", "csv"),
        (URLS, "reading.csv", "urls"),
        (
            b'Notes:\n"Some note."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,'
            b"Connected On\nA,B,https://www.linkedin.com/in/ab,,X,Y,01 Jan 2024\n",
            "Connections.csv",
            "linkedin",
        ),
        (
            b"First Name,Middle Name,Last Name,E-mail 1 - Label,E-mail 1 - Value\n"
            b"A,,B,Work,a@b.example\n",
            "contacts.csv",
            "google-csv",
        ),
        (
            '"Vorname";"Nachname";"E-Mail-Adresse"\r\n"Jürgen";"Weiß";"j@w.example"\r\n'.encode(
                "cp1252"
            ),
            "kontakte.csv",
            "outlook-csv",
        ),
    ],
)
def test_detects_format_from_content(data: bytes, filename: str, expected: str) -> None:
    assert detect_format(data, filename) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\t\n", "the file is empty"),
        (b"PK\x03\x04rest-of-a-zip", "ZIP archive"),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "web page"),
        (b"<?xml version='1.0'?><svg></svg>", "root element <svg>"),
        (b"source,target,weight\na,b,1\nb,c,2\n", "columns (source, target, weight)"),
        (bytes(range(256)) * 4, "binary file"),
        (b"just some prose\nwithout anything\n", "not recognised"),
    ],
)
def test_refuses_unrecognised_files_with_one_sentence(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        parse_file(data, "/home/u/Downloads/upload.bin")
    message = str(refused.value)
    assert message.startswith("Cannot import upload.bin: ")
    assert reason in message and "\n" not in message and message.endswith(".")


def test_forced_format_that_does_not_fit_is_refused() -> None:
    with pytest.raises(ImportRefused, match="not a LinkedIn contacts export"):
        parse_file(CATALOG_CSV, "catalog.csv", fmt="linkedin")
    with pytest.raises(ImportRefused, match="no vCard"):
        parse_file(URLS, "x.vcf", fmt="vcard")


def test_unknown_format_name_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="Unknown import format"):
        parse_file(JSONL, "catalog.jsonl", fmt="xlsx")


def test_format_aliases() -> None:
    assert parse_file(RDF, "f", fmt="rdf").format == "rss"
    assert parse_file(VCARD, "f", fmt="vcf").format == "vcard"


# -- decoding ------------------------------------------------------------------------------------


def test_decode_prefers_declared_then_bom_then_utf8_then_detector() -> None:
    declared = '<?xml version="1.0" encoding="windows-1251"?><a>Привет</a>'.encode("cp1251")
    assert "Привет" in decode_bytes(declared).text
    assert decode_bytes(declared).source == "declared"
    with_bom = codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le")
    assert decode_bytes(with_bom).text == "Grüße"
    no_bom = "BEGIN:VCARD\r\nFN:Zoë\r\n".encode("utf-16-be")
    assert decode_bytes(no_bom).text.startswith("BEGIN:VCARD")
    assert decode_bytes("naïve".encode()).encoding == "utf-8"
    legacy = decode_bytes("Straße in München, Gruß aus Köln".encode("cp1252"))
    assert legacy.text == "Straße in München, Gruß aus Köln" and legacy.guessed


def test_random_bytes_never_crash() -> None:
    """Whatever the bytes, the importers either parse them or refuse them: nothing else."""
    rng = random.Random(20240501)
    seeds = [JSONL, CATALOG_CSV, URLS, OPML, RDF, ATOM, RSS_BOZO, VCARD]
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300))) for _ in range(150)]
    for seed in seeds:
        # every prefix length of each fixture, as a truncated download would leave it
        samples.extend(seed[:cut] for cut in range(0, len(seed), max(1, len(seed) // 40)))
        flipped = bytearray(seed)
        for _ in range(10):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        samples.append(bytes(flipped))
    for sample in samples:
        for fmt in ("auto", "vcard", "rss", "opml", "csv", "linkedin", "jsonl", "urls"):
            try:
                result = parse_file(sample, "sample.dat", fmt=fmt)
            except ImportRefused:
                continue
            assert isinstance(result, ParseResult)


# -- vCard -------------------------------------------------------------------------------------


def test_vcard_quoted_printable_charset_groups_and_truncation() -> None:
    result = parse_file(VCARD, "contacts.vcf")
    assert result.format == "vcard"
    maria, jane, jurgen = result.records
    assert maria.title == "María López"
    assert maria.external_id == "email:maria@example.com"
    assert maria.text == "Counsel at Acme, Legal"
    assert jane.title == "Doe, Jane"  # an unescaped comma does not cut the name
    assert jane.email == "jane@example.org" and jane.aliases == ("JD", "Janie")
    assert jane.text == "Line one\nline two, with comma"
    assert jane.tags == ("VIP",)
    assert jurgen.title == "Jürgen Müller" and jurgen.external_id == "name:jürgen müller"
    assert result.skipped == 1  # the card cut off at the end
    assert any("cut off" in w for w in result.warnings)
    assert any("outside any vCard" in w for w in result.warnings)


def test_vcard_reader_fallback_agrees_with_vobject(monkeypatch: pytest.MonkeyPatch) -> None:
    """A card vobject cannot read is read by the built-in reader, with the same result."""
    with_vobject = parse_file(VCARD, "contacts.vcf")

    def fail(*args: object, **kwargs: object) -> None:
        raise ValueError("vobject failed")

    monkeypatch.setattr("vobject.readOne", fail)
    fallback = parse_file(VCARD, "contacts.vcf")
    assert fallback.records == with_vobject.records
    assert sum("vobject failed" in w for w in fallback.warnings) == 3


def test_vcard_duplicates_collapse() -> None:
    card = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@x.example\nEND:VCARD\n"
    result = parse_file(card * 3, "dupes.vcf")
    assert len(result.records) == 1 and result.skipped == 2
    assert any("duplicate of email:ann@x.example" in w for w in result.warnings)


def test_vcard_only_truncated_card_is_refused() -> None:
    with pytest.raises(ImportRefused, match="cut off"):
        parse_file(b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\n", "x.vcf")


# -- contact CSV exports -----------------------------------------------------------------------

LINKEDIN = b"""\
Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Priya,Sharma,https://www.linkedin.com/in/Priya-Sharma-1/?trk=export,,Razorpay,Engineer,12 Mar 2021
Priya,Sharma,linkedin.com/in/priya-sharma-2,,Razorpay,Product Manager,01 Feb 2022
Rahul,Iyer,https://www.linkedin.com/in/rahul-iyer,Rahul@Example.com,Flipkart,Senior SDE,05 Jan 2020
,,,,,,01 Jan 2023
"""


def test_linkedin_connections_with_preamble_and_hidden_member() -> None:
    result = parse_file(LINKEDIN, "Connections.csv")
    assert result.format == "linkedin"
    assert _ids(result) == [
        "url:https://www.linkedin.com/in/priya-sharma-1",
        "url:https://www.linkedin.com/in/priya-sharma-2",
        "email:rahul@example.com",
    ]
    first = result.records[0]
    assert first.title == "Priya Sharma" and first.text == "Engineer at Razorpay"
    assert first.extra["connected_on"] == "2021-03-12"
    assert result.skipped == 1 and "names nobody" in result.warnings[0]


def test_outlook_german_semicolons_in_windows_1252() -> None:
    data = (
        '"Anrede";"Vorname";"Nachname";"Firma";"Position";"E-Mail-Adresse";"Notizen"\r\n'
        '"";"Jürgen";"Weiß";"Müller GmbH";"Einkauf";"j.weiss@example.de";"Kennt sich mit\r\n'
        'Verträgen aus"\r\n'
        ';"Anna";"Öz"\r\n'
    ).encode("cp1252")
    result = parse_file(data, "kontakte.csv")
    assert result.format == "outlook-csv"
    jurgen, anna = result.records
    assert jurgen.title == "Jürgen Weiß" and jurgen.email == "j.weiss@example.de"
    assert jurgen.text == "Einkauf at Müller GmbH\nKennt sich mit\nVerträgen aus"
    assert anna.external_id == "name:anna öz"


# -- feeds and OPML ------------------------------------------------------------------------------


def test_rdf_feed_entries_become_articles() -> None:
    result = parse_file(RDF, "feed.rdf")
    first, second = result.records
    assert first.title == "First & best"
    assert first.text == "Hello world"
    assert first.url == "https://x.example/1"
    assert first.published == date(2024, 3, 5)
    assert first.external_id == "url:https://x.example/1"
    assert second.published is None


def test_plain_text_fields_keep_angle_brackets_html_is_stripped() -> None:
    feed = (
        b'<rss version="2.0"><channel><title>T</title><item><title>a &lt; b, c &gt; d</title>'
        b"<link>https://x.example/1</link>"
        b"<description>&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</description></item></channel></rss>"
    )
    record = parse_file(feed, "f.rss").records[0]
    assert record.title == "a < b, c > d" and record.text == "Hi & bye"


def test_bozo_feed_imports_with_warning() -> None:
    result = parse_file(RSS_BOZO, "broken.rss")
    assert [r.title for r in result.records] == ["One", "Two"]
    assert result.warnings and "not well-formed" in result.warnings[0]


def test_feed_without_entries_is_refused() -> None:
    empty = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"
    with pytest.raises(ImportRefused, match="has no entries"):
        parse_file(empty, "empty.xml")


def test_opml_unique_feeds_with_folders_as_tags() -> None:
    result = parse_file(OPML, "subscriptions.xml")
    assert result.format == "opml"
    assert _ids(result) == ["url:https://a.example/feed", "url:https://b.example/rss"]
    assert set(result.records[0].tags) == {"Tech", "Other"}
    assert result.skipped == 1  # Blog A is listed in two folders


def test_opml_that_listparser_cannot_read_falls_back_to_outlines() -> None:
    broken = (
        b'<opml><body><outline xmlUrl="https://a.example/f" text="A &amp; B"/>'
        b"</outline></outline></body></opml>"
    )
    result = parse_file(broken, "broken.opml")
    assert [(r.external_id, r.title) for r in result.records] == [
        ("url:https://a.example/f", "A & B")
    ]
    assert len(result.warnings) == 1 and "listparser could not read" in result.warnings[0]


def test_feed_whose_declared_encoding_is_garbage_is_still_read() -> None:
    feed = (
        b'<?xml version="1.0" encoding="\xa8x"?><rss version="2.0"><channel><item>'
        b"<title>x</title><link>https://a.example/1</link></item></channel></rss>"
    )
    assert _ids(parse_file(feed, "f.xml")) == ["url:https://a.example/1"]


def test_parse_result_is_frozen() -> None:
    result = parse_file(URLS, "reading.txt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.skipped = 0  # type: ignore[misc]  # assigns to a frozen field on purpose
