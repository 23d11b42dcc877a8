"""Who not to ask, read from sentences: hard times, wants, the user's own words."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.asks.guards import (
    echoes_trouble,
    hard_time_in,
    is_about_user,
    is_limit,
    is_offering,
    is_seeking,
    is_self_limit,
)
from giveback.engine.asks.needs import heard_need_text
from giveback.engine.asks.people import Days, Person, _read_note, sentences


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Sadly his father passed away last week.", "bereavement"),
        ("She lost her mom in October and is still grieving.", "bereavement"),
        ("He was diagnosed with lymphoma and starts chemo Monday.", "illness"),
        ("Her dad is in the hospital after a fall.", "illness"),
        ("Got laid off from Brightline when they cut the whole team.", "layoff"),
        ("Her role was eliminated in the reorg.", "layoff"),
        ("Their baby was born on the 3rd, a girl!", "new baby"),
        ("He's on paternity leave until March.", "new baby"),
        ("Baby Astrid arrived Oct 3, a bit early.", "new baby"),
        ("Dario had back surgery on Oct 14, a two-level fusion.", "illness"),
        ("Stroke, very sudden.", "illness"),
        ("Her dad moved into hospice last week.", "illness"),
        ("Albright's cut the entire home buying team on Sep 30.", "layoff"),
        ("They're going through a divorce, and it's ugly.", "separation"),
        ("Ken's service was Saturday; she held together until the slideshow.", "bereavement"),
        ("A celebration of life for Walt on Sunday at the boathouse.", "bereavement"),
        ("The college cut the welding program on Sept 4 and he's out.", "layoff"),
        ("Arcwell shut down second shift on the 18th and Toby was on the list.", "layoff"),
        ("Rafa and Ines brought Lucia home (born Oct 3).", "new baby"),
        ("Back from Karachi - they did his father's chehlum last week.", "bereavement"),
        ("the scan found it in his lymph nodes, he had the first cycle last week", "illness"),
        ("Hirst Interiors went under in September - administrators in.", "layoff"),
        ("Tom's site is gone - whole operation moved to Poland, everyone let go.", "layoff"),
        ("Ruth Nolan arrived 12 Sept, 3.4kg!!", "new baby"),
        ("Mal had the bypass on the 14th - three grafts.", "illness"),
        ("His dad went on Thursday, very sudden, so he's sorting the service.", "bereavement"),
        ("Her dad went very suddenly last week.", "bereavement"),
        ("He's back in the hospital with pneumonia", "illness"),
        ("Came home with an infected wound", "illness"),
        ("Mal's wound got infected, back in for two nights on a drip.", "illness"),
    ],
)
def test_hard_times_are_heard(sentence: str, kind: str) -> None:
    found = hard_time_in(sentence)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "She runs the oncology ward's scheduling.",  # a job near illness is not an illness
        "He lost his father years ago and talks about him warmly.",  # long ago
        "Building a treehouse with the kids this summer.",
        "The catering service was Saturday and it ran late.",  # a service, not a funeral
        "Ken's service is the best in town for bikes.",
        "She was born March 3, 1961, in Cork.",  # a birthday, not a baby
        "Hiked with Joan; the new knee is doing its job and she dropped me on the climb.",
        "They shut down the road for the parade.",
        "went through his first three years, the year he almost went under",  # survived
        "Ellie is applying to vet school next cycle and is short on clinical hours.",
        "The scan showed twins!",
        "tests came back negative, all good",
        "Their house went under contract last week!",
        "She trains hospital administrators in Leeds on the new rota system.",
        "Her PhD is on Bronze Age burial practices.",
        "She is in the second cycle of the leadership programme.",
        "The parcel arrived Tuesday, 3.4kg of coffee beans.",  # no birth: no "born", no baby
        "The new branch is open Saturdays now.",
        "Priya's new site has gone live",
        "The Leeds branch is closed on Sundays",
        "everyone let go a bit after the speeches",
        "Parcel arrived this morning - 3.5kg",
        "Maria arrived late, she's lost 4kg",
        "The road bypass had its consultation last week.",
        "He grafted the new apple trees in May.",
        "Her dad went on Thursday to the stock sale in Matamata.",
        "Their daughter went last night, loved the show.",
        "Her husband went on Friday, she's going Saturday.",
        "She had chemo back in 2021 and is totally fine now",
        "Sick calf on a drip all night",
        "Put the whole orchard on a drip system",
        "Council needs the bypass finished",
        "Nobody gives me grief about the parking any more.",
    ],
)
def test_ordinary_sentences_are_no_hard_time(sentence: str) -> None:
    assert hard_time_in(sentence) is None


def test_wants_and_the_users_own_words() -> None:
    assert is_seeking("She's looking for an accountant who gets sales tax.")
    assert is_seeking("Still struggling to find childcare on Tuesdays.")
    assert not is_seeking("She did the books for three restaurants for a decade.")
    assert is_about_user("I mentioned I'm still hunting for a bookkeeper.")
    assert not is_about_user("Ingrid did the books for three restaurants.")


@pytest.mark.parametrize(
    "sentence",
    [
        "She's at her wits' end with the aphids on the roses.",
        "Still fighting the insurer over the flood claim, nothing settled.",
        "He hasn't decided between the bootcamp and the degree.",
        "Neither of us understands the new grading rubric.",
        "We're both on the waitlist for the same preschool.",
        "Torn between selling the van and fixing it.",
        "The leak keeps coming back after every storm.",
        # The same trouble as the user's, said without "looking for".
        "She's asking everyone she knows for a broker who'll write one.",
        "Rafa: you too? I've got four sitting in their portal since August.",
        "Marcus: mine too. been staring at it since thursday.",
        "Same spot I'm in, on both counts.",
        "He's been posting his diagram three nights running.",
        "Tell me if you crack it, I'm losing a customer a week.",
        "Still no federal permit.",
        "No word from the state on the spray.",
        "We're both just waiting.",
        # A wait that goes on.
        "Mathis still on the CSS list, now they say spring 2027 'at the earliest.'",
        "She called nine private orthophonistes, all full until summer.",
        "She asked if I'd found anyone who really understands these contracts.",
        "Benny: we're both just staring at rust man. you find somebody who'll weld it, tell me",
        "She's spent a week on those websites and is more confused than when she started.",
        # Asking the user to pass on what they find: they want it too.
        "He asked if we'd figured anything out.",
        "If you find somebody you call me first.",
        "due Monday. if you figure it out pls send help",
        "Problem is nobody in this town will buck rivets on a vintage shell. I've called six "
        "places.",
        # Turned down and fighting it.
        "the dependant visas for her husband and the two girls were REFUSED last week.",
        "She's appealing with a consultant, 90k paid already.",
        "She's beside herself, sending me voice notes at midnight.",
        "wants to mock interview each other - blind leading the blind, we both ramble",
        # Stuck with a thing, or asking everyone for it.
        "Still can't get rid of the old upright, two dealers said no.",
        "I'm begging everyone for a lift on the 12th",
        "Our accompanist retired in October, we're hunting ourselves",
        "he's quizzing everyone about what the auditors actually go through",
        "'nobody'll give me a straight answer'. Same, Rob.",
        "Can't get a straight answer from anyone at Fonterra",
    ],
)
def test_a_struggle_said_without_looking_for_is_a_want(sentence: str) -> None:
    assert is_seeking(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "She settled the estate for her clients in three weeks.",
        "He decided on the Lisbon office and moved in June.",
        "They both teach at the community college.",
        "Fought fires for twenty years before he retired.",
        "She is still the best baker in town, no contest.",
        "She asked about the kids and the new house.",  # a question in passing
        "Dave was grilling sausages for everyone at the field day",
        "It's a surprise party, nobody tell her!",
        "no one can tell them apart",
        "Kids asked whether I have ever been kicked by a cow (yes).",
        "He kept the books for the co-op for a decade.",
        "She refused to take any money for it.",  # refusing is no being refused
        "He won the appeal for a client in May.",
    ],
)
def test_a_done_deal_or_a_skill_is_no_struggle(sentence: str) -> None:
    assert not is_seeking(sentence)


@pytest.mark.parametrize(
    ("text", "theirs"),
    [
        (
            "'I can tell you whether the money was spent right; I've never once written the ask'.",
            True,
        ),
        ("He was upfront that he only does households: 'municipal stuff - not my world.'", True),
        ("'Part D is a referral-out for me, I'd get it wrong.'", True),
        ("But don't ask me how to teach a grown man to read.", True),
        ("Also said don't ask her about Reni's algebra - she was hopeless at maths.", True),
        # Said of them with no subject, as notes are kept.
        ("again: won't act for me in the separation - conflicted, and doesn't do family law", True),
        ("- doesn't touch honeybees, refers those out", True),
        ("She said 'don't design the label before you know the rules'.", False),
        ("'Never sell a house in a state you don't live in.'", False),
        ("So I stop selling things I don't have.", False),
        ("She said: 'I don't care if it's the playoffs, call me.'", False),
        ("Said they never once turned down someone with the neighbours on their side.", False),
    ],
)
def test_a_limit_of_their_own_is_told_from_advice(text: str, theirs: bool) -> None:
    assert is_self_limit(text) is theirs


def test_sentences_drop_bullets_and_keep_who_speaks() -> None:
    found = sentences(
        "- Did payroll for years. Loves it.\nMe: I need a plumber soon\n"
        "Ana: I know one who is great"
    )
    assert [s.text for s in found] == [
        "Did payroll for years.",
        "I need a plumber soon",
        "I know one who is great",
    ]
    assert [s.speaker for s in found] == [None, "user", "other"]


def test_a_pasted_chat_keeps_who_speaks_behind_its_times() -> None:
    found = sentences(
        "[11:52 PM] Kyle: are you done the GZ assignment\n"
        "[11:54 PM] me: nope. same problem\n"
        "[12/04 19:02] Lu: shoulder update!! five sessions and I'm pulling full pressure again"
    )
    assert [s.speaker for s in found] == ["other", "user", "other"]
    assert found[0].text == "are you done the GZ assignment"


@pytest.mark.parametrize(
    "sentence",
    [
        "She's a kidney doctor at the hospital: dialysis unit, transplant clinic.",
        "He spent twenty years as a surgeon in Galway.",
        "She was born in Cork and trained in Dublin.",
        "She's a divorce lawyer with a practice downtown.",
        "He handles layoffs and severance for a 400-person company.",
        "She works in the ICU three nights a week.",
        "Runs the bereavement support group at the hospice.",
        "She's a hospice nurse and a great cook.",
        "Neonatal nurse: she cares for newborns in the NICU.",
        "The battery died halfway up the hill.",
        "He has done knee surgery for twenty years.",
        "She runs the unit where patients are recovering from surgery.",
        "We split up the tasks for the fundraiser.",
        "She passed on the message to the board.",
        "She just diagnosed my cat's kidney trouble in ten minutes.",
    ],
)
def test_a_job_near_a_hard_time_is_no_hard_time(sentence: str) -> None:
    assert hard_time_in(sentence) is None


def test_looking_for_clients_is_help_on_offer() -> None:
    assert is_offering("looking for small-landlord clients")
    assert is_offering("wants to volunteer on weekends")
    assert is_offering("looking for more freelance work")
    assert not is_offering("looking for an accountant who knows sales tax")
    # "work" as a verb is no work sought: he wants to know, as the user does.
    assert not is_offering("asked if I'd found anyone who knows how these hearings work")


def test_a_heard_need_reads_as_typed() -> None:
    said = "I mentioned I'm still looking for a bookkeeper for the studio."
    assert heard_need_text("bookkeeper", said) == "bookkeeper for the studio"
    assert heard_need_text("tax person", "needs help") == "tax person"


@pytest.mark.parametrize(
    "sentence",
    [
        "He refers anything with a will or a deed to Bridgeford.",
        "Municipal finance is not his world.",
        "Part D is a referral-out for him.",
        "Anything with a gelcoat, I'm lost.",
        "I've never written one, I court donors.",
        "He calls classical viola another planet.",
        "She said vehicle titles are the DMV's world.",
        "He told Dad what to change is not his call.",
        "She told me to ask someone who treats people.",
        "I'm honestly not the right person for licensing.",
        "Said if that ever happens it's not something he can place, he only does personal lines",
        "'I do UX, not translation. Hire a real translator.'",
        "'I do formal written Afrikaans for courts. Find someone from there.'",
        "'The little DJI? I've got no licence, no chance.'",
    ],
)
def test_what_someone_does_not_do_is_a_limit(sentence: str) -> None:
    assert is_limit(sentence)


def test_a_plain_skill_is_no_limit() -> None:
    assert not is_limit("She keeps the books for three craft breweries.")
    assert not is_limit("She does payroll for a hotel group, and has for years.")
    # A feeling denied is no limit: the years of work it follows are a skill.
    assert not is_limit(
        "she was a tax manager for nine years - estates, CAT returns - and doesn't miss it"
    )
    assert not is_limit("she did the MA part-time, 'I don't remember 2024 at all'")
    assert not is_limit("Coffee w Dana. She paid for lunch, not me.")
    assert not is_limit("Their agency did the Lidl rebrand, not us.")
    # Advice they are quoted giving is how they did the work, not what they will not do.
    assert not is_limit(
        "She was principal for fourteen years and had parents go over her head to Wellington - "
        "her words: 'paper trail, timelines, and never, ever get defensive in writing.'"
    )
    assert not is_limit("He ran the co-op's books for years: 'don't sign anything in a hurry'.")
    assert is_limit("She laughed: 'I never touch trusts, never have.'")
    assert is_limit("'don't ask me how, I don't do spreadsheets' - she's honest about it")
    assert is_limit("'Don't do weddings, never have' - Phil")
    assert is_limit("No new students 'til Term 3, don't even ask, the parents' waitlist is full")
    assert is_limit("She doesn't do estates, she sends them to Byrne Hallinan.")
    # Not a feeling: a limit still.
    assert is_limit("She doesn't feel qualified to advise on immigration visas")
    assert is_limit("She won't take care of probate work")
    # A limit lifted for friends invites the ask: the years of work it follows are a skill.
    lifted = (
        "before she touched colour she spent five years holding the purse strings on two "
        "features, and she never wants to see a spreadsheet again 'unless it's for a friend'."
    )
    assert not is_limit(lifted) and not is_self_limit(lifted)
    assert not is_limit("He doesn't take new clients, except for friends.")
    assert is_limit("I don't do tax returns, but my friend does")
    assert not is_limit("I don't do rush jobs unless it's for you")
    # a condition is no invitation, nor are "you" and family at large
    assert is_limit("I don't touch immigration cases unless you want a bad outcome")
    assert is_limit("He doesn't do pro bono unless you're a registered charity")
    assert is_limit("Doesn't take clients except family these days")


def test_the_users_own_plans_are_no_evidence_of_theirs() -> None:
    person = Person(1, "Nadia Rahman")
    day = date(2026, 9, 20)
    _read_note(
        person,
        "Told her I'm applying to the arts council. She fixed my grant budget. "
        "She edits grant proposals for a living.",
        day,
        day,
        Days(),
    )
    assert [e.text for e in person.skills] == [
        "She fixed my grant budget.",  # the user as an object: still theirs
        "She edits grant proposals for a living.",
    ]


def test_a_want_is_also_read_with_the_sentences_around_it() -> None:
    person = Person(1, "Tom Wolak")
    day = date(2026, 11, 6)
    _read_note(
        person,
        "Tom came by with a rye loaf. He is still fighting Harborline Properties over the "
        "renewal, six weeks of letters. Same new uncapped common-area charges and "
        "demolition clause they put in my lease renewal. We talked about the alley lights.",
        day,
        day,
        Days(),
    )
    # What he is stuck on is in the sentence after the want: the two are read together.
    assert (
        "He is still fighting Harborline Properties over the renewal, six weeks of "
        "letters. Same new uncapped common-area charges and demolition clause they put in my "
        "lease renewal." in " | ".join(person.vague_wants)
    )


@pytest.mark.parametrize(
    ("sentence", "echoed"),
    [
        ("Exactly my situation.", True),
        ("Join the club.", True),
        ("Completely stuck, same as me.", True),
        ("I'm stuck on the exact same page", True),
        # Sharing a hometown, or agreeing, shares no trouble.
        ("He's from Cork, same as me.", False),
        ("Same here, loved the show", False),
    ],
)
def test_a_trouble_echoed_as_the_users_own(sentence: str, echoed: bool) -> None:
    assert echoes_trouble(sentence) is echoed
