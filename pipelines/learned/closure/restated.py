"""What a closing clause says in its own right: the need it met or the interest it dropped.

The annotation guide reads a later note on its own as well: "update: she found a lawyer" closes
the earlier need and is itself a resolved need, "lawyer"; "sold the bike, done with cycling" is
a negated interest, "cycling". The signal model hears a need in a clause that names it, but a
clause that only reports the outcome ("Marcos got the estimator job at Ledcor!!") reads as news,
not as a need; the closure model, which pairs it with the open need, knows better. Where a
closing clause of a need or an interest carries no signal of that kind, it is heard as one,
named by the phrase of what it closes (left out on the dev split, interests and needs recall
0.653 -> 0.714, F1 0.644 -> 0.664). A promise kept is only a closure (a done commitment is not a
new one), and an event put off keeps its own reading. Each is marked ``restates_closure``: the
ranker lets the closed signal stand for it, since the closing sentence's good news calls for
gives of its own that a look-alike closed need would rule out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from giveback.core.domain import ClosedHow, Closure, OpenSignal, Signal, SignalKind, Status

_RESTATED = (SignalKind.NEED, SignalKind.INTEREST)
# Closed without being met: read on its own, the clause says the need no longer holds
# ("the startup folded, so no more hiring" is a negated need, the guide's moot example).
_WITHDRAWN = (
    ClosedHow.NO_LONGER_WANTED,
    ClosedHow.DECLINED,
    ClosedHow.POSTPONED,
    ClosedHow.MOOT,
)


def restated_signals(
    signals: Sequence[Signal], closures: Sequence[Closure], open_signals: Sequence[OpenSignal]
) -> list[Signal]:
    """The needs and interests that closing clauses state and ``signals`` do not hold yet: a
    met need (met, or given by someone else) is resolved; a need given up, declined, put off
    or made moot, and any dropped interest, negated (only needs and promises are ever
    resolved)."""
    by_id = {o.id: o for o in open_signals}
    heard = list(signals)
    out: list[Signal] = []
    for closure in closures:
        closed = by_id.get(closure.signal_id)
        if closed is None or closed.kind not in _RESTATED:
            continue
        if any(
            s.kind is closed.kind and s.start < closure.end and closure.start < s.end for s in heard
        ):
            continue
        status = (
            Status.RESOLVED
            if closed.kind is SignalKind.NEED and closure.how not in _WITHDRAWN
            else Status.NEGATED
        )
        signal = Signal(
            closed.kind,
            closed.phrase,
            closure.evidence,
            closure.start,
            closure.end,
            closed.about,
            status,
            closure.confidence,
            restates_closure=True,
        )
        heard.append(signal)
        out.append(signal)
    return out


# A clause that closes one need and opens another says so ("found a nanny, but now needs a
# cleaner"), and one that denies something may still want it ("they haven't found a fiddle her
# size yet").
_ANOTHER = re.compile(
    r"\b(?:but|now|next|also|still|another|too|as well|though|although|however|again|"
    r"not|no|never|yet|n['’]t)\b|n['’]t\b",
    re.IGNORECASE,
)
_MET = (ClosedHow.MET, ClosedHow.GIVEN_BY_OTHER)
# A clause that says a want in so many words states one of its own, whatever else it meets
# ("What he does want: the club keeps asking him to start a goalkeeper clinic").
_WANTS = re.compile(
    r"\b(?:wants?|wanted|wanting|needs?|needed|needing|looking for|hoping|hopes?|would love|"
    r"keen|after|asking|asked|seeking|searching|hunting)\b",
    re.IGNORECASE,
)


def settled_by_closure(
    signals: Sequence[Signal], closures: Sequence[Closure], open_signals: Sequence[OpenSignal]
) -> list[Signal]:
    """``signals``, each need heard open in a clause that meets an open need read as met:
    "Kai's going to Mr Daley's homework club and his maths mark is up 20%" meets the need for
    a tutor, and is no new need for homework. A clause that says another need opens ("but now
    needs a cleaner"), denies something or says a want of its own keeps it; so does one that
    closes a need otherwise
    than by meeting it, since the closure model may pick the wrong clause of a note for a
    need given up ("decided against the B licence ... What he does want: a goalkeeper
    clinic")."""
    closed_needs = {o.id for o in open_signals if o.kind is SignalKind.NEED}
    out = []
    for signal in signals:
        closure = next(
            (
                c
                for c in closures
                if c.signal_id in closed_needs and c.start < signal.end and signal.start < c.end
            ),
            None,
        )
        if (
            closure is not None
            and closure.how in _MET
            and signal.kind is SignalKind.NEED
            and signal.status is Status.ACTIVE
            and not signal.restates_closure
            and not _ANOTHER.search(closure.evidence)
            and not _WANTS.search(signal.evidence)
        ):
            signal = replace(signal, status=Status.RESOLVED)
        out.append(signal)
    return out
