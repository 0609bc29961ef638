"""Reports: the figures a centre sends to its region, for a period and a scope.

Counts only, never a family's name, address or case code: the report of a
period (``period.py``) and scope (``scope.py``) is read once (``history.py``),
counted into tables (``figures.py``) and written as XLSX, CSV or JSON
(``files.py``); the web app draws its charts from the same tables.

```python
from planner.services.reports import build_report, parse_period, parse_scope
report = build_report(session, parse_period("2026-Q4"), parse_scope(session, "district:dubensky"))
report.figure("Brigade trips"), report.table("months").rows
```
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from planner.models import Centre, District, Family, Service, Settlement, tenancy
from planner.services.reports import figures
from planner.services.reports.files import to_csv, to_json, to_xlsx
from planner.services.reports.history import read_history
from planner.services.reports.period import Period, parse_period, quarter_of
from planner.services.reports.scope import SCOPE_KINDS, Scope, parse_scope
from planner.services.reports.tables import Caption, Report, Table

__all__ = [
    "Caption", "Period", "Report", "SCOPE_KINDS", "Scope", "Table", "build_report", "centre_name",
    "parse_period", "parse_scope", "quarter_of", "to_csv", "to_json", "to_xlsx",
]


def build_report(db: DbSession, period: Period, scope: Scope | None = None) -> Report:
    """The report of ``period`` for ``scope`` (the whole centre when None)."""
    scope = scope or Scope()
    history = read_history(db, period, scope)
    districts = dict(db.execute(select(District.id, District.name).order_by(District.name)).all())
    family_district = dict(db.execute(select(Family.id, Settlement.district_id).join(Settlement)).all())
    catalogue = dict(db.execute(select(Service.code, Service.name)).all())
    tables = [
        figures.summary(history), figures.by_month(history),
        figures.by_district(history, districts, family_district), figures.by_programme(history),
        figures.closures(history), figures.services_given(history, catalogue),
        figures.follow_ups(history),
    ]
    return Report(centre_name(db), period.start, period.end, scope.text, scope.label, tables)


def centre_name(db: DbSession) -> str:
    """The name of the centre the report is of: the session's, else the installation's only one."""
    centre_id = tenancy.centre_of(db)
    query = select(Centre.name).order_by(Centre.id).limit(2)
    names = db.scalars(query if centre_id is None else query.where(Centre.id == centre_id)).all()
    return names[0] if len(names) == 1 else ""
