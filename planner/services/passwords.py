"""The password policy of the web app's accounts.

At least ``MIN_LENGTH`` characters that are not spaces, at least four
different characters, not a run such as ``12345678`` or ``abcdefgh``, not
one of the passwords every guessing list starts with, and not the user
name (nor containing it). The sign-in form ignores a password made of
spaces only, so such a password could never be used; it is refused here.
"""

from __future__ import annotations

MIN_LENGTH = 8
COMMON = frozenset("""
password password1 password12 password123 passw0rd p@ssw0rd p@ssword qwerty qwerty12 qwerty123 qwertyui
qwertyuiop qwerty1234 asdfghjk asdfghjkl zxcvbnm zxcvbnm1 1q2w3e4r 1q2w3e4r5t 1qaz2wsx qazwsxedc iloveyou
admin123 administrator welcome welcome1 letmein letmein1 football baseball sunshine princess monkey123
trustno1 superman batman123 starwars dragon123 master123 changeme default123 secret123 abc12345 abcd1234
aa123456 a1b2c3d4 11223344 12341234 12344321 123123123 147258369 159753456 987654321 0987654321 1234567890
11111111 00000000 88888888 12121212 lol12345 ghbdtn ghbdtn123 cnfhnjdsq jndtnnj qwe123qwe zaq12wsx
йцукенгш йцукен123 пароль123 парольпароль
""".split())
"""Guessing lists' first entries, Latin and Russian layouts (``ghbdtn`` is «привет» typed on a Latin keyboard)."""


PROBLEMS = {
    "short": f"at least {MIN_LENGTH} characters besides spaces",
    "few": "at least 4 different characters",
    "run": "not a run of consecutive characters such as 12345678",
    "common": "too common, it is among the first any guesser tries",
    "name": "must not contain the user name",
}
"""Each way a password is refused, as the command line says it (the web app words the codes itself)."""


def problem(password: str, username: str = "") -> str | None:
    """Why ``password`` is refused for ``username``, or None when it is acceptable."""
    code = problem_code(password, username)
    return PROBLEMS[code] if code else None


def problem_code(password: str, username: str = "") -> str | None:
    """The ``PROBLEMS`` code of why ``password`` is refused for ``username``, or None."""
    bare = password.strip()
    lowered = password.lower()
    name = username.strip().lower()
    if len(bare) < MIN_LENGTH:
        return "short"
    if len(set(bare)) < 4:
        return "few"
    if _run(lowered):
        return "run"
    if lowered in COMMON or bare.lower() in COMMON:
        return "common"
    if len(name) >= 3 and (name in lowered or lowered in name):
        return "name"
    return None


def _run(text: str) -> bool:
    """Every next character one up or one down from the last (``12345678``, ``hgfedcba``)."""
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:])}
    return steps in ({1}, {-1})
