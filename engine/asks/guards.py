"""Who not to ask, and why: the rules that hold whatever the fit.

- **Asked lately**: never ask the same person twice within the cool-down (any need, any
  outcome: a second ask in a few weeks spends goodwill, granted or not).
- **A hard time now**: a bereavement, an illness or surgery, a layoff, a new baby (or a
  divorce, a miscarriage) in a note of the last few months. A hard time about someone
  close to them counts too ("her dad is in hospital"): they have enough on their plate.
- **The same struggle**: they are looking for the same thing themselves right now.
- **No relationship**: no note, no favor, no ask; a name in the address book is not a
  relationship.
- **Not theirs**: they said they don't do it ("I've never once written a grant"), and that
  matches the need better than anything they do.

The hard-time words are a lexicon on purpose: the cost of missing one is an ask at a cruel
moment, the cost of a false alarm is one helper skipped for a few months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Holdback(StrEnum):
    """Why a person is not asked."""

    ASKED_LATELY = "asked_lately"
    HARD_TIME = "hard_time"
    SAME_STRUGGLE = "same_struggle"
    NO_RELATIONSHIP = "no_relationship"
    NOT_THEIRS = "not_theirs"


_FAMILY = (
    r"(?:mother|father|mom|mum|dad|mam|wife|husband|partner|son|daughter|brother|sister|"
    r"grand(?:mother|father|ma|pa|mom|dad)|parent|child|baby|aunt|uncle|"
    r"friend|spouse|fianc[eé]e?|stepdad|stepmom|stepfather|stepmother|in-law|nan|granny)"
)
# Each pattern speaks of someone living through it, not of a job near it: "had back surgery",
# not "a surgeon"; "was laid off", not "handles layoffs"; "her baby was born", not "born in
# Cork"; "in hospice", not "a hospice nurse".
_ILL = r"(?:\w+ ){0,3}"
# A capitalised name ("Walter died"), case-sensitive inside the case-blind patterns.
_NAME = r"(?-i:(?!The\b|A\b|An\b|This\b|That\b|My\b|Our\b|Its\b)[A-Z][a-z]+)"
_HARD_TIMES = {
    "bereavement": (
        r"\bpass(?:ed|ing) away\b",
        r"\bpassed\b(?= (?:suddenly|peacefully|last (?:week|month|night)))",
        rf"\b(?:he|she|they|{_FAMILY}|{_NAME}) (?:\w+ )?(?:died|dies)\b",
        # "His dad went on Thursday, very sudden": died, as people say it.
        rf"\b(?:his|her|their|{_NAME}'s) {_FAMILY} went (?:(?:on (?:mon|tues|wednes|thurs|fri|"
        r"satur|sun)day|last (?:week|night))[,\s]+)?(?:very |so |quite )?(?:sudden(?:ly)?|"
        r"peacefully|in (?:his|her|their) sleep)\b",
        rf"\b(?:his|her|their|{_NAME}'s) memorial\b",
        # "Ken's service was Saturday": a funeral, said as people say it.
        rf"\b{_NAME}'s (?:funeral |memorial )?service (?:was|is|will be) (?:on |this |last )?"
        r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tomorrow|weekend)\b",
        r"\bcelebration of (?:(?:his|her|their|\w+'s) )?life\b",
        r"\b(?:death of|mourning|memorial service|wake for|sitting shiva|"
        r"widow(?:ed|er)?|griev(?:ing|es|ed))\b",
        r"\b(?:the|his|her|their|a|dad's|mom's|mum's) funeral\b(?! (?:home|director|business))",
        r"\bbereave\w*\b(?! (?:counsel\w*|group|support|specialist))",
        rf"\blost (?:his|her|their|my) {_FAMILY}",
        r"\b(?:condolence|sympath(?:y|ies) card)\w*",
        # the rites of mourning, as people of many faiths name them
        r"\b(?:chehlum|janazah|sitting shiva|month's mind)\b",
        r"\b(?:the|his|her|their|[a-z]+'s) (?:burial|cremation)\b|\bburial (?:is|was|will be|on)\b|"
        r"\beulogy for\b",
    ),
    "illness": (
        r"\b(?:was|were|got|been|is|'s) (?:just |recently |newly )?diagnosed\b",
        r"\b(?:his|her|their) (?:\w+ )?(?:diagnosis|cancer|tumou?r|chemo|treatment)\b",
        rf"\b(?:has|had|have|fighting|battling|beat|beating) {_ILL}cancer\b",
        rf"\b(?:had|having|needs|needed|underwent|scheduled for) "
        rf"{_ILL}(?:surgery|surgeries|operation|transplant|mastectomy|biopsy|chemo\w*|"
        r"radiotherapy|radiation|stroke|heart attack|seizure|concussion|relapse|breakdown|"
        r"miscarriage)\b",
        r"(?:^|[.;:] )(?:a )?(?:stroke|heart attack|cardiac arrest|surgery)\b",
        # "had the bypass on the 14th - three grafts", "wound got infected, back in on a drip"
        r"\b(?:had|having|underwent|scheduled for|recovering from) (?:the |a |his |her |their )?"
        r"(?:heart |double |triple |quadruple |gastric )?bypass\b",
        r"\b(?:wound|incision|stitches|scar)(?:'s| has| had| got| is| was)? (?:become )?infected\b|"
        r"\binfected (?:wound|incision|stitches)\b|"
        r"\b(?:nights?|days?|hospital|ward)\b[^.;]{0,25}\bon a drip\b",
        r"\b(?:lumpectomy|hysterectomy|triple bypass|bypass surgery|(?:hip|knee) replacement|"
        r"new (?:hip|knee)|(?:spinal|back|neck) fusion|herniated discs?|(?:his|her|their) back "
        r"went out|on a walker)\b",
        r"\b(?:chemo\w*|radiotherapy|radiation|dialysis) (?:starts|started|begins|began)\b",
        r"\b(?:starts|started|on|in|through|doing|finished|round of) "
        r"(?:chemo\w*|radiotherapy|radiation therapy|dialysis)\b",
        r"\b(?:is|was|been|went|rushed|admitted|back|still|ended up|landed) (?:in(?:to)? )?"
        r"(?:the )?(?:hospital|ICU|intensive care)\b",
        r"\b(?:days|weeks|nights|spent \w+ \w+|still) in (?:the )?(?:NICU|ICU|intensive care)\b",
        r"\bhospitali[sz]ed\b",
        r"\b(?:in|into|entered|moved to|on) (?:home )?(?:hospice|palliative care)\b",
        r"\b(?:on (?:medical|sick) leave|recovering from|recuperating|rehab after|long covid)\b",
        r"\b(?:is|was|got|'s|been) burn(?:ed|t) out\b",
        r"\bbroke (?:his|her|their) (?:hip|leg|arm|back|wrist|ankle|pelvis)\b",
        rf"\b(?:since|after) (?:his|her|their|{_NAME}'s) (?:\w+ )?(?:fall|accident|stroke|"
        r"surgery|diagnosis|heart attack|crash|operation)\b",
        r"\b(?:at|in) the rehab(?: hospital| unit| centre| center)?\b",
        # a treatment under way, or a scan that found it: "had the first cycle at Bexley Wing",
        # "the scan found it in his lymph nodes"
        r"\b(?:had|has|having|started|starts|finished|through) (?:the |his |her |their )?"
        r"(?:first|second|third|fourth|fifth|next|last) (?:chemo )?cycle\b",
        r"\b(?:chemo|treatment) cycle\b|\bcycle of (?:chemo|treatment|radiotherapy)\b",
        r"\b(?:scan|biopsy|mri|tests?|results) (?:found|showed|picked up|came back)"
        r"(?:[\s,:]+\w+){0,3}?[\s,:]+(?:it|cancer|tumou?rs?|a lump|lumps|a mass|positive|malignant|"
        r"spread)\b",
        r"\b(?:in|to) (?:his|her|their|the) lymph nodes\b",
    ),
    "layoff": (
        r"\b(?:laid off|made redundant|out of work|unemployed|got fired|was fired|downsized)\b",
        r"\b(?:was|were|got|been|is|are) (?:let go|furlough\w*)\b",
        r"\b(?:hit by|caught in|lost (?:his|her|their) job in) (?:the |a )?(?:\w+ )?lay-?offs?\b",
        r"\blost (?:his|her|their|the) job\b",
        r"\b(?:position|role|job) (?:was )?(?:eliminated|cut)\b",
        r"\bcut (?:the |her |his |their )?(?:entire |whole )?(?:\w+ ){0,2}"
        r"(?:team|department|staff|program(?:me)?|unit|division)\b",
        r"\bout of a job\b",
        r"\bshut down (?:the )?(?:\w+ ){0,2}(?:shift|plant|line|site|office|store|branch)\b",
        r"\bcompany (?:folded|shut down|collapsed|went under)\b",
        # a business of their own failing, named or theirs: "Hirst Interiors went under in
        # September - administrators in, all the lads let go"
        r"(?:\b(?:his|her|their) (?:\w+ )?(?:company|firm|business|shop|restaurant|practice|"
        r"studio|agency|startup|caf[eé]|bakery|salon|garage)|"
        r"(?-i:\b[A-Z][\w&'-]+(?: [A-Z][\w&'-]+){0,2})) "
        r"(?:\w+ )?(?:went|has gone|had gone|is going|was going) (?:under|bust|into "
        r"(?:administration|receivership|liquidation))\b(?! contract| the knife)",
        r"\badministrators (?:came |were )?(?:in|called in|appointed)(?=\s*[,;.–-])",
        r"\ball the (?:\w+ )?(?:lads|staff|crew|workers|team) (?:were )?let go\b",
        # a workplace gone, and everyone with it: "Tom's site is gone - whole operation moved
        # to Poland, everyone let go"
        r"\beveryone (?:was |got |been )let go\b|[-–,;:] everyone let go\b",
        r"\b(?:site|plant|factory|warehouse|depot|mill|branch) (?:is gone|has closed|has shut"
        r"(?: down)?|closed down|shut down for good)\b",
        r"\b(?:grant|contract) (?:was )?(?:cut|not renewed|pulled|terminated)\b",
    ),
    "new baby": (
        r"\b(?:new baby|had (?:a|the|their|her) baby|gave birth|"
        r"(?:maternity|paternity|parental) leave|welcomed (?:a|their|baby)\w*|"
        r"baby (?:is )?due|twins (?:arrived|born))\b",
        r"\b(?:baby|son|daughter|girl|boy|twins|kid|child) (?:\w+ )?(?:was |were |is )?"
        r"(?:born|arrived)\b",
        r"\b(?:their|her|his|a|the) newborn\b(?!s)",
        r"\bborn (?:on )?the \d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2} ?lbs? \d{1,2} ?oz\b",
        # a birth weight beside the arrival: "Ruth Nolan arrived 12 Sept, 3.4kg!!"
        rf"\b(?:{_NAME} {_NAME}|baby|girl|boy|son|daughter|twins) (?:arrived|was born|born)\b"
        r"[^.!?\n]{0,30}?\b[1-5][.,]\d{1,2} ?kgs?\b(?! of)",
        # "brought Lucia home (born Oct 3)"; not a birthday ("born March 3, 1961").
        r"\bborn (?:on )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? "
        r"\d{1,2}(?:st|nd|rd|th)?\b(?!,? \d{4})",
    ),
    "leave": (
        r"\bon (?:sick|medical|bereavement|compassionate|stress) leave\b",
        r"\bon leave (?:from|until|till|til|since|after)\b",
    ),
    "separation": (
        r"\b(?:going through|in the middle of|finali[sz]ing|filed for|getting) "
        r"(?:a |the |her |his |their )?divorce\b",
        r"\b(?:is|are|got|getting) divorced\b",
        r"\b(?:separated from|(?:split|broke) up with)\b",
        r"\b(?:they|he and \w+|she and \w+) (?:have |just )?(?:split up|broke up|separated)\b",
    ),
}
_HARD_PATTERNS = {
    kind: re.compile("|".join(parts), re.IGNORECASE) for kind, parts in _HARD_TIMES.items()
}
# A hard time said to be over or of another era ("the surgery last year went fine").
_LONG_AGO = re.compile(
    # "back in 2019", "back in the day"; not "back in for two nights" (in hospital again)
    r"\b(?:years? ago|last year|in 20[01]\d|back in (?:the day|(?:19|20)\d\d|'\d\d|uni|school|"
    r"college|(?:his|her|their) (?:day|twenties|thirties|youth))|as a kid|when (?:he|she|they) was|"
    r"childhood|decades?)\b",
    re.IGNORECASE,
)

# Someone seeking something: a sentence that says so is a want of theirs, not what they know.
_SEEKING = re.compile(
    r"\b(?:looking for|look(?:ing)? (?:out )?for|searching for|trying to find|"
    r"hunting for|on the hunt|hoping to find|can't find|cannot find|"
    r"couldn't find|struggl\w*|any (?:recs|leads|ideas)|"
    # Asked for something, or for someone; not a question in passing ("asked about Theo").
    r"asked (?:me |around |everyone )?(?:for|(?:if|whether) (?:I|we)(?:'d|'ve| had| have)? "
    r"(?:knew|know|had|found|find|figured)|"
    r"about (?:a |an |any |some )?(?:good |decent |reliable )?"
    r"(?:someone|somebody|anyone|anybody|recommendations?|recs|names?))\b|"
    r"recommend(?:ation)?s? for|wants? (?:a|an|to find|someone)|in the market for|"
    r"shopping for|applying (?:everywhere|for jobs|to jobs)|job hunt\w*|figuring out|"
    r"stuck on|stuck with|deep in|in the middle of|going through|"
    r"dealing with|wrestling with|navigating|overwhelmed|lost on|waiting (?:on|for)|waitlist|"
    # a wait that goes on: "Mathis still on the CSS list", "called nine, all full until summer"
    r"still on (?:the|a|his|her|their) (?:[\w-]+ ){0,3}?(?:list|waitlist)|all full\b|"
    r"do you know (?:anyone|someone|a)|know anyone|"
    # Asking the user to pass on what they find: "if you find somebody you call me first".
    r"if (?:you|u) (?:ever )?(?:find|figure|hear of|come across)|send help|"
    r"trying to (?:get|sort|figure|find|fix)|"
    r"same boat|(?:is|are|still) pending|no luck|(?:hasn't|haven't|still not) (?:found|heard)|"
    r"calling (?:every|around|all)|called (?:\w+ )?(?:places|shops|firms|numbers)|"
    r"fighting (?:with|the)|chasing|"
    r"(?:sitting|taking|doing|facing|having|in|with) the same|"
    # Stuck, undecided, or fighting it out: a struggle said without "looking for".
    r"wits'? end|at (?:a|her|his|their|our) loss|still fighting|fighting (?:over|about)|"
    r"(?:hasn't|haven't|has not|have not|can't|cannot|couldn't) (?:yet )?(?:decided|settled|"
    r"figured|made up|chosen|picked|worked out)|neither of us|none of us|torn (?:between|about)|"
    r"on the fence|undecided|nothing (?:settled|resolved|decided)|"
    r"(?:we're|we are|they're|we) both (?:just |still )?(?:on|in|stuck|waiting|applying|looking|"
    r"fighting|dealing|scraping|struggling|staring)|"
    r"(?:if )?you (?:find|hear of|know of) (?:somebody|someone|anyone|anybody) who|"
    r"keeps? (?:coming back|showing up|failing|breaking)|"
    r"still shows up|"
    # Asking everyone, or the same trouble as someone else's ("mine too", "you too?", "tell
    # me if you crack it", "same spot I'm in").
    r"(?:asking|quizzing|pestering) (?:\w+ ){0,2}?(?:everyone|everybody|anyone|"
    r"anybody|somebody|someone|around|"
    r"people)|same (?:spot|place|position|situation|problem|mess|pickle|fight)|"
    # Nobody will tell them: "'nobody'll give me a straight answer'".
    r"(?:nobody|no one|no-one)(?:'ll| will| can| could)? (?:give|tell) (?:me|him|her|them|us) "
    r"(?:a |any )?(?:straight|clear|proper|real) answer|can't get a straight answer|"
    r"(?:just )?as lost as|\b(?:mine|me|ours|us) too\b|\byou too\?|"
    r"(?:tell|let) me (?:know )?(?:if|when) you (?:crack|figure|find|solve|sort)|"
    r"(?:been|keeps?|kept) (?:calling|emailing|phoning|ringing|staring at|trying|posting)|"
    r"still trying|figure (?:it|this|that) out together|flying blind|"
    # Still waiting, with nothing back: "Still no federal permit", "no word from the state".
    r"still (?:no|nothing)\b|no word (?:yet |back )?from|whoever (?:figures|finds|cracks|solves)|"
    r"(?:more|so|totally|completely) confused|"
    # Turned down and fighting it: "the dependant visas were REFUSED, she's appealing".
    r"(?:was|were|got|been) (?:refused|rejected|denied)|appealing (?:it|the|with|against)|"
    r"beside (?:herself|himself|themselves|myself)|"
    # Neither knows: "wants to mock interview each other - blind leading the blind".
    r"blind leading the blind|"
    # "STILL can't get rid of Mammy's piano", "I'm begging everyone for cover", "we're
    # hunting ourselves"
    r"(?:can't|cannot|couldn't) get rid of|begging (?:everyone|everybody|anyone|people|around)|"
    r"(?:hunting|looking|searching) (?:for (?:one|someone) )?ourselves)",
    re.IGNORECASE,
)
# The user speaking of themselves: "I mentioned I'm looking for a bookkeeper". The user as an
# object is not ("Clem grabbed me: their treasurer quit" is Clem's want).
_USER_SELF = re.compile(r"(?:^|[\s(\"'])(?:I|I'm|I've|I'd|I'll|my|Me:)(?=[\s,.:;!?')\"]|$)")


@dataclass(frozen=True, slots=True)
class HardTime:
    """A hard time heard in a note: what kind, the sentence, and the note's day."""

    kind: str
    evidence: str


# What someone does not do, or only does: "he doesn't prepare returns", "only US visas",
# "not my lane", "refers trademark work elsewhere", "has never treated an animal".
# Said by or of the one who does not do it, in both patterns below.
_OUT_OF_DEPTH = (
    r"referral-out|knows? nothing about|no idea (?:about|how)|out of (?:my|his|her|their) depth|"
    # "classical viola is another planet", "vehicle titles are the DMV's world", "told me to
    # ask someone who treats people".
    r"(?:another|a different) (?:planet|world|universe|galaxy)|"
    r"(?:(?-i:[A-Z]{2,5})'s|someone else's|somebody else's) (?:world|department|territory)|"
    r"(?:told|tells|telling) (?:me|us|him|her|them) to (?:ask|call|see|find|try) "
    r"(?:someone|somebody|a|an)\b|"
    # "I'm honestly not the right person for licensing", "not something he can place", "I do
    # UX, not translation"
    r"not the right (?:person|one|guy|woman|man|fit|people)|"
    # "Find someone from there", "ask somebody else": sent elsewhere, in their own words
    r"(?:find|ask|try|get) (?:someone|somebody) (?:else|from there)\b|"
    # "I've got no licence", "she has no certificate for it"
    r"(?:got|have|has) no (?:licen[cs]e|certificate|cert|qualifications?|accreditation)\b|"
    r"not something (?:I|he|she|they|we) (?:can|could|do|does)\b|"
    r"\b(?:do|does) [\w-]+(?: [\w-]+)?, not [\w-]+"
)
# A feeling denied is no limit: "a tax manager for nine years ... and doesn't miss it one bit",
# "'I don't remember 2024 at all'".
_FEELING = r"\s+(?:miss|misses|remember|recall|regret|regrets)\b"
_LIMIT = re.compile(
    rf"\b(?:(?:doesn't|does not|don't|do not|won't|will not|isn't|is not|wasn't|never)"
    rf"(?!{_FEELING})|"
    r"not (?:my|his|her|their|our) (?:lane|area|field|thing|world|wheelhouse|specialty|"
    r"expertise|forte|strength|department|call)|outside (?:my|his|her|their)|"
    r"only (?:does|do|did|handles|works|knows|covers|practi[cs]es|for)|"
    r"refers? (?:\w+ ){0,8}?(?:elsewhere|out|to)|"
    rf"{_OUT_OF_DEPTH}|(?:I'm|he's|she's|they're) lost|not an expert|wouldn't know)\b",
    re.IGNORECASE,
)


# A limit they set on themselves, in their words or of them: "I've never written one", "he only
# does households", "not my world", "a referral-out for me", "don't ask me how". Advice ("don't
# sign anything yet", "never sell a house from afar") is no limit of theirs.
_SELF_LIMIT = re.compile(
    r"(?:\b(?:I|I've|I'm|I'd|he|she|they|he's|she's|they're|they've|he'd|she'd|we)\b"
    r"(?:\s+\w+){0,2}?\s+(?:never|don't|doesn't|do not|does not|won't|wouldn't|can't|only)\s+"
    r"(?!have\b|know what\b|care\b|mind\b|worry\b|once turned\b|turned (?:down|away)\b)\w+"
    # Said of them with no subject, as notes do: "- doesn't do family law", "won't act for me".
    r"|(?:^|[-–,;:]\s*|\band\s+)(?:doesn't|does not|won't|will not)\s+(?:do|touch|act|handle|"
    r"take|cover|work)\b"
    r"|\bnot (?:my|his|her|their|our) (?:lane|area|field|thing|world|wheelhouse|specialty|"
    r"expertise|department|call|planet)|\brefers? (?:\w+ ){0,8}?(?:elsewhere|out)\b|"
    r"\bsends? (?:\w+ ){0,6}?(?:out|elsewhere)\b|\b(?:I'd|he'd|she'd|they'd) be (?:useless|"
    rf"guessing|lost)|\b(?:{_OUT_OF_DEPTH})|\b(?:don't|do not|never) (?:ask|call) "
    r"(?:me|her|him|them)\b|\ba different animal\b)",
    re.IGNORECASE,
)


# A limit lifted for the asker: "she never wants to see a spreadsheet again 'unless it's for a
# friend'", "doesn't take on new clients, except for friends". It invites the ask it seems to
# refuse.
_INVITED = re.compile(
    r"\b(?:unless|except)\s+(?:(?:it['’]?s|it\s+is|its|they['’]?re|you['’]?re)\s+)?"
    r"(?:(?:for|as\s+a\s+favou?r\s+(?:for|to))\s+)?(?:a\s+|an\s+old\s+|old\s+|my\s+|her\s+|his\s+)?"
    r"(?:friends?|mates?|pals?)\b"
    # "unless it's for you", not "unless you want a bad outcome"
    r"|\b(?:unless|except)\s+(?:it['’]?s\s+|it\s+is\s+)?for\s+you\b",
    re.IGNORECASE,
)


def is_self_limit(text: str) -> bool:
    """Whether a text says what someone themselves does not do (not advice to others, nor a
    limit lifted for friends)."""
    return _SELF_LIMIT.search(text) is not None and _INVITED.search(text) is None


# Words quoted (not "she's"), and advice in them: a "never" or "don't" that opens a clause,
# with no one as its subject ("her words: 'paper trail, timelines, and never, ever get
# defensive in writing.'" is how she handled complaints, a skill; not what she will not do).
_QUOTED = re.compile(
    r"(?<!\w)['‘\"“](?!(?:til|cause|em|bout|n)\b)(?P<said>[^\"“”‘]+?)['’\"”](?!\w)", re.IGNORECASE
)
_ADVICE = re.compile(
    r"(?:^|[,;:]\s*|\band\s+)(?:never|don't|do\s+not)(?:,?\s+ever)?,?\s+"
    # what they do not do themselves ("'don't do weddings'", "'never again'") is no advice
    r"(?!(?:do|does|did|have|has|had|touch|take|handle|cover|work|again)\b)[a-z]+",
    re.IGNORECASE,
)


def _without_quoted_advice(sentence: str) -> str:
    return _QUOTED.sub(
        lambda m: " " if _ADVICE.search(m["said"]) and not is_self_limit(m["said"]) else m[0],
        sentence,
    )


def is_limit(sentence: str) -> bool:
    """Whether a sentence says what someone does not do (or only does), and does not lift it
    for friends. Advice they are quoted giving is no limit of theirs."""
    return (
        _LIMIT.search(_without_quoted_advice(sentence)) is not None
        and _INVITED.search(sentence) is None
    )


# Work talk of clinicians and carers: "patients recovering from surgery" is nobody's illness.
_AT_WORK = re.compile(
    r"\b(?:patients?|ward|caseload|clients?|residents|surgeons?|nurses?|doctors?|physicians?|"
    r"clinicians?|shift|shifts|on call|rounds|theatre|O\.?R\.?)\b",
    re.IGNORECASE,
)


# A hard time said to be behind them: "the new knee is doing its job", "fully recovered".
_RECOVERED = re.compile(
    r"\b(?:doing (?:its|her|his|their) job|good as new|fully recovered|all healed|healed up|"
    r"back to (?:normal|full strength|running|hiking|work)|recovered well)\b",
    re.IGNORECASE,
)


def said_to_be_over(sentence: str) -> bool:
    """Whether a sentence places what it tells long ago, or says they are over it ("the
    surgery last year went fine", "fully recovered"): no hard time now, whatever hears it."""
    return _LONG_AGO.search(sentence) is not None or _RECOVERED.search(sentence) is not None


def hard_time_in(sentence: str) -> HardTime | None:
    """The hard time a sentence reports, or ``None`` (also when it says it was long ago, or
    that they are over it)."""
    if said_to_be_over(sentence):
        return None
    for kind, pattern in _HARD_PATTERNS.items():
        if pattern.search(sentence) and not (kind == "illness" and _AT_WORK.search(sentence)):
            return HardTime(kind, sentence)
    return None


# "needs" says someone wants something only with a person as its subject, or a thing sought
# as its object: "she needs a lawyer", "needs someone who"; not "the agency needs 30 days".
_NEEDS = re.compile(
    rf"(?:\b(?:she|he|they|we|{_NAME}) (?:\w+ )?needs?\b|\bneed(?:s|ed)? (?:a|an|some|someone|"
    r"somebody|help|advice|to find|to get|more)\b)",
    re.IGNORECASE,
)


# A want of clients, work or people to help is an offer of help, not a struggle:
# "she's looking for small-landlord clients", "wants to volunteer", "open to mentoring".
_OFFERING = re.compile(
    # Work as something sought ("looking for work", "more freelance work"), not "how it works".
    r"\b(?:clients?|customers?|(?:for|more|some|any|new|paid|freelance|contract|extra) work|"
    r"projects?|gigs?|students|mentees?|referrals|"
    r"volunteer\w*|(?:to|ways to) (?:help|mentor|teach|give back|coach))\b",
    re.IGNORECASE,
)


def is_offering(want: str) -> bool:
    """Whether what someone looks for is a chance to help (clients, work, mentees)."""
    return _OFFERING.search(want) is not None


def is_seeking(sentence: str) -> bool:
    """Whether a sentence says someone is looking for or struggling with something."""
    return _SEEKING.search(sentence) is not None or _NEEDS.search(sentence) is not None


_CLAUSE_END = re.compile(r"[,;.!?()]|\s(?:but|because|since|so|and then)\s|\s[-–—]\s")


def sought(sentence: str) -> str | None:
    """What a sentence says someone is looking for: from the trigger to the end of its clause
    ("looking for an accountant who knows sales tax" of "She's looking for an accountant who
    knows sales tax, hers just retired"), or ``None``."""
    found = _SEEKING.search(sentence) or _NEEDS.search(sentence)
    if found is None:
        return None
    rest = sentence[found.start() :]
    end = _CLAUSE_END.search(rest, found.end() - found.start())
    clause = rest[: end.start()] if end else rest
    return clause.strip() if len(clause.split()) >= 2 else None


# One says the other's trouble is theirs too: "Exactly my situation.", "Join the club",
# "Completely stuck, same as me", "I'm stuck on the exact same page". Only words that say a
# trouble is shared: "He's from Cork, same as me" shares none.
_ECHO = re.compile(
    r"\b(?:(?:exactly|just|precisely) (?:my|our) (?:situation|problem|position)|join the club|"
    r"(?:in )?the same boat|(?:exact|very) same (?:page|problem|spot|situation|question|mess)|"
    r"(?:stuck|lost|struggling|confused|clueless|no idea)\b[^.!?]{0,30}\bsame as (?:me|mine|us))\b",
    re.IGNORECASE,
)


def echoes_trouble(sentence: str) -> bool:
    """Whether a sentence says the other's trouble is the user's too (or theirs the user's)."""
    return _ECHO.search(sentence) is not None


def is_about_user(sentence: str) -> bool:
    """Whether a sentence speaks of the user ("I", "me", "my")."""
    return _USER_SELF.search(sentence) is not None
