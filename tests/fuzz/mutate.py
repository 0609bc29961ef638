"""Seeded mutations of files, JSON documents and values, for the fuzz tests."""

from __future__ import annotations

import copy
import random

NASTY_TEXT = ("", " ", "\x00", "\ufeff", "'; DROP TABLE plan; --", "<script>alert(1)</script>", "${alert(1)}",
              "`", "\r\n", "é" * 300, "9" * 401, "-1", "1e309", "NaN", "2026-02-30", "25:61", "да", "яшщ")
NASTY_VALUES = (None, True, -1, 0, 10**400, -(10**400), 1e308, float("inf"), "x", "", [], {}, [[]],
                {"a": 1}, "9" * 401, 2**63)


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """One of: flipped bytes, a cut, an inserted nasty string, a duplicated chunk, an odd BOM."""
    kind = rng.randrange(7)
    buf = bytearray(data)
    if kind == 0 and buf:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif kind == 1:
        buf = buf[:rng.randrange(len(buf) + 1)]
    elif kind == 2:
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = rng.choice(NASTY_TEXT).encode("utf-8")
    elif kind == 3 and buf:
        start = rng.randrange(len(buf))
        buf[start:start] = buf[start:start + rng.randint(1, 200)] * rng.randint(1, 50)
    elif kind == 4:
        buf[0:0] = rng.choice((b"\xef\xbb\xbf\xff", b"\xff\xfe", b"\xfe\xff\x00", b"\xef\xbb\xbf"))
    elif kind == 5:
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = b"x" * rng.choice((131_073, 40_000))
    else:
        buf = bytearray(data.replace(b",", rng.choice((b";", b"\t", b",,", b'"', b"\n"))))
    return bytes(buf)


def leaf_paths(doc, path=()):
    """Every path into a JSON document (containers and leaves)."""
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from leaf_paths(value, (*path, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from leaf_paths(value, (*path, index))


def mutate_json(rng: random.Random, doc):
    """The document with one to three places replaced by a nasty value or removed."""
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in leaf_paths(doc) if p]
        if not paths:
            return rng.choice(NASTY_VALUES)
        path = rng.choice(paths)
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.2 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(NASTY_VALUES + NASTY_TEXT)
    return doc
