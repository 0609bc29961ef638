"""Who serves a visit: one distinct person per role entry (a bipartite matching).

A person with two roles may fill either, never both, so "does this crew cover
the visit" is a matching question, answered here by augmenting paths (Kuhn's
algorithm: visits need at most a handful of roles and crews are small).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def cover(roles: Sequence[str], people: Mapping[str, Iterable[str]],
          prefer: Sequence[str] = ()) -> list[str] | None:
    """One distinct person of ``people`` (id -> roles) per entry of ``roles``.

    People in ``prefer`` are tried first, so a curator fills the role when
    anyone could. Returns the people in the order of ``roles``, or None when
    no assignment exists.
    """
    order = sorted(people, key=lambda p: (p not in prefer, p))
    holders = [[p for p in order if role in people[p]] for role in roles]
    taken: dict[str, int] = {}
    for slot in range(len(roles)):
        if not _augment(slot, holders, taken, set()):
            return None
    by_slot = {slot: person for person, slot in taken.items()}
    return [by_slot[slot] for slot in range(len(roles))]


def covers(roles: Sequence[str], people: Mapping[str, Iterable[str]]) -> bool:
    """True when ``people`` can fill every role entry with distinct persons."""
    return cover(roles, people) is not None


def _augment(slot: int, holders: list[list[str]], taken: dict[str, int], seen: set[str]) -> bool:
    for person in holders[slot]:
        if person in seen:
            continue
        seen.add(person)
        if person not in taken or _augment(taken[person], holders, taken, seen):
            taken[person] = slot
            return True
    return False
