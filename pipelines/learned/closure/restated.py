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

from collections.abc import Sequence

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
