"""Draft messages read as the user would write them."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.catalog.index import RankItem
from giveback.engine.suggest.descriptions import described, first_sentence
from giveback.engine.suggest.drafts import Tone, draft_for, promise_draft
from giveback.engine.suggest.naming import who_they_are, with_article
from giveback.engine.suggest.openings import tidy_told
from giveback.engine.suggest.promise_said import promise_text
from giveback.engine.suggest.promise_words import promised_doing
from giveback.engine.suggest.ranking import Candidate, RankSignal
from giveback.engine.suggest.reasons import called, reason_for

PRIYA = RankItem(0, "con-priya", "contact", "Priya Raman", "Reviews SaaS contracts.", None, 7)


def _need(
    phrase: str,
    evidence: str,
    about: str = "contact",
    who: str | None = None,
) -> Candidate:
    signal = RankSignal(1, "need", phrase, evidence, "active", about, who, date(2026, 1, 10), 0)
    return Candidate(PRIYA, signal, 0.8, 0.7)


@pytest.mark.parametrize(
    ("phrase", "evidence", "opening"),
    [
        (
            "saas contracts lawyer",
            "is looking for a SaaS contracts lawyer",
            "you mentioned you're looking for a SaaS contracts lawyer.",
        ),
        (
            "accountant",
            "needs an accountant for the company",
            "you mentioned you need an accountant for the company.",
        ),
        ("new clients", "looking for new clients", "you mentioned you're looking for new clients."),
        # A question of theirs is told as asked, not as something they "mentioned".
        (
            "walnut island top",
            "Maria also asked about a walnut island top for a client.",
            "you asked about a walnut island top for a client.",
        ),
        # No cue that says it is a need, and no subject to tell back: the give speaks alone.
        ("lawyer", "lawyer wanted, a good one", "would"),
        # A cut noun phrase ("power" of "power of attorney") is never the topic.
        ("power", "there's no lasting power of attorney yet", "would"),
        (
            "tax person",
            "(She still hasn't found a tax person either, mentioned it at the end.)",
            "you mentioned you still haven't found a tax person either.",
        ),
        (
            "mobile people",
            "Mentioned she'd like to meet anyone who has hired mobile people in Lisbon.",
            "you mentioned you'd like to meet anyone who has hired mobile people in Lisbon.",
        ),
        (
            "first mobile engineer",
            "She wants a first mobile engineer but doesn't know how to interview one.",
            "you mentioned you want a first mobile engineer but don't know how to interview one.",
        ),
        (
            "watercolor kit",
            "New hobby: she carries a little watercolor kit and sketches street corners",
            "you mentioned you carry a little watercolor kit and sketch street corners.",
        ),
        (
            "designers",
            "she'd love to meet someone who hires designers before she graduates",
            "you mentioned you'd love to meet someone who hires designers before you graduate.",
        ),
        (
            "lessons",
            "I want to take real lessons.",
            "you mentioned you want to take real lessons.",
        ),
        (
            "factoring",
            "Receivables are killing her: big grocer pays at 60 days.",
            "you mentioned receivables are killing you.",
        ),
        # A sentence that leans on the one before it says nothing alone: the give speaks.
        ("business", "She thinks this is actually a business.", "would"),
        ("start", "She doesn't know where to start, what to buy first.", "would"),
        # Wanting something done to a thing is not looking for it ("looking for agency").
        (
            "agency",
            "Meanwhile she wants the agency more visible: she'd like to speak at a design or "
            "hospitality conference next year and has never written a talk proposal.",
            "would",
        ),
    ],
)
def test_a_draft_tells_back_what_was_said_or_lets_the_give_speak(
    phrase: str, evidence: str, opening: str
) -> None:
    draft = draft_for("Maria Lopez", _need(phrase, evidence))
    assert draft.startswith(f"Hi Maria, {opening}")
    assert "Would it help if I introduced you to Priya Raman? Priya reviews SaaS contracts." in (
        draft.replace("would it help", "Would it help")
    )


def test_a_third_partys_need_is_theirs_in_the_draft_and_the_reason() -> None:
    cand = _need(
        "new job", "her husband is looking for a new job in biotech", "third_party", "her husband"
    )
    assert "your husband is looking for a new job" in draft_for("Maria Lopez", cand)
    assert reason_for("Maria Lopez", cand).startswith("Maria's husband — need: new job.")


def _promise(evidence: str) -> RankSignal:
    return RankSignal(2, "commitment", evidence, evidence, "active", "user", None, DAY, 0)


DAY = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("evidence", "draft"),
    [
        ("I'll proofread her CV this weekend", "I'll proofread your CV this weekend."),
        ("I promised to lend him my grammar book", "I'll lend you my grammar book."),
        ("said I'd send her the photos", "I'll send you the photos."),
        ("I offered to introduce her to Ana, she'd love her", "I'll introduce you to Ana, she'd"),
        ("I'll take him to the Thursday fado night.", "I'll take you to the Thursday fado night."),
        # the note's own aside is not sent
        ("I'll read his draft (wedding, thesis... honestly no time)", "I'll read your draft."),
    ],
)
def test_a_promise_no_item_keeps_is_kept_in_the_second_person(evidence: str, draft: str) -> None:
    text = promise_draft("Maria Lopez", _promise(evidence))
    assert text.startswith(f"Hi Maria, I haven't forgotten: {draft}")


def test_a_reply_is_quoted_back_not_rewritten() -> None:
    text = promise_draft("Maria Lopez", _promise("yes, put me down."))
    assert (
        text
        == 'Hi Maria, I haven\'t forgotten what I said ("yes, put me down"). When would suit you?'
    )


@pytest.mark.parametrize(
    ("evidence", "what"),
    [
        ("said I'd dig out my old bird guide for him", "dig out my old bird guide for him"),
        ("I offered to rehearse her talk", "rehearse her talk"),
        ("Told him I'll take him to the fado night", "take him to the fado night"),
        ("I'll send the deck!", "send the deck"),
    ],
)
def test_the_promise_without_the_words_of_promising(evidence: str, what: str) -> None:
    assert promise_text(evidence) == what


def test_a_promise_kept_with_an_item_says_so_and_names_it() -> None:
    promise = _promise("I'll introduce her to Priya")
    draft = draft_for("Maria Lopez", Candidate(PRIYA, promise, 0.8, 0.7))
    assert draft.startswith("Hi Maria, as promised, let me introduce you to Priya Raman.")
    assert "You promised Maria" in reason_for("Maria Lopez", Candidate(PRIYA, promise, 0.8, 0.7))


@pytest.mark.parametrize(
    ("tone", "opening"),
    [
        ("warm", "Hi Maria, sorry this has taken me so long. As promised, I'd love to review"),
        ("short", "Hi Maria, sorry for the wait. As promised, I'd love to review"),
        ("formal", "Dear Maria, my apologies for the delay. As promised, I would be glad to"),
    ],
)
def test_a_promise_a_later_note_says_is_overdue_opens_with_an_apology(
    tone: Tone, opening: str
) -> None:
    said = "I promised to review her pitch deck"
    late = RankSignal(
        2, "commitment", said, said, "active", "user", None, DAY, 0,
        owed_on=date(2026, 6, 1), owed_said="haven't looked at her deck yet",
    )  # fmt: skip
    assert draft_for("Maria Lopez", Candidate(DECK, late, 0.8, 0.7), tone).startswith(opening)
    on_time = draft_for("Maria Lopez", Candidate(DECK, _promise(said), 0.8, 0.7), tone)
    assert "sorry" not in on_time.lower() and "apologies" not in on_time
    reminder = promise_draft("Maria Lopez", late, tone)
    assert reminder.startswith(opening.split(" As promised")[0] + " I haven't forgotten: I'll")


def _give(item: RankItem, phrase: str, evidence: str, kind: str = "interest") -> Candidate:
    signal = RankSignal(1, kind, phrase, evidence, "active", "contact", None, DAY, 0)
    return Candidate(item, signal, 0.8, 0.7)


TRAIL = RankItem(
    1, "art-trail", "article", "Trail running for beginners", "", "https://x.org/t", None
)
DECK = RankItem(
    2, "off-deck", "offer", "Review your pitch deck", "An hour of feedback.", None, None
)
SLOT = RankItem(3, "off-slot", "offer", "A speaker slot at our lunchtime meeting", "", None, None)


@pytest.mark.parametrize(
    ("tone", "draft"),
    [
        (
            "short",
            "Hi Dan, you mentioned you love trail running, so I thought of you when I read this: "
            '"Trail running for beginners". https://x.org/t',
        ),
        (
            "warm",
            "Hi Dan, you mentioned you love trail running, so I thought of you when I read this: "
            '"Trail running for beginners". https://x.org/t Hope it\'s useful!',
        ),
        (
            "formal",
            "Dear Dan, you mentioned you love trail running, so I thought of you when I read "
            'this: "Trail running for beginners". https://x.org/t Best regards.',
        ),
    ],
)
def test_an_article_in_each_tone(tone: Tone, draft: str) -> None:
    assert draft_for("Dan Ode", _give(TRAIL, "trail running", "Loves trail running"), tone) == draft


def test_an_opening_the_give_does_not_answer_is_left_out() -> None:
    walking = "He's started a Saturday walking group for Parkinson's patients."
    robotics = RankItem(
        4, "off-robots", "offer", "A holiday robotics workshop", "Run by our club.", None, None
    )
    signal = RankSignal(1, "need", "walking group", walking, "active", "contact", None, DAY, 0)
    far = Candidate(robotics, signal, 0.3, 0.41)
    assert draft_for("Tom Ouma", far) == (
        "Hi Tom, I could offer you a holiday robotics workshop. Just let me know."
    )
    # A give with a word of it, or one the search found close, is told with it.
    walks = RankItem(5, "art-walks", "article", "Walking groups that last", "", None, None)
    assert "you mentioned you've started" in draft_for(
        "Tom Ouma", Candidate(walks, signal, 0.3, 0.41)
    )
    assert "you mentioned you've started" in draft_for(
        "Tom Ouma", Candidate(robotics, signal, 0.6, 0.6)
    )


def test_an_offer_is_offered_as_a_verb_or_a_thing() -> None:
    need = ("pitch deck", "He needs feedback on his pitch deck.")
    assert draft_for("Dan Ode", _give(DECK, *need, kind="need")) == (
        "Hi Dan, you mentioned you need feedback on your pitch deck. "
        "I'd be glad to review your pitch deck. Just say when."
    )
    formal = draft_for("Dan Ode", _give(SLOT, "talk", "Wants to give a talk.", "need"), "formal")
    assert formal == (
        "Dear Dan, you mentioned you want to give a talk. I would be happy to offer you a "
        "speaker slot at our lunchtime meeting. Best regards."
    )


def test_a_thing_offered_waits_for_a_yes_not_for_a_time() -> None:
    # A seat at a night on its own date has no "when" to say.
    seat = RankItem(
        4, "off-seat", "offer", "A seat at the team's race-waxing night", "", None, None
    )
    assert draft_for("Gus Berg", _give(seat, "waxing", "Gus wants to learn race waxing")) == (
        "Hi Gus, you mentioned you want to learn race waxing. I could offer you a seat at the "
        "team's race-waxing night. Just let me know."
    )


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        # What the user does, as promised; when it suits them.
        ("Review your pitch deck",
         "as promised, I'd love to review your pitch deck. Send it over whenever you're ready."),
        # A thing to have is offered, never "helped with" ("help with an invitation to ...").
        ("An invitation to our college planning night",
         "as promised, I'd like to offer you an invitation to our college planning night. "
         "Just let me know."),
        ("Booster club coverage of a coach's certification fee",
         "as promised, I'd like to offer you booster club coverage of a coach's certification "
         "fee. Just let me know."),
        # The user speaking in the title.
        ("I'll cover one of your class periods once a week",
         "as promised, I'd love to cover one of your class periods once a week. When suits you?"),
        # Work made for them asks what they need; work done together, when.
        ("Write a letter of support",
         "as promised, I'd love to write a letter of support. Just tell me what you need and by "
         "when."),
        # Done alone and reported back: nothing to find a time for, nor handed over yet.
        ("Raise the clubhouse with the committee",
         "I haven't forgotten: I'll raise the clubhouse with the committee and let you know how "
         "it goes."),
    ],
)  # fmt: skip
def test_an_offer_kept_as_promised_reads_as_its_title_means(title: str, kept: str) -> None:
    item = RankItem(5, "off-kept", "offer", title, "", None, None)
    signal = RankSignal(1, "commitment", "it", "I'll sort that for you", "active", "user", None,
                        DAY, 0)  # fmt: skip
    assert draft_for("Jenna Moe", Candidate(item, signal, 0.8, 0.7)) == f"Hi Jenna, {kept}"


@pytest.mark.parametrize(
    ("said", "told"),
    [
        ("I offered to pair with him some evening on his actual report",
         "pair with you some evening on your actual report"),
        # Someone else's, said as theirs: not "review your resume".
        ("I offered to look over Jonas's resume", "look over Jonas's resume"),
        ("I could sit down and build a cash-flow model with you.",
         "sit down and build a cash-flow model with you"),
        # When it was to happen is stale by now, and what it waited for too.
        ("I said I'd look over Jake's CV before his interviews", "look over Jake's CV"),
        ("I'll proofread her CV this weekend", "proofread your CV"),
        ("I said I'd come over one Saturday with my drill and put the grab bars in with her",
         "come over with my drill and put the grab bars in with you"),
        ("I promised to lend him my grammar book when he arrives", "lend you my grammar book"),
        # What points back, a pronoun left, or no promise's lead: the title says it instead.
        ("I'll give you a design day on that.", None),
        ("I'll sort it for her", None),
        ("I'll ask Rita to call her back", None),
        ("After the call: I offered her an hour to plan the switch", None),
    ],
)  # fmt: skip
def test_a_promise_is_told_back_in_its_own_words_when_they_read_alone(
    said: str, told: str | None
) -> None:
    assert promised_doing(said, "Lukas Brenner") == told


def test_an_offer_kept_says_the_promise_not_the_title_of_someone_else() -> None:
    item = RankItem(5, "offer-resume", "offer", "Review your resume", "", None, None)
    signal = RankSignal(1, "commitment", "resume", "I offered to look over Jonas's resume",
                        "active", "user", None, DAY, 0)  # fmt: skip
    assert draft_for("Hannah Moe", Candidate(item, signal, 0.8, 0.7)) == (
        "Hi Hannah, as promised, I'd love to look over Jonas's resume. Send it over whenever "
        "you're ready."
    )


@pytest.mark.parametrize(
    ("description", "sentence"),
    [
        ("Enrolled agent and tax accountant in Bellaire.", "Ana is an enrolled agent and tax"),
        # A word the description writes in lower case later is no name.
        ("Mortgage adviser who helps with mortgage pre-approval.", "Ana is a mortgage adviser"),
        ("Manages a community vehicle scheme.", "Ana manages a community vehicle scheme."),
        ("Head of learning design at a Lisbon centre.", "Ana is the head of learning design"),
        ("Former admissions tutor who coaches applicants.", "Ana is a former admissions tutor"),
        ("Ana runs a bakery.", "Ana runs a bakery."),
        ("Independent energy broker for pubs.", "Ana is an independent energy broker"),
        ("Portland attorney in tenant law.", "Ana is a Portland attorney in tenant law."),
        ("FinOps lead at a marketplace.", "Ana is a FinOps lead at a marketplace."),
        ("Architect at a Houston studio.", "Ana is an architect at a Houston studio."),
        # A common word is lower case mid-sentence, plural or not; a language keeps its capital.
        ("Canine behaviourist for ex-racing greyhounds.", "Ana is a canine behaviourist"),
        ("Careers adviser for people facing redundancy.", "Ana is a careers adviser"),
        ("Gaelic tutor who runs evening classes.", "Ana is a Gaelic tutor who runs"),
        ("Scottish country dance teacher.", "Ana is a Scottish country dance teacher."),
    ],
)
def test_who_a_person_is_reads_as_a_sentence(description: str, sentence: str) -> None:
    assert who_they_are("Ana", description).startswith(sentence)


def test_a_first_word_the_entry_writes_in_lower_case_later_is_no_name() -> None:
    first = "Oncall link worker at the Govan carers' centre."  # a word no dictionary lists
    whole = f"{first} Helps families with oncall support plans."
    assert who_they_are("Ana", first, whole).startswith("Ana is an oncall link worker")
    assert who_they_are("Ana", first).startswith("Ana is an Oncall link worker")


@pytest.mark.parametrize(
    ("description", "sentence"),
    [
        # Common words the dictionary writes in lower case.
        ("Trainee air-traffic controller at the Calgary tower.", "Ana is a trainee air-traffic"),
        ("Apprentice joiner at Pelletier Woodworks.", "Ana is an apprentice joiner at"),
        ("Sports dietitian who works with ultrarunners.", "Ana is a sports dietitian who"),
        ("Speech-language pathologist at Tidewater.", "Ana is a speech-language pathologist"),
        ("Barbershop arranger for quartets.", "Ana is a barbershop arranger"),
        ("Dementia link worker at the carers' centre.", "Ana is a dementia link worker"),
        # Names it does not list keep their capital, whatever they end with.
        ("Calgary realtor with 15 years in condo sales.", "Ana is a Calgary realtor with"),
        ("Airdrie plumber, 20 years on old houses.", "Ana is an Airdrie plumber,"),
        ("Celtic harp teacher.", "Ana is a Celtic harp teacher."),
    ],
)
def test_a_dictionary_tells_a_common_first_word_from_a_name(
    description: str, sentence: str
) -> None:
    assert who_they_are("Ana", description).startswith(sentence)


@pytest.mark.parametrize(
    ("phrase", "with_it"),
    [
        ("careers talk", "a careers talk"),
        ("one-to-one hour", "a one-to-one hour"),
        ("hour of pairing", "an hour of pairing"),
        ("shoes for trail running", "shoes for trail running"),
        ("the fado night", "the fado night"),
    ],
)
def test_a_noun_phrase_gets_the_article_it_needs(phrase: str, with_it: str) -> None:
    assert with_article(phrase) == with_it


def test_a_long_reply_is_not_quoted_back() -> None:
    said = "He'll present it to the VP on June 18 and wants to lead with the savings slide"
    assert promise_draft("Olu Ade", _promise(said)) == (
        "Hi Olu, I haven't forgotten what I promised you. When would suit you?"
    )


def test_a_promise_about_them_is_addressed_to_them() -> None:
    said = "I told him I'd ask around for a cheap van for when he qualifies."
    assert promise_draft("Yusuf Kaya", _promise(said), "short") == (
        "Hi Yusuf, I haven't forgotten: I'll ask around for a cheap van for when you qualify."
    )


def test_a_third_partys_introduction_is_for_them() -> None:
    cand = _need(
        "icu position",
        "Kate is picking up shifts but really wants a permanent ICU position",
        "third_party",
        "someone else",
    )
    draft = draft_for("James Hart", cand)
    assert "Would it help if I introduced Kate to Priya Raman?" in draft
    son = _need("internship", "her son wants an internship", "third_party", "her son")
    assert "introduced your son to Priya Raman?" in draft_for("Maria Lopez", son)


def test_a_promise_to_pass_word_to_the_person_named_is_no_introduction() -> None:
    promise = RankSignal(
        1,
        "commitment",
        "tell",
        "I'll tell Dr Raman at the next review.",
        "active",
        "user",
        None,
        date(2026, 10, 1),
        0,
    )
    draft = draft_for("Joyce Akinyi", Candidate(PRIYA, promise, 0.8, 0.7))
    assert draft == (
        "Hi Joyce, I haven't forgotten: I'll tell Dr Raman at the next review and let you know "
        "how it goes."
    )
    # An introduction promised is still made.
    intro = RankSignal(
        1,
        "commitment",
        "introduce",
        "I'll introduce her to Priya.",
        "active",
        "user",
        None,
        date(2026, 10, 1),
        0,
    )
    assert "let me introduce you to Priya Raman" in draft_for(
        "Joyce Akinyi", Candidate(PRIYA, intro, 0.8, 0.7)
    )


def test_a_need_relayed_by_someone_else_is_the_contacts_own_and_not_told_back() -> None:
    # Heard in Dolores's note and stored under Grace: Grace is no third party to herself, and
    # she never told the user, so the draft does not say "you mentioned".
    said = "and she badly needs someone who knows how to lead a sing"
    signal = RankSignal(
        1,
        "need",
        "sing",
        said,
        "active",
        "third_party",
        "Grace Okafor",
        date(2026, 10, 27),
        0,
        relayed=True,
    )
    cand = Candidate(PRIYA, signal, 0.8, 0.7)
    draft = draft_for("Grace Okafor", cand)
    assert draft.startswith("Hi Grace, would it help if I introduced you to Priya Raman?")
    assert "mentioned" not in draft and "Grace Okafor" not in draft
    assert reason_for("Grace Okafor", cand).startswith("Grace — need:")


def test_a_relative_named_on_the_contacts_own_line_is_theirs() -> None:
    # "Emeka: My daughter Amaka is begging to play football.": his daughter, not the user's.
    cand = _need("football", "My daughter Amaka is begging to play football.", "third_party",
                 "my daughter")  # fmt: skip
    draft = draft_for("Emeka Obi", cand)
    assert "my daughter" not in draft and "your daughter" in draft


def test_a_description_is_not_cut_at_an_abbreviation() -> None:
    text = "ICU nurse manager at St. Joseph's in Denver. She hires new grads."
    assert first_sentence(text) == "ICU nurse manager at St. Joseph's in Denver."


def test_a_long_description_ends_at_a_comma_not_mid_list() -> None:
    text = (
        "Úna is a farm succession and partnership facilitator who sits down with parents and "
        "returning sons or daughters to work out registered partnerships, transfers and "
        "long-term land leases. She has guided over 200 families."
    )
    assert described(text) == (
        "Úna is a farm succession and partnership facilitator who sits down with parents and "
        "returning sons or daughters to work out registered partnerships."
    )
    # A short one is its first sentence; one with no comma to end at keeps the cut.
    assert described("Plumber in Leith. Gas-safe.") == "Plumber in Leith."
    assert described("word " * 50).endswith("…")


def _article_give(evidence: str, before: str) -> Candidate:
    title = "Running a design critique people look forward to"
    item = RankItem(3, "art", "article", title, "How to run a weekly critique.", None, None)
    signal = RankSignal(
        4, "need", "designers", evidence, "active", "contact", None, date(2026, 1, 10), 0,
        before=before,
    )  # fmt: skip
    return Candidate(item, signal, 0.6, 0.6)


def test_a_give_found_by_the_sentence_before_is_not_reasoned_by_the_signals_own() -> None:
    asked = "Her lead asked her to run the team's weekly critique and she dreads it."
    found_before = draft_for("Maria Lopez", _article_give("wants to meet more designers", asked))
    assert found_before.startswith("Hi Maria, I came across this and thought of you:")
    # The signal's own sentence names the give: it is the reason, told back.
    own = draft_for("Maria Lopez", _article_give("wants to run a better critique", asked))
    assert own.startswith("Hi Maria, you mentioned you want to run a better critique")


def test_a_greeting_calls_them_by_a_given_name_of_two_words() -> None:
    assert called("Mei Lin Ortiz", ["Mei Lin", "Mei"]) == "Mei Lin"
    assert called("Maria Lopez", ["Mari"]) == "Maria"  # a nickname is no given name
    assert called("Walt Kinsella", ["Walter Kinsella"]) == "Walt"
    # The start of a surname ends no given name.
    assert called("Ciarán Mac Cárthaigh", ["Ciarán", "Ciarán Mac", "Coach"]) == "Ciarán"
    assert called("Anna van der Berg", ["Anna van"]) == "Anna"
    signal = RankSignal(1, "interest", "waxing", "Mei wants to learn race waxing", "active",
                        "contact", None, DAY, 0)  # fmt: skip
    draft = draft_for("Mei Lin Ortiz", Candidate(TRAIL, signal, 0.8, 0.7), called="Mei Lin")
    assert draft.startswith("Hi Mei Lin, ")


def test_a_told_back_clause_leaves_no_bracket_open_and_no_stop_inside_its_quote() -> None:
    cut = "He needs a tax talk for January (quarterly estimates, payroll"
    draft = draft_for("Bill Ode", _give(TRAIL, "tax talk", cut, "need"))
    assert "(" not in draft and "you need a tax talk for January, so I thought of you" in draft
    assert tidy_told('you want a club "with tables and retirees, not a plan."') == (
        'you want a club "with tables and retirees, not a plan"'
    )
    # ... nor an aside after a colon, nor words that lean on the note's other sentences.
    assert tidy_told("you'd also like to feature the fridge: what happens on a Thursday") == (
        "you'd like to feature the fridge"
    )
    assert tidy_told("you're drowning in this prescribing course too") == (
        "you're drowning in the prescribing course"
    )
    assert tidy_told("you thinking of stepping down") == "you're thinking of stepping down"
    assert tidy_told("you make a pie and throws half away") == "you make a pie and throw half away"
    assert tidy_told("you admit you need a proper editor") == "you need a proper editor"
    assert tidy_told("you admit defeat on the garden") == "you admit defeat on the garden"


def test_a_third_partys_need_is_never_told_as_the_contacts_own() -> None:
    job = _need("job", "and she needs to find a job there.", about="third_party", who="someone")
    assert "you need" not in draft_for("James Ode", job)
    son = _need("college essays", "her son needs help with college essays", "third_party", "son")
    assert "you mentioned your son needs help with college essays" in draft_for("Ana Ode", son)
