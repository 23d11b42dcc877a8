"""What the contact said, told back to them, on hard wording (pure, no models)."""

from __future__ import annotations

import pytest

from giveback.engine.suggest.offer_titles import offer_clause, offer_for
from giveback.engine.suggest.wording import to_second_person, told_back, without_asides


@pytest.mark.parametrize(
    ("evidence", "told"),
    [
        ("She still hasn't found a tax person", "you still haven't found a tax person"),
        ("they need a minibus.", "you need a minibus"),
        (
            "wants to know if the DNA kits are worth it",
            "you want to know if the DNA kits are worth it",
        ),
        ("Loves trail running", "you love trail running"),
        (
            "Pickleball: joined a Tuesday league, lost every game.",
            "you joined a Tuesday league",
        ),
        ("she's scared of the fees", "you're scared of the fees"),
        ("she's hired two ex-clinicians", "you've hired two ex-clinicians"),
        ("she's swamped with spring listings", "you're swamped with spring listings"),
        ("I am looking for a room near here", "you're looking for a room near here"),
        # A verb after "and" in a clause of "who" is that person's, not the contact's.
        (
            "She wants a bookkeeper who does small nonprofits and doesn't charge like a lawyer",
            "you want a bookkeeper who does small nonprofits and doesn't charge like a lawyer",
        ),
        (
            "She's been reading everything on case studies",
            "you've been reading everything on case studies",
        ),
        ("Her unit is short-staffed.", "your unit is short-staffed"),
        ("Meanwhile she wants the agency more visible", "you want the agency more visible"),
        # "her" before what is given her is "you", not "your".
        (
            "Three people have sent her something about violin plots",
            "three people have sent you something about violin plots",
        ),
        ("She said her husband hates his job", "your husband hates his job"),
        ("I don't know where to start", "you don't know where to start"),
        (
            "he'd like a workshop where he can rent machine time",
            "you'd like a workshop where you can rent machine time",
        ),
        ("and you'd like a local GP to speak", "you'd like a local GP to speak"),
        ("Sarah is looking for a lodger", None),  # "is" of someone named: not told back
        ("Or a GP.", None),  # a fragment
        ("Still no Lisbon classroom.", None),  # says nothing of the contact
        ("Capital campaign kicks off in March", None),
        ("Maria at the plots, 19 Sept", None),  # a heading: where she was, nothing said
        # The user's own word to them is not theirs to be told back.
        ("I said she and Linnea can have the spare room when they come over", None),
        (
            "NEEDS a French-Spanish interpreter he trusts",
            "you need a French-Spanish interpreter you trust",
        ),
    ],
)
def test_what_was_said_is_told_back_or_not_at_all(evidence: str, told: str | None) -> None:
    assert told_back(evidence, "Maria Lopez") == told


def test_the_contacts_own_name_as_subject_is_you() -> None:
    assert told_back("Maria wants a new job", "Maria Lopez") == "you want a new job"


@pytest.mark.parametrize(
    ("evidence", "told"),
    [
        # A "he" that goes on about the one the clause named (or left unsaid) is "you" too ...
        ("wants to learn the ceilidh basics so he can sit in with us some day",
         "you want to learn the ceilidh basics so you can sit in with us some day"),
        ("Duncan wants a bike and he wants it soon", "you want a bike and you want it soon"),
        # ... and one that follows what they think or say is someone else.
        ("Duncan thinks he should apply", "you think he should apply"),
        ("thinks he should apply", "you think he should apply"),
    ],
)  # fmt: skip
def test_a_named_man_is_you_again_only_where_the_clause_goes_on_about_him(
    evidence: str, told: str
) -> None:
    assert told_back(evidence, "Duncan Reid") == told


@pytest.mark.parametrize(
    ("evidence", "told"),
    [
        ("and he's about to raise a $2.5M seed", "you're about to raise a $2.5M seed"),
        ("his guy wants a 15k retainer he doesn't have",
         "your guy wants a 15k retainer you don't have"),
        ('he froze hiring, "not adding a single driver"',
         "you froze hiring"),
        ("thesis: how nurses work around the charting software", None),
        ("you asked me to keep a list, so here it is", None),
        ("did the bird count, wants to learn birds by song instead of squinting at them",
         "you did the bird count"),
    ],
)  # fmt: skip
def test_numbers_quotes_and_asides_survive_the_telling(evidence: str, told: str | None) -> None:
    assert told_back(evidence, "Ana") == told


def test_a_long_clause_is_cut_at_a_comma_or_not_told() -> None:
    long = (
        "she needs part-time work from January, ideally something research-related rather "
        "than bar work or shifts at the supermarket, which she did all through the PhD years"
    )
    assert told_back(long, "Ana") == "you need part-time work from January"
    aside = "cycles to work from Alvalade every day, proud of it"
    assert told_back(aside, "Ana") == "you cycle to work from Alvalade every day"
    quoted = "the board is three string players who, in his words, 'can read a score'"
    assert told_back(quoted, "Ana") is None  # cut after "who": a fragment


def test_the_part_that_speaks_of_the_signal_is_told() -> None:
    said = "did the bird count, wants to learn birds by song instead of squinting at them"
    assert told_back(said, "Ana", "learn birds by song") == (
        "you want to learn birds by song instead of squinting at them"
    )
    module = "did a free online intro to UX research, loved the interviewing module"
    assert told_back(module, "Ana", "interviewing module") == "you loved the interviewing module"
    assert told_back("Eleanor's dad Ken had a stroke", "Eleanor Price") == (
        "your dad Ken had a stroke"
    )
    assert (
        told_back("he asked again when I'm coming in to do the first-aid thing", "Gareth") is None
    )
    assert told_back("squirrels emptying the feeder every morning", "Ruth") is None
    assert told_back("fed up, might look at private health tech roles", "Martin") is None


@pytest.mark.parametrize(
    ("title", "clause"),
    [
        ("Proofread an English CV or cover letter", "to proofread an English CV or cover letter"),
        ("A speaker slot at our lunchtime meeting", "a speaker slot at our lunchtime meeting"),
        ("Review of an app's onboarding flow", "a review of an app's onboarding flow"),
        ("Review your pitch deck", "to review your pitch deck"),
        ("Be your long-run buddy on Saturdays", "to be your long-run buddy on Saturdays"),
        ("Monthly mentoring coffee", "a monthly mentoring coffee"),
        ("UX portfolio review", "a UX portfolio review"),
        ("MBA application review", "an MBA application review"),
        ("Saturday walk around Lisbon", "a Saturday walk around Lisbon"),
        # Mass nouns, plurals and gerunds take no "a"; languages keep their capital.
        ("Access to the team's used winter-gear closet",
         "access to the team's used winter-gear closet"),
        ("Tips for a first-year residence move-in", "tips for a first-year residence move-in"),
        ("Help navigating a hospital stay", "help navigating a hospital stay"),
        ("Spanish tutoring for a high schooler", "Spanish tutoring for a high schooler"),
        ("Biology and chemistry tutoring", "biology and chemistry tutoring"),
        ("Soda bread and scones lesson", "a soda bread and scones lesson"),
        ("An hour's clinical sense-check", "an hour's clinical sense-check"),
        ("Ride to the airport", "a ride to the airport"),
        # Verbs the word lists never heard of, known by what follows them.
        ("Sight-translate a Portuguese letter", "to sight-translate a Portuguese letter"),
        ("Coach kids' futsal", "to coach kids' futsal"),
        ("Cater a fundraiser at cost", "to cater a fundraiser at cost"),
        ("Help fill out a benefits form", "to help fill out a benefits form"),
        ("Plan or lead a memorial service", "to plan or lead a memorial service"),
        ("Setting up home care for an older relative",
         "to help with setting up home care for an older relative"),
        # The user speaking, and a clause told.
        ("I'll cover one of your class periods", "to cover one of your class periods"),
        ("What I've learned about rehab paperwork",
         "to share what I've learned about rehab paperwork"),
        # What the other person would do, the user lets them do or has them along for.
        ("Borrow my pickup truck for a weekend", "to lend you my pickup truck for a weekend"),
        ("Use my garage workshop", "to let you use my garage workshop"),
        ("Join my Saturday cycling group ride", "to have you join my Saturday cycling group ride"),
        ("Join you for weekend long runs", "to join you for weekend long runs"),
        ("Be a guest on our sales podcast", "to have you as a guest on our sales podcast"),
        # A sentence of its own: something of the user's that can do it.
        ("My after-school teens can play a set at your event",
         "to have my after-school teens play a set at your event"),
        ("Our studio could print your flyers", "to have our studio print your flyers"),
        ("Our gazebo for a weekend", "our gazebo for a weekend"),
        # a role taken at an event is something the user does
        ("Marshal at your race or junior session", "to marshal at your race or junior session"),
        ("Steward at your open day", "to steward at your open day"),
        # A verb before a gerund is no noun ("a try curling"); a sitting after a noun is a
        # service, not a count ("a dog sitting").
        ("Try curling with me", "to have you try curling with me"),
        ("Try my sourdough", "to have you try my sourdough"),
        ("Dog sitting", "dog sitting"),
        # What a colon lists after the offer is not said in the sentence.
        ("Build your spreadsheet: budgets, schedules, cash flow or records",
         "to build your spreadsheet"),
        ("House sitting for a weekend", "house sitting for a weekend"),
    ],
)  # fmt: skip
def test_an_offer_title_becomes_what_the_user_offers(title: str, clause: str) -> None:
    assert offer_clause(title) == clause


@pytest.mark.parametrize(
    ("title", "description", "clause"),
    [
        # A word that may be a noun is a verb when the offer's text says the user will do it.
        ("Play fiddle at a small event", "I'll play fiddle at a small event: a birthday.",
         "to play fiddle at a small event"),
        ("Play fiddle at a small event", "", "a play fiddle at a small event"),
        ("Review of an app's onboarding flow", "I'll review your onboarding.",
         "a review of an app's onboarding flow"),
        ("Design polish for a pitch deck", "I'll polish the design of your deck.",
         "a design polish for a pitch deck"),
        # A verb no list knows, when the text says the user does it.
        ("Call Polish offices (ZUS, NFZ) with you", "I can call ZUS or NFZ with you on speaker.",
         "to call Polish offices (ZUS, NFZ) with you"),
        ("Meet up in Wrocław and help with onward travel", "I can meet you there.",
         "to meet up in Wrocław and help with onward travel"),
        ("Coffee and a chat about careers", "I can chat about careers over coffee.",
         "a coffee and a chat about careers"),
        # What something of the user's does, said as a sentence.
        ("Our band plays a charity ceilidh at cost", "Our ceilidh band will play at cost.",
         "to have our band play a charity ceilidh at cost"),
        ("My choir teaches a free singing class", "",
         "to have my choir teach a free singing class"),
    ],
)  # fmt: skip
def test_an_offer_title_is_read_with_what_its_text_says(
    title: str, description: str, clause: str
) -> None:
    assert offer_clause(title, description) == clause


@pytest.mark.parametrize(
    ("title", "evidence", "offered"),
    [
        # What their sentence spoke of is theirs; a noun of doing is done.
        ("Review of an app's onboarding flow", "I offered to look at her onboarding screens",
         "to review your app's onboarding flow"),
        ("Proofread an English CV or cover letter", "my CV still reads like an auditor's CV",
         "to proofread your English CV or cover letter"),
        # ... and what it did not speak of stays a thing.
        ("Review a pitch deck", "raising a seed round in spring", "to review a pitch deck"),
        # A thing of the user's is not theirs, whatever they said.
        ("A speaker slot at our meetup", "she wants a speaker slot somewhere",
         "a speaker slot at our meetup"),
        ("Build a cash-flow model with you", "his cash-flow model is a mess",
         "to build a cash-flow model with you"),
        # What the user gives or runs is the user's, though their sentence spoke of it.
        ("Give a talk at your class or meetup",
         "asked if I'd give a talk on how product teams use data",
         "to give a talk at your class or meetup"),
        ("Run a workshop on grant budgets", "she wants a workshop on budgets for her staff",
         "to run a workshop on grant budgets"),
    ],
)  # fmt: skip
def test_an_offer_is_said_to_the_person_it_is_for(title: str, evidence: str, offered: str) -> None:
    assert offer_for(offer_clause(title), evidence) == offered


@pytest.mark.parametrize(
    ("text", "addressed"),
    [
        ("lend him my grammar book", "lend you my grammar book"),
        ("proofread her CV this weekend", "proofread your CV this weekend"),
        ("send her the photos", "send you the photos"),
        ("introduce her to Ana, she'd love her", "introduce you to Ana, she'd love her"),
        ("ask around for a van for when he qualifies", "ask around for a van for when you qualify"),
        ("dig them out of the garage this weekend", "dig them out of the garage this weekend"),
        # After another person's name, "he" is theirs (round 17).
        ("ask Tom if he does charity rates", "ask Tom if he does charity rates"),
    ],
)
def test_a_promise_is_addressed_to_the_contact(text: str, addressed: str) -> None:
    assert to_second_person(text, {"maria lopez", "maria"}) == addressed


def test_an_aside_between_subject_and_verb_is_left_out_and_the_subject_kept() -> None:
    said = "Personal: her daughter Sofia, a senior at Southwest, is applying to BSN programs"
    assert told_back(said, "Carla Ruiz", "BSN programs") == (
        "your daughter Sofia is applying to BSN programs"
    )
    # A verb joined to another's is not turned to "you": "... and is stuck", not "are".
    both = "her daughter Sofia is applying to BSN programs and is stuck on the statement"
    assert told_back(both, "Carla Ruiz", "BSN programs") == (
        "your daughter Sofia is applying to BSN programs and is stuck on the statement"
    )


@pytest.mark.parametrize(
    ("title", "clause"),
    [
        ("Shadow me for a day on site", "to have you shadow me for a day on site"),
        ("Come to the Thursday ukulele jam at the studio",
         "to have you come to the Thursday ukulele jam at the studio"),
        ("Be a mentor for a new manager", "to be a mentor for a new manager"),
    ],
)  # fmt: skip
def test_an_invitation_is_offered_to_them(title: str, clause: str) -> None:
    assert offer_clause(title) == clause


def test_what_the_user_did_to_them_is_not_told_back_as_theirs() -> None:
    assert told_back("asked Sunil to swap Sat 7 Mar (Dad's clinic)", "Sunil Rao") is None
    assert told_back("told her about the grant", "Ana Ruiz") is None


def test_an_aside_in_brackets_is_not_told_back() -> None:
    told = told_back("her son Kagiso (8) keeps asking to play rugby at school", "Lerato", "rugby")
    assert told is not None and "(8)" not in told
    assert without_asides("I'll think about it (wedding, thesis... honestly no time)") == (
        "I'll think about it"
    )
    # A note that is all one aside keeps its words; two asides are both left out.
    assert without_asides("(I still need a mechanic for the van)") == (
        "I still need a mechanic for the van"
    )
    assert without_asides("(a) tiles (b)") == "tiles"
    # The next item of a list, and brackets inside a word, are no asides.
    said = "I'll send her the deck (and the financial model)"
    assert without_asides(said) == said
    assert without_asides("notes from (CS)50") == "notes from (CS)50"
