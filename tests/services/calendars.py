"""Reading a feed back with two independent parsers and checking RFC 5545 points."""

from __future__ import annotations

import re

import icalendar
import vobject


def parse(body: bytes) -> dict[str, dict]:
    """Events by UID as icalendar reads them, after checking vobject reads the same."""
    check_rfc(body)
    cal = icalendar.Calendar.from_ical(body)
    events = {str(e["uid"]): {"sequence": int(e["sequence"]), "status": str(e["status"]),
                              "start": e.decoded("dtstart"), "end": e.decoded("dtend"),
                              "modified": e.decoded("last-modified"), "summary": str(e["summary"]),
                              "description": str(e.get("description", "")),
                              "location": str(e.get("location", ""))}
              for e in cal.walk("VEVENT")}
    other = vobject.readOne(body.decode("utf-8"))
    seen = {}
    for event in other.contents.get("vevent", []):
        seen[event.uid.value] = (int(event.sequence.value), event.status.value, event.dtstart.value)
    assert seen == {uid: (e["sequence"], e["status"], e["start"]) for uid, e in events.items()}
    return events


def check_rfc(body: bytes) -> None:
    """Line form, calendar properties, one VTIMEZONE per TZID used, required event fields."""
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["version"]) == "2.0" and cal.get("prodid")
    assert str(cal["method"]) == "PUBLISH"
    assert str(cal["name"]) == str(cal["x-wr-calname"]) != ""
    text = body.decode("utf-8")
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in text and "X-PUBLISHED-TTL:PT1H" in text
    used = set(re.findall(r";TZID=([^:;]+)[:;]", text))
    zones = [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")]
    assert sorted(zones) == sorted(used), (zones, used)
    uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    for event in cal.walk("VEVENT"):
        for name in ("uid", "dtstamp", "dtstart", "dtend", "sequence", "last-modified", "status"):
            assert name in event, name
        assert event.decoded("dtstart") < event.decoded("dtend")
        assert event.decoded("dtstamp").utcoffset().total_seconds() == 0
