"""Feed tokens: long, stored as digests only, revocable, re-issuable."""

from __future__ import annotations

from sqlalchemy import select

from planner.models import FeedToken
from planner.services import tokens


def test_token_is_long_and_only_its_digest_is_stored(db):
    token = tokens.issue(db, "staff", 7)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    rows = db.scalars(select(FeedToken)).all()
    assert [r.digest for r in rows] == [tokens.digest(token)]
    assert all(token not in (r.digest, str(r.subject_id)) for r in rows)
    assert tokens.resolve(db, token).subject_id == 7


def test_reissue_revokes_the_old_token(db):
    old = tokens.issue(db, "staff", 7)
    new = tokens.issue(db, "staff", 7)
    assert old != new
    assert tokens.resolve(db, old) is None and tokens.resolve(db, new) is not None
    assert tokens.current(db, "staff", 7).digest == tokens.digest(new)


def test_revoke_and_unknown_tokens_resolve_to_nothing(db):
    token = tokens.issue(db, "family", 3)
    other = tokens.issue(db, "family", 4)
    assert tokens.revoke(db, "family", 3) == 1
    assert tokens.resolve(db, token) is None and tokens.current(db, "family", 3) is None
    assert tokens.resolve(db, other) is not None
    assert tokens.resolve(db, "nope") is None and tokens.resolve(db, "") is None
