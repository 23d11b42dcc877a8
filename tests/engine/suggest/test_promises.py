"""Promises are kept with the item they name, or honestly with none (pure, no models).

The hits stand for what the search found for the promise, best first; the tests state how the
search rated each one, and check which item, if any, the promise is kept with.
"""

from __future__ import annotations

import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.catalog.retrieval import Hit
from giveback.engine.suggest.promise_people import named_person, people_by_first_name
from giveback.engine.suggest.promise_said import (
    is_reply,
    reads_back,
    thing_sent,
    words,
    worth_a_reminder,
)
from giveback.engine.suggest.promises import PromiseMatch, promise_match


def _item(index: int, type_: str, title: str, url: str | None = None) -> RankItem:
    return RankItem(index, f"x{index}", type_, title, "", url, None)


CATALOG = [
    _item(0, "offer", "Review your pitch deck"),
    _item(1, "article", "Term sheets explained for first-time founders"),
    _item(2, "contact", "Paula Esteves"),
    _item(3, "contact", "Paula Reis"),
    _item(4, "contact", "Gonçalo Pinto"),
    _item(5, "article", "Trail running for beginners", "https://example.org/trail-running"),
    _item(6, "article", "The founder's checklist for a first enterprise SaaS contract"),
    _item(7, "offer", "Lend my Portuguese grammar book"),
    _item(8, "article", "Investor update template", "https://example.org/investor-update"),
    _item(9, "article", "A primer on seed rounds"),
]
PEOPLE = people_by_first_name(CATALOG)
MIN_SCORE, MIN_SEMANTIC = 0.45, 0.6  # the policy's bars


def _hit(item: int, score: float, semantic: float | None = None) -> Hit:
    return Hit(item, score if semantic is None else semantic, 0.0, score)


def _kept(
    said: str,
    hits: list[Hit],
    context: str = "",
    catalog: list[RankItem] = CATALOG,
    top_score: float = 1.0,
) -> int | None:
    people = PEOPLE if catalog is CATALOG else people_by_first_name(catalog)
    found = promise_match(said, context, catalog, hits, people, MIN_SCORE, MIN_SEMANTIC, top_score)
    return None if found is None else found.item


def test_words_fold_accents_plurals_and_the_words_of_promising() -> None:
    assert words("I'll send her the Term-Sheets primer") == {"term", "sheet", "primer"}
    assert words("Gonçalo") == {"goncalo"}


def test_a_person_is_named_by_full_name_or_by_a_first_name_only_one_person_has() -> None:
    assert named_person("I'll introduce her to Gonçalo", CATALOG, PEOPLE) == 4
    assert named_person("I'll put her in touch with Paula Reis", CATALOG, PEOPLE) == 3
    # Two Paulas: the first name alone names nobody.
    assert named_person("I'll ask Paula about it", CATALOG, PEOPLE) is None


def test_an_item_named_by_two_words_of_its_title_is_kept_even_if_the_search_ranks_it_lower() -> (
    None
):
    hits = [_hit(0, 0.7), _hit(8, 0.3)]
    assert _kept("I'll send her the investor update template", hits) == 8


def test_a_shared_word_needs_the_search_to_agree_too() -> None:
    # Two words of the title name it ("term sheet").
    assert _kept("I'll send her the term sheet primer", [_hit(1, 0.3)]) == 1
    # One word ("primer") and the search rates it well: kept.
    assert _kept("I'll send her the SAFE primer", [_hit(9, 0.55)]) == 9
    # The same word, but the search rates it low: not kept by it.
    assert _kept("I'll send her the SAFE primer", [_hit(9, 0.3)]) is None


def test_a_measure_of_a_thing_does_not_name_it() -> None:
    catalog = [*CATALOG, _item(10, "offer", "A jar of my sourdough starter (and a first bake)")]
    said = "I promised I'd bring her a jar of my membrillo next practice"
    # "jar" is all they share, and the search rates the starter well enough for one word.
    assert _kept(said, [_hit(10, 0.5, semantic=0.5)], catalog=catalog) is None
    said = "I promised I'd bring her a jar of my sourdough starter"
    assert _kept(said, [_hit(10, 0.5, semantic=0.5)], catalog=catalog) == 10


def test_how_a_thing_is_handed_over_does_not_name_it() -> None:
    catalog = [
        *CATALOG,
        _item(10, "offer", "Lend my old 61-key keyboard"),
        _item(11, "offer", "Bring you to a learn-to-row Saturday"),
    ]
    # "lend" and "old" are all they share: two words, but neither says what is lent.
    said = "I said I'd lend him my old crampons for the first season."
    assert _kept(said, [_hit(10, 0.5, semantic=0.3)], catalog=catalog) is None
    said = "I promised to bring him the box of Dad's old maths books."
    assert _kept(said, [_hit(11, 0.5, semantic=0.3)], catalog=catalog) is None
    # What is lent names it.
    said = "I promised to lend him my grammar book when he arrives"
    assert _kept(said, [_hit(7, 0.5, semantic=0.5)], catalog=catalog) == 7


def test_an_unrelated_item_is_never_the_promise_kept() -> None:
    # The search's best hit for "grant writers" is a pitch-deck review; nothing is named.
    assert _kept("said I'd ask around for grant writers", [_hit(0, 0.5, semantic=0.4)]) is None


def test_the_search_alone_keeps_a_promise_only_above_the_high_bar() -> None:
    said = "I offered to look over her slides before the investor meeting"
    assert _kept(said, [_hit(0, 0.6, semantic=0.65)]) == 0
    assert _kept(said, [_hit(0, 0.55, semantic=0.55)]) is None


def test_a_promise_to_send_a_thing_is_kept_by_an_article_never_by_an_offer() -> None:
    hits = [_hit(0, 0.6), _hit(6, 0.4)]
    # "pitch-deck checklist" names two words of the pitch-deck review, but a checklist is sent.
    assert _kept("I promised to send her our pitch-deck checklist", hits) is None
    # Lending a book is the user's own give: an offer keeps it.
    assert _kept("I promised to lend him my grammar book", [_hit(7, 0.5)]) == 7


def test_a_promise_to_send_what_it_does_not_name_is_no_offer_of_time() -> None:
    # "send her our pitch" shares "pitch" with the pitch-deck review, which is not sent.
    assert _kept("I promised to send her our pitch", [_hit(0, 0.6)]) is None
    # An offer the promise names outright still keeps it; an article may, by word and search.
    assert _kept("I'll send her a review of the pitch", [_hit(0, 0.6)]) == 0
    # The sentence before names the offer, but it is no promise to send it.
    assert _kept("I'll send it over", [_hit(0, 0.6)], "I could review her pitch deck.") is None
    assert _kept("I'll send him something on seed rounds", [_hit(9, 0.5)]) == 9


def test_a_promise_to_do_something_is_kept_by_an_offer_never_by_an_article() -> None:
    onboarding = [
        *CATALOG,
        _item(10, "article", "Designing onboarding for a driver app"),
        _item(11, "offer", "Review of an app's onboarding flow"),
    ]
    said = "I offered to look at her onboarding screens once the new build is out"
    # The search rates the article about onboarding first; it is no look at her screens. (0.3:
    # the bar of the search's best hit, with a shared word.)
    hits = [_hit(10, 0.5), _hit(11, 0.35)]
    assert _kept(said, hits, catalog=onboarding, top_score=0.3) == 11


@pytest.mark.parametrize(
    ("said", "context", "kept"),
    [
        # A reply with no word of its own answers the sentence before it.
        ("yes, put me down", "Asked if I could lend my Portuguese grammar book", 7),
        # A promise with words of its own is not read with the sentence before it.
        ("I'll send her our investor checklist", "Loves trail running", None),
    ],
)
def test_the_sentence_before_is_read_only_for_a_reply(
    said: str, context: str, kept: int | None
) -> None:
    hits = [_hit(7, 0.5, semantic=0.3), _hit(5, 0.4, semantic=0.3)]
    assert _kept(said, hits, context) == kept


@pytest.mark.parametrize(
    ("said", "reply"),
    [
        ("yes, put me down.", True),
        ("happy to, let's plan", True),
        ("Sure, let's find a date.", True),
        ("Send me a build.", True),  # what the user will do with it is in the turn before
        ("I'll send her the case study piece", False),
        ("said I'd ask around for grant writers", False),
        ("intro her to Karen Obi next week", False),  # shorthand with words of its own
    ],
)
def test_a_reply_is_an_assent_or_a_promise_with_no_word_of_its_own(said: str, reply: bool) -> None:
    assert is_reply(said) is reply


def test_a_reply_with_words_of_its_own_is_still_read_with_the_turn_it_answers() -> None:
    # "plan" names nothing; "sessions" in the question names the offer.
    sessions = [*CATALOG, _item(10, "offer", "Moderate usability sessions for a study")]
    said, asked = "happy to, let's plan", "could you help me run a few of the sessions?"
    hits = [_hit(10, 0.32)]
    assert _kept(said, hits, asked, catalog=sessions, top_score=0.3) == 10
    assert _kept(said, hits, "", catalog=sessions, top_score=0.3) is None


@pytest.mark.parametrize(
    ("said", "before", "reads"),
    [
        # What "them", "it" or "the two of them" are was said before.
        ("I'll drop them round.", "I've got a set of theory workbooks in the cupboard.", True),
        ("I'll dig it out, it's in a box somewhere", "I had a rubric for exactly that.", True),
        ("Said I'd connect the two of them this week", "Tilly would be perfect.", True),
        # A promise to find out answers the question it follows ...
        (
            "I'll ask Margot if we can squeeze an oboe in",
            "does your orchestra want a ringer?",
            True,
        ),
        ("I'll see if I can sit on a mock panel", "is that something you could ever do??", True),
        # ... not one that names nothing, nor the answer to a question after an earlier one.
        ("I'll find out", "the carpenter exam, can I do it in Spanish?", False),
        ("let me look at the calendar", "is that something you could ever do??", False),
        ("I never asked him. Calling him this week", "did Trevor ever get back to you??", False),
        ("I'm on it this week, I'll ask her", "is your nurse friend still up for a coffee?", False),
        # ... but one that sends something names what it sends.
        ("I'll send her the deck tonight", "how's the raise going?", False),
        ("I'll send you the kayak guide", "how was Williamstown?", False),
        ("I'll just drop them round Saturday", "Found my old theory workbooks.", True),
        ("Let me dig them out", "I had the rubrics somewhere.", True),
        ("I'll dig that out for her", "I had a rubric for exactly that.", True),
        (
            "I'll ask Margot if we can lend one",
            "Have you got a spare cello bow for her exam?",
            True,
        ),
        ("I'll ask Sam about a viola teacher", "Know anyone who'd take an adult beginner?", True),
        # Those who get it are no thing ("give them a call"), nor is a thing it names itself.
        ("I'll give them a call Monday", "The hall is booked.", False),
        ("I'll send them the rota tonight", "Her cello was repaired by Tom.", False),
        ("I'll give it a go", "Margot swears by Alexander technique lessons.", False),
        ("I'll send that article over", "She loves trail running.", False),
        # A question that asks nothing of the user.
        ("I'll introduce her to Tom Reilly about the cello", "Do you remember Priya?", False),
        # A worry said as a question asks nothing of the user; "them" here are people.
        ("I'll go through everything with you", "the pills might be making me dizzy?", False),
        ("I said I'd take them to the science centre", "Tilly's kids are coming.", False),
        # A statement before a promise that names its own thing is another topic.
        ("I'll send her our pitch checklist", "loves trail running.", False),
        ("I'll ask Paula about the grant", "the hall has been sold.", False),
        ("yes, put me down", "can you still do the careers talk?", True),  # a reply
    ],
)
def test_a_promise_reads_the_turn_before_when_it_leaves_what_it_promises_to_it(
    said: str, before: str, reads: bool
) -> None:
    assert reads_back(said, before) is reads


def test_the_person_a_promise_names_comes_before_one_the_turn_before_names() -> None:
    people = [*CATALOG, _item(10, "contact", "Tom Reilly"), _item(11, "contact", "Priya Nair")]
    said, before = "I'll drop them round to Tom Reilly", "Priya lent me her theory workbooks."
    assert _kept(said, [], before, catalog=people) == 10
    # Of two people named, the first named, whatever the order of a set.
    assert named_person("Priya and Tom Reilly", people, people_by_first_name(people)) == 11


def test_a_promise_of_them_is_kept_by_what_the_sentence_before_named() -> None:
    workbooks = [*CATALOG, _item(10, "offer", "My set of theory workbooks and flashcards")]
    said, before = "I'll drop them round.", "I've got a whole set of theory workbooks here."
    assert _kept(said, [_hit(10, 0.4)], before, catalog=workbooks) == 10
    assert _kept(said, [_hit(10, 0.4)], "", catalog=workbooks) is None


def test_a_promise_to_find_out_is_kept_by_what_the_question_asked_for() -> None:
    seat = [*CATALOG, _item(10, "offer", "A guest seat in the youth orchestra's Christmas concert")]
    said = "I'll ask Margot if we can squeeze an oboe in"
    asked = "does your orchestra ever want an adult ringer for the Christmas concert?"
    assert _kept(said, [_hit(10, 0.5)], asked, catalog=seat) == 10
    assert _kept(said, [_hit(10, 0.5)], "", catalog=seat) is None


def test_send_me_is_no_promise_to_send() -> None:
    # "Send me a build" asks for a build to look at: an offer of the user's time keeps it,
    # though the promise names no two words of its title.
    review = [*CATALOG, _item(10, "offer", "Review of an app's onboarding flow")]
    said, asked = "Send me a build.", "The driver onboarding is leaking. Would you look at it?"
    assert _kept(said, [_hit(10, 0.5)], asked, catalog=review) == 10


def test_an_offer_that_is_the_thing_sent_keeps_the_promise() -> None:
    checklist = [*CATALOG, _item(10, "offer", "My pitch-deck checklist")]
    said = "I'll send her my pitch-deck checklist"
    assert _kept(said, [_hit(0, 0.6), _hit(10, 0.5)], catalog=checklist) == 10


def test_a_service_on_their_own_thing_keeps_no_promise_to_send_one() -> None:
    # "Review your pitch deck" works on her deck; the user promised to send one of theirs.
    said = "I'll send her the deck tonight and follow up with Tomás this week"
    assert _kept(said, [_hit(0, 0.6, semantic=0.65)]) is None
    assert _kept("I'll send her my deck", [_hit(0, 0.6, semantic=0.65)]) is None


def test_the_contact_names_no_promise_made_to_them() -> None:
    # Gonçalo's own line is the sentence before the reply: he is not what was promised.
    said, context = "yes, put me down", "Gonçalo: can you still do the careers talk?"
    assert promise_match(
        said, context, CATALOG, [], PEOPLE, MIN_SCORE, MIN_SEMANTIC
    ) == PromiseMatch(4, "named")
    assert (
        promise_match(said, context, CATALOG, [], PEOPLE, MIN_SCORE, MIN_SEMANTIC, contact_item=4)
        is None
    )


@pytest.mark.parametrize(
    ("said", "worth"),
    [
        ("Told him I'll take him to the Thursday fado night", True),
        ("I promised to write him a review on Google Maps.", True),
        ("I'll ask around.", False),  # nothing a reminder could say back
        ("Let me think who.", False),
        ("I said yes.", False),
        ("And yes, I'll stop asking about the DNP.", False),  # a promise to stop
        ("I'll send anything interesting I find.", False),  # says no what
        ("I'll come by Sunday", True),
        ("I'll forward the grant calendar I keep.", True),
    ],
)
def test_only_a_promise_that_says_what_is_a_reminder(said: str, worth: bool) -> None:
    assert worth_a_reminder(said) is worth


def _entry(index: int, type_: str, title: str, text: str) -> RankItem:
    return RankItem(index, f"x{index}", type_, title, text, None, None)


def test_one_shared_word_keeps_no_promise_that_names_another_place() -> None:
    session = _entry(10, "offer", "Navigation practice session on the Campsie Fells",
                     "A half-day navigation session on the Campsies.")  # fmt: skip
    catalog = [*CATALOG, session]
    hits = [_hit(10, 0.5, semantic=0.4)]
    said = "I said I'd take him along to the Tuesday session at the Sheiling"
    assert _kept(said, hits, catalog=catalog) is None
    # The place it names is the item's: kept.
    said = "I said I'd take him on a navigation session in the Campsie hills"
    assert _kept(said, hits, catalog=catalog) == 10
    # A day, or a form of address, names no place: kept on the word they share.
    drive = _entry(10, "offer", "Drive you to your clinic appointments", "I'll drive you.")
    said = "I'll drive you on the 3rd, Sir, don't worry."
    assert _kept(said, [_hit(10, 0.5, semantic=0.36)], catalog=[*CATALOG, drive]) == 10


def test_a_promise_to_send_someones_number_is_kept_by_a_person_only() -> None:
    website = _entry(10, "article", "A band website that actually gets wedding bookings", "")
    catalog = [*CATALOG, website]
    said = "I'll send her the numbers for the two bands I'd trust with my own wedding."
    # Two words of the title ("band", "wedding"), but numbers are no article.
    assert _kept(said, [_hit(10, 0.5, semantic=0.31)], catalog=catalog) is None
    # A person's number is that person.
    assert _kept("I'll give her Gonçalo's number", [_hit(10, 0.5)], catalog=catalog) == 4


def test_a_surname_alone_names_no_person() -> None:
    fiddler = _entry(10, "contact", "Catriona Munro",
                     "Young fiddler and music student who plays in several bands.")  # fmt: skip
    catalog = [*CATALOG, fiddler]
    said = "Now she's talking about a winter Munro, I'll find her someone to go with"
    assert _kept(said, [_hit(10, 0.5, semantic=0.38)], catalog=catalog) is None
    # What the person does still names them.
    said = "I'll find her a fiddler for the ceilidh"
    assert _kept(said, [_hit(10, 0.5, semantic=0.38)], catalog=catalog) == 10


def test_one_shared_word_keeps_no_promise_of_another_thing_handed_over() -> None:
    calls = _entry(10, "offer", "Call Polish offices (ZUS, NFZ) with you", "I can call ZUS.")
    vaporiser = _entry(11, "offer", "Lend my oxalic acid vaporiser", "For a winter treatment.")
    catalog = [*CATALOG, calls, vaporiser]
    # "Polish" is all they share; the thing brought is pierogi.
    said = "Promised to bring her some pierogi from the Polish shop next time."
    assert _kept(said, [_hit(10, 0.5, semantic=0.46)], catalog=catalog) is None
    # The thing handed over is what they share: kept.
    said = "I'll drop my vaporiser over to him once I've done my own in December."
    assert _kept(said, [_hit(11, 0.5, semantic=0.51)], catalog=catalog) == 11
    # The one word shared is only what the promise does, to another thing than the item's.
    menu = _entry(10, "offer", "Translate your menu or signs into English",
                  "I'll translate a café menu or signs for tourists.")  # fmt: skip
    said = "I said I'd translate his competition statement before the 30th."
    assert _kept(said, [_hit(10, 0.5, semantic=0.28)], catalog=[*CATALOG, menu]) is None
    # The same verb with nothing named after it is kept.
    drive = _entry(10, "offer", "Drive you to hospital appointments", "I have a car.")
    said = "I'll drive her to chemo on Thursdays."
    assert _kept(said, [_hit(10, 0.5, semantic=0.5)], catalog=[*CATALOG, drive]) == 10
    # A piece dug out to pass on is something to read: no talk of the user's keeps it.
    talk = _entry(10, "offer", "Give a plain-language talk on pain", "I'll give a short talk.")
    piece = _entry(11, "article", "Explaining pain in plain language: a guide for clinicians", "")
    said = "there's a lovely plain-language piece on pain explanation, I'll dig it out"
    hits = [_hit(10, 0.6, semantic=0.6), _hit(11, 0.5, semantic=0.5)]
    assert _kept(said, hits, catalog=[*CATALOG, talk, piece]) == 11
    # A day is no thing acted on: "babysit Saturday" is kept by "Babysit your kids".
    sit = _entry(10, "offer", "Babysit your kids for an evening", "I'll babysit.")
    said = "I'll babysit Saturday so they can go to the wedding."
    assert _kept(said, [_hit(10, 0.5, semantic=0.5)], catalog=[*CATALOG, sit]) == 10
    # "look them up" fetches no piece to read.
    piece = _entry(10, "article", "Growing a newsletter: a piece for editors", "")
    said = "Her old colleagues from the newsletter team, I'll look them up when I'm down there"
    assert _kept(said, [_hit(10, 0.5, semantic=0.45)], catalog=[*CATALOG, piece]) is None
    # "the critique article": the words before a word like "article" name the thing.
    critique = _entry(10, "article", "Running a design critique people look forward to", "")
    said = "I said I'd send her the critique article I keep recommending."
    assert _kept(said, [_hit(10, 0.5, semantic=0.45)], catalog=[*CATALOG, critique]) == 10


def test_a_thing_to_read_found_for_them_is_kept_by_an_article() -> None:
    leaflet = _item(10, "article", "Blister packs or dosette boxes? Choosing a system for a parent")
    talk = _item(11, "offer", "A chat about managing a parent's medicines")
    said = "I'll find you that leaflet on dosette boxes vs blister packs too"
    hits = [_hit(11, 0.5), _hit(10, 0.45)]
    assert _kept(said, hits, catalog=[*CATALOG, leaflet, talk]) == 10
    # A person found for them is no thing to read.
    tutors = _item(10, "article", "Finding a maths tutor: what to ask")
    assert _kept("I'll find her a maths tutor", [_hit(10, 0.6)], catalog=[*CATALOG, tutors]) is None


@pytest.mark.parametrize(
    ("said", "thing"),
    [
        ("I'll find you that leaflet on dosette boxes vs blister packs too", "leaflet"),
        ("I'll find the carers allowance factsheet for her", "factsheet"),
        ("I'll find her a decent printer for the flyer - Ravi does great work", None),
        ("I'll find him a post at the hospital", None),
        ("I'll find her a spot on the waiting list", None),
    ],
)
def test_what_is_found_for_them_is_sent_only_when_it_is_a_thing_to_read(
    said: str, thing: str | None
) -> None:
    assert thing_sent(said) == thing
