"""`FactCandidate`: one event as the passes build it, before it becomes a `models.Fact`."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from models.article import FactType
from pipeline.stages.facts.records import Party
from pipeline.stages.facts.triggers import How


@dataclass
class FactCandidate:
    type: FactType
    agent: Party | None
    recipient: Party | None
    also: list[Party] = field(default_factory=list)
    planned: bool = False
    how: How = "verb"
    token: int = 0  # the trigger's token index in its paragraph's Doc
    trigger: int = 0  # the trigger's offset in Article.text
    date: int | None = None  # index into article.dates
    end: int | None = None  # index into article.dates of an end told apart ('its visit, which ends on 6 May')
    quantities: set[int] = field(default_factory=set)
    evidence: list[tuple[int, int]] = field(default_factory=list)
    section: int | None = None
    paragraph: int = 0
    sentence: tuple[int, int] = (0, 0)
    own_dates: list[int] = field(default_factory=list)  # dates hanging on this trigger (pass 4)
    orphan: bool = False  # a delivery told without its donor: parties come from context (pass 7)
    giver_unknown: bool = False  # received with no giver named: the giver comes from context (pass 7)
    told_goods: bool = False  # its goods were named before ('1,000 of the machines')
    needs_count: bool = False  # a service with nobody named: a fact only with a count
    separate: bool = False  # its trigger has its own subject: a separate event beside one of its type
    part_of: int | None = None  # the trigger token of a gift listed in parts (pass 6)

    def copy(self, **changes: Any) -> FactCandidate:
        """A copy with its own lists and sets, and `changes` applied."""
        fresh = {"also": list(self.also), "quantities": set(self.quantities), "evidence": list(self.evidence)}
        return dataclasses.replace(self, **{**fresh, **changes})


def candidate(
    kind: FactType, agents: list[Party], recipients: list[Party], planned: bool, *, keep: bool = False
) -> FactCandidate | None:
    """The first agent and recipient, the others in `also`; None with no party unless `keep`."""
    if not agents and not recipients and not keep:
        return None  # background with no party on either side is not a fact
    return FactCandidate(
        type=kind,
        agent=agents[0] if agents else None,
        recipient=recipients[0] if recipients else None,
        also=[*agents[1:], *recipients[1:]],
        planned=planned,
    )
