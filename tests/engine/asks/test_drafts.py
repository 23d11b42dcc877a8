"""The ask's words: the need said as a person would say it, why this person, an offer back."""

from __future__ import annotations

from datetime import date

import pytest

from giveback.engine.asks.drafts import ask_draft, because, offer_back, offer_phrase
from giveback.engine.asks.need_words import need_clause
from giveback.engine.asks.needs import Need
from giveback.engine.asks.people import Evidence
from giveback.engine.asks.typed_after import need_question, need_request

DAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("need", "said"),
    [
        ("accountant who knows sales tax - we sell in 3 states + online",
         "I'm looking for an accountant who knows sales tax"),
        ("get the kiln circuit checked (want a 2nd kiln)",
         "I'm trying to get the kiln circuit checked"),
        ("second opinion on my wrist", "I'm looking for a second opinion on my wrist"),
        ("Mom needs to move to assisted living - how do we pick a place",
         "I could use your advice on something: Mom needs to move to assisted living"),
        ("silica dust in the studio", "I need help with silica dust in the studio"),
        ("How do we get Cian assessed for ADHD here? public waitlist vs private",
         "I have a question you might know the answer to: how do we get Cian assessed for "
         "ADHD here?"),
        ("hiring my first assistant", "I'm hiring my first assistant"),
        ("I need a plumber", "I'm looking for a plumber"),
        ("Swedish work permit for my partner",
         "I could use your advice on something: Swedish work permit for my partner"),
        ("breakfast club: register it as a charity or find an umbrella org? need someone",
         "I have a question you might know the answer to: breakfast club, register it as a "
         "charity or find an umbrella org?"),
        # A noun in -ing is no verb: "I'm stage lighting" says something else.
        ("lighting for the spring musical - need someone to design it",
         "I need help with lighting for the spring musical"),
        ("selling jam at the farmers market", "I'm selling jam at the farmers market"),
        ("finally finishing the survey report", "I'm finishing the survey report"),
        # A situation with a subject and verb of its own is told as it is.
        ("my teaching licence runs out in June - renewal?",
         "I could use your advice on something: my teaching licence runs out in June"),
        ("Dad wants to sell the truck", "I could use your advice on something: Dad wants to "
         "sell the truck"),
        ("garden club sprayed the beds last week",
         "I could use your advice on something: the garden club sprayed the beds last week"),
        # Shorthand drops the subject's article: said back, it has one.
        ("website gets basically zero calls. need help w listings",
         "I could use your advice on something: the website gets basically zero calls"),
        ("lower back keeps locking up after long runs",
         "I could use your advice on something: my lower back keeps locking up after long runs"),
        # ... but a relative clause is not the need's own: someone who has done it.
        ("someone who has run a capital campaign",
         "I'm looking for someone who has run a capital campaign"),
        # Things that end like a role are no person; a bare one is the user's.
        ("kitchen floor - tiles lifting", "I need help with my kitchen floor"),
        ("cookbook proposal", "I need help with my cookbook proposal"),
        ("physio for my knee", "I'm looking for a physio for my knee"),
        # An acronym keeps its capitals, and a name before a thing makes it "the" thing.
        ("FAFSA form for Karim - deadline soon",
         "I need help with the FAFSA form for Karim"),
        ("Hollis farm lease", "I need help with the Hollis farm lease"),
        ("E&O insurance for the film", "I need help with E&O insurance for the film"),
        ("clinic's 990 - treasurer moved away", "I need help with the clinic's 990"),
        # A full stop after an abbreviation, or after a month before its day, ends nothing.
        ("get my Aleppo Univ. transcripts evaluated", "I'm trying to get my Aleppo Univ. "
         "transcripts evaluated"),
        ("move out by Jan. 15 - need movers", "I'm trying to move out by Jan. 15"),
        # A bare -ing verb gets its "is"; a noun's modifier ("my teaching licence") does not.
        ("roof over the kiln room leaking again - need a roofer",
         "I could use your advice on something: the roof over the kiln room is leaking again"),
        ("Ruby's therapist retiring end of Jan. need someone",
         "I could use your advice on something: Ruby's therapist is retiring end of Jan"),
        # "??" after news is alarm, not a question; a question asked as one stays one.
        ("fire board has NO D&O coverage?? need a broker",
         "I could use your advice on something: the fire board has no D&O coverage"),
        ("can the club get a grant for this?? need someone",
         "I have a question you might know the answer to: can the club get a grant for this?"),
        # A hyphenated thing is its last part: a mini-grant is no role.
        ("conservation district mini-grant for the school garden due Dec 10 - need a reader",
         "I could use your advice on something: conservation district mini-grant for the "
         "school garden due Dec 10"),
        # A past tense without -ed tells what happened; "not" and an -ing word is a state.
        ("truck permit app came back - no commissary agreement on file",
         "I could use your advice on something: the truck permit app came back"),
        ("not sleeping. the truck, the shop", "I'm not sleeping"),
        ("Robotics team need 12 machined brackets by March",
         "I could use your advice on something: Robotics team need 12 machined brackets by "
         "March"),
        # A named topic typed first, then what is needed of it; a phrase is the need itself.
        ("Open Page: someone who knows how the humanities council scores apps, due Jan 15",
         "for Open Page, I'm looking for someone who knows how the humanities council scores "
         "apps"),
        ("Papa - how do we get him a memory assessment without waiting a year? GP shrugs",
         "about Papa, I have a question you might know the answer to: how do we get him a "
         "memory assessment without waiting a year?"),
        ("cookbook proposal - where do I even start", "I need help with my cookbook proposal"),
        ("garage conversion: need an architect who does granny flats",
         "for the garage conversion, I'm looking for an architect who does granny flats"),
        ("Lisbon move: looking for a mover who does small loads",
         "for the Lisbon move, I'm looking for a mover who does small loads"),
        ("therapist for Theo - test anxiety getting bad", "I'm looking for a therapist for Theo"),
        # A sigh of two words typed first is no need; "incl." ends no thought.
        ("kill me. 2,847 results for dignity therapy. need someone to fix my search",
         "I need help with 2,847 results for dignity therapy"),
        ("the coater quoted $1,150 for 4 frames incl. sandblasting + masking. fair?",
         "I could use your advice on something: the coater quoted $1,150 for 4 frames incl. "
         "sandblasting and masking"),
        # Shorthand drops whose first it is.
        ("hiring first part-time studio assistant - payroll, what paperwork",
         "I'm hiring my first part-time studio assistant"),
    ],
)  # fmt: skip
def test_a_need_is_said_as_a_person_would_say_it(need: str, said: str) -> None:
    assert need_clause(need) == said


def test_why_them_is_told_back_only_when_it_reads_true() -> None:
    about_her = Evidence("She keeps the books for three craft breweries.", "note", DAY)
    about_user = Evidence("I sold out of the speckled bowls by 2pm.", "note", DAY)
    about_other = Evidence("Juno's report calls her a late bloomer.", "note", DAY)
    her_words = Evidence("I underwrote home loans for eight years.", "note", DAY, 1.0, True)
    to_user = Evidence("I want your eyes on my checkout.", "note", DAY, 1.0, True)
    favor = Evidence("Found a loose neutral on the subpanel", "favor", DAY)
    assert because("Ruth Achterberg", [about_her]) == (
        "I remember you keep the books for three craft breweries"
    )
    assert because("Ruth Achterberg", [about_user, about_other, to_user]) is None
    assert because("Rosalind Chu", [her_words]) == (
        "I remember you underwrote home loans for eight years"
    )
    assert because("Tomasz W", [favor]) == (
        "I still remember when you found a loose neutral on the subpanel"
    )


def test_what_they_are_or_have_done_is_told_back_with_its_contraction() -> None:
    handled = Evidence("She's handled spray-drift claims for two organic growers.", "note", DAY)
    assert because("Rosalyn Ebbert", [handled]) == (
        "I know you've handled spray-drift claims for two organic growers"
    )
    neurologist = Evidence(
        "She's a pediatric neurologist at Children's in Oakland - mostly seizures.", "note", DAY
    )
    assert because("Hana Sato", [neurologist]) == (
        "I know you're a pediatric neurologist at Children's in Oakland"
    )


def test_their_own_limit_is_never_the_reason_to_ask() -> None:
    limit = Evidence("Trucks I can't help you with, hon.", "note", DAY, 1.0, True)
    assert because("Sharon Pryor", [limit]) is None


def test_a_favor_told_by_their_name_is_told_to_them() -> None:
    favor = Evidence(
        "Verónica got the Calle Nogal pothole filled two weeks after I sent her the 311 numbers",
        "favor",
        DAY,
    )
    assert because("Verónica Leal", [favor]) == (
        "I still remember when you got the Calle Nogal pothole filled"
    )


def test_a_told_back_cut_too_short_is_not_told() -> None:
    take = Evidence(
        "Her take: junior spring is when you build the list, not senior fall.", "note", DAY
    )
    assert because("Sunita Varma", [take]) is None  # not "I remember your take"
    unit = Evidence("Her unit keeps its own list of home-care agencies.", "note", DAY)
    assert because("Ines Achterberg", [take, unit]) == (
        "I remember your unit keeps its own list of home-care agencies"
    )


def test_a_favor_written_with_their_name_and_the_user_in_it_is_told_to_them() -> None:
    copy = Evidence("Margo gave me her annotated copy of the nursing textbook.", "favor", DAY)
    assert because("Margo Ellery", [copy]) == (
        "I still remember when you gave me your annotated copy of the nursing textbook"
    )  # was quoted: I still think of how you helped me ("Margo gave me her ...")
    assert because("Margo Ellery", [Evidence("Margo", "favor", DAY)]) is not None  # no crash


def test_a_told_back_that_says_only_how_is_not_told() -> None:
    # Four words and more, but nothing in them says what they know or did.
    hesitate = Evidence("He didn't even hesitate.", "note", DAY)
    all_day = Evidence("She does this all day.", "note", DAY)
    assert because("Bartholomew Okonkwo", [hesitate]) is None
    assert because("Marguerite Oyelaran", [all_day]) is None
    porto = Evidence("She grew up in Porto.", "note", DAY)
    assert because("Catarina Sousa", [porto]) == "I remember you grew up in Porto"


@pytest.mark.parametrize(
    ("said", "told"),
    [
        (
            "Almost my whole caseload at Foothill Neuro Rehab is Parkinson's now.",
            'I remember you telling me "Almost my whole caseload at Foothill Neuro Rehab is '
            "Parkinson's now\"",
        ),
        # Words that lean on the sentence before say nothing alone.
        ("This panel is at its limit.", None),
        ("Then it goes with the application to the broker.", None),
        # The note telling what they did, not their words.
        ("Moved the mic two inches and away from the wall.", None),
        # Their own ask, a question, the user's line: no reason to ask them.
        ("I want your eyes on my checkout.", None),
        ("Any chance you know a locum for Jan-Feb?", None),
        ("Me: PantryTrack, inventory by lot and expiry date", None),
        # Said of the user, or a question they were asked: no sign they know.
        ("Your wrist does all the work and your thumb is cocked back.", None),
        ("A lady in the line asked me today what to do about her renewal.", None),
        # Of themselves, to the user: quoted.
        (
            "When your line sheet is ready, I'll send it to Marguerite on the home team.",
            "I remember you telling me \"When your line sheet is ready, I'll send it to "
            'Marguerite on the home team"',
        ),
    ],
)
def test_their_own_words_are_quoted_only_when_they_stand_alone(said: str, told: str | None) -> None:
    assert because("Gwen Abernathy", [Evidence(said, "note", DAY, 1.0, True)]) == told


@pytest.mark.parametrize(
    ("need", "typed_ask"),
    [
        # The ask typed after the need is said as the user's own sentence, shorthand spelt out.
        ("AFG grant for new SCBA packs - want someone who's written a funded one to read our "
         "narrative", "I'd like someone who's written a funded one to read our narrative."),
        ("workers comp quote came back at 19k, they put us under roofing?? need an insurance "
         "person who knows solar", "I need an insurance person who knows solar."),
        ("capstone due Dec 12: pages re-fetch in a loop. need someone who does React for a "
         "living to pair w/ me for an hour",
         "I need someone who does React for a living to pair with me for an hour."),
        ("Owen took a hit, still getting headaches - want to talk to someone who knows kid "
         "concussions. when can he skate?",
         "I'd like to talk to someone who knows kid concussions."),
        ("can I move the toilet on a slab? want someone who's actually cut a slab, not a guess",
         "I'd like someone who's actually cut a slab."),
        ("Nina's OB is retiring in Jan - need a good OB or midwife practice to switch to",
         "I need a good OB or midwife practice to switch to."),
        # A bare "someone who ..." is an ask too; an aside after a comma is left to the user.
        ("lighting for Our Town (March) - someone to design on our ancient board, can pay "
         "very little", "I'm looking for someone to design on our ancient board."),
        ("honey house floor - need someone who's done food-plant floors, not garage floors",
         "I need someone who's done food-plant floors, not garage floors."),
        # The user's "you" meant anyone, so themselves: sent to someone, it is "me".
        ("hoist jammed and I took the weight - want a physio who sees nurses and gets you back "
         "on the floor", "I'd like a physio who sees nurses and gets me back on the floor."),
        # A want that is no ask for help, the need's first thought already the ask, or no ask.
        ("get the kiln circuit checked - want a 2nd kiln, not sure the panel can take it", None),
        ("stay union or go open shop - want a straight answer", None),
        ("someone who's read a lot of college essays - need someone by Friday", None),
        ("roofer for the farmhouse - porch roof leaking", None),
        ("accountant who knows sales tax", None),
    ],
)  # fmt: skip
def test_the_ask_typed_after_the_need_is_said_too(need: str, typed_ask: str | None) -> None:
    assert need_request(need) == typed_ask


@pytest.mark.parametrize(
    ("need", "question", "typed_ask"),
    [
        # A question typed after the need is asked as a sentence of its own.
        ("G's outpatient physio ends Dec 31. what home rehab is there after? + someone to "
         "assess the bathroom (grab bars? tub?)", "What home rehab is there after?",
         "I'm looking for someone to assess the bathroom."),
        # Someone looked for, typed as a question, is the ask.
        ("break-in Nov 2, front window + till. anyone who's fought an adjuster?",
         None, "I'm looking for someone who's fought an adjuster."),
        ("lease renewal by Jan 15, rent +22%; who's negotiated a commercial lease and won?",
         None, "I'm looking for someone who's negotiated a commercial lease and won."),
        # "who can I point her to?" asks for a name; it says nothing of who they are.
        ("client asked me about her work permit renewal. who can I point her to?",
         "Who can I point her to?", None),
        # A need asked as a question has no second one.
        ("can I take family leave as the owner? how does it work for self-employed", None, None),
    ],
)  # fmt: skip
def test_what_is_typed_after_the_need_is_asked_too(
    need: str, question: str | None, typed_ask: str | None
) -> None:
    assert need_question(need) == question
    assert need_request(need) == typed_ask


def test_an_offer_back_is_a_question_not_a_debt() -> None:
    assert offer_back("Proofread a grant application", "She wants a proofreader", "Ana Ruiz") == (
        "And you mentioned you want a proofreader: would it help if I proofread a grant "
        "application?"
    )
    assert offer_back("A starter logo", "", "Ana Ruiz") == (
        "And would it help if I offered you a starter logo?"
    )
    assert offer_phrase("Mentoring for new teachers") == "offered some mentoring for new teachers"
    assert offer_phrase("Advice on choosing a laptop") == "offered you advice on choosing a laptop"


@pytest.mark.parametrize(
    ("name", "said", "told"),
    [
        # A span of their life, told as theirs.
        ("Augustin Lind", "31 years at Halvorsen's boatyard: started laying up glass, ran the shed",
         "of your 31 years at Halvorsen's boatyard"),
        ("Ruth Ache", "told me about her payroll years: ~10 yrs running payroll for a chain",
         "of your 10 years running payroll for a chain"),
        # Where they did it, said after what they did.
        ("Derek Osei", "At Brightline he designed the senior-plus loop himself: system design",
         "I remember you designed the senior-plus loop yourself at Brightline"),
        # Something of theirs that shows what they can do; the user's aside after it left out.
        ("Amara Nwosu", "Her unit keeps its own list of child therapists; she said to ask me first",
         "I remember your unit keeps its own list of child therapists"),
        # A past with no subject is theirs.
        ("Catarina Sousa", "grew up in Porto, moved here 2019", "I remember you grew up in Porto"),
        # ... but a name is no thing of theirs ("your Theo is our goalie").
        ("Jess Albrecht", "Her Theo is our goalie this year.", None),
        # ... nor is anyone named only by a pronoun ("you sold his place").
        ("Nadia Petrov", "She sold his place in Tucson and only went back once.", None),
        ("Ana Ruiz", "She drove her dad to every chemo visit for a year.",
         "I remember you drove your dad to every chemo visit for a year"),
    ],
)  # fmt: skip
def test_why_them_is_told_from_more_shapes_of_note(name: str, said: str, told: str | None) -> None:
    assert because(name, [Evidence(said, "note", DAY)]) == told


def test_a_one_word_need_is_no_sigh() -> None:
    assert "will" in need_clause("will. succession. we have NOTHING on paper")


def test_a_sigh_typed_before_the_need_is_no_part_of_it() -> None:
    need = "me. wiped. 3 calving nights and board stuff. need someone for the Sat milking"
    assert need_clause(need) == (
        "I could use your advice on something: 3 calving nights and board stuff"
    )
    assert need_request(need) == "I need someone for the Sat milking."
    # An abbreviation is no sigh.
    assert need_clause("Dr. Patel retiring, need a new GP").startswith(
        "I could use your advice on something: Dr. Patel"
    )


def test_what_happened_is_written_about_when_the_ask_follows_it() -> None:
    need = Need(1, "the Route 9 pileup last week. need someone who's been through a bad call",
                date(2026, 11, 1), "cli")  # fmt: skip
    draft = ask_draft("Troy Lund", need, [])
    assert draft.startswith("Hi Troy, I'm writing about the Route 9 pileup last week. ")
    assert "I need someone who's been through a bad call." in draft


@pytest.mark.parametrize(
    ("need", "said"),
    [
        ("walk-in shower w/ no lip + grab bars for Mom",
         "I could use your advice on something: walk-in shower with no lip and grab bars for Mom"),
        ("the bank says the garage needs a phase 1 bc it was a transmission shop",
         "I could use your advice on something: the bank says the garage needs a phase 1 "
         "because it was a transmission shop"),
        ("garage -> granny flat for Mom, ~$400/mo budget",
         "I could use your advice on something: garage to granny flat for Mom"),
        ("cheapest legit way to send ~$400/mo to mum",
         "I could use your advice on something: cheapest legit way to send about $400 a month "
         "to mum"),
        # An -ing word that names a thing is no doing ("I'm operating line renewal").
        ("operating line renewal Dec 10 - bank wants 3 yrs of returns",
         "I need help with operating line renewal Dec 10"),
        # A feeling first is said as the user's; a word shouted in capitals is a word.
        ("honestly exhausted. 3 nights then Dad all sunday", "I'm honestly exhausted"),
        ("Dad fell AGAIN (2nd since June). wants to stay in his house",
         "I could use your advice on something: Dad fell again"),
        ("USDA loan for the clinic addition",
         "I could use your advice on something: USDA loan for the clinic addition"),
        # A name's "&" is its own.
        ("intro to someone on the buying side at Hearth & Field",
         "I'm looking for an intro to someone on the buying side at Hearth & Field"),
    ],
)  # fmt: skip
def test_shorthand_is_spelt_out_in_the_need(need: str, said: str) -> None:
    assert need_clause(need) == said


def test_an_ask_in_a_hard_time_is_said_quietly() -> None:
    said = "not sleeping since the Route 9 crash. need someone who's been through a bad call"
    hard = Need(1, said, date(2026, 11, 1), "cli")
    draft = ask_draft("Troy Lund", hard, [], offer=("Lend my pressure washer", ""))
    assert "Could we talk sometime this week? If it isn't a good time, I understand." in draft
    assert "perfectly good answer" not in draft and "pressure washer" not in draft
    assert draft.endswith("Thank you.")
    # A crash course is no crash.
    course = Need(2, "crash course on municipal bonds before the budget", date(2026, 11, 1), "cli")
    assert "perfectly good answer" in ask_draft("Troy Lund", course, [])


def test_a_business_named_alone_is_where_they_are() -> None:
    entry = Evidence("Jimmy Tran - Tran Roofing", "catalog")
    assert because("Jimmy Tran", [entry]) == "I know this is your world: you're at Tran Roofing"


@pytest.mark.parametrize(
    ("need", "said"),
    [
        # A question that points back ("is this normal?") keeps the details it points at.
        ("Trameo wants me to sign a new master agreement (all rights + net 90 + non-solicit) by "
         "Dec 1 - is this normal?? who can read it",
         "I could use your advice on something: Trameo wants me to sign a new master agreement "
         "(all rights and net 90 and non-solicit) by Dec 1. Is this normal?"),
        ("financing to buy the Fenwick St garage - Dorsey wants 410k, my bank says 25% down. is "
         "there a program for this? only ~18 months of returns",
         "I could use your advice on something: financing to buy the Fenwick St garage. Dorsey "
         "wants 410k, my bank says 25% down. Is there a program for this?"),
        ("F-100 came with a bill of sale, no title, prior owner deceased. DMV bounced it. how do "
         "I get it titled + plated?",
         "I could use your advice on something: F-100 came with a bill of sale, no title, prior "
         "owner deceased. DMV bounced it. How do I get it titled and plated?"),
        # A question that stands alone needs nothing more.
        ("payroll for the studio - 2 part-timers from Jan. what software do people use?",
         "I need help with payroll for the studio. What software do people use?"),
    ],
)  # fmt: skip
def test_the_details_a_question_points_back_at_are_told(need: str, said: str) -> None:
    draft = ask_draft("Isabelle Roy", Need(1, need, DAY, "cli"), [])
    assert draft.startswith(f"Hi Isabelle, {said} ")
