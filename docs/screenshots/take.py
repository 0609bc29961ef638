"""Screenshots of the main pages for the README: ``python docs/screenshots/take.py``.

Builds the demo region in a temporary database, generates and publishes next
week's plan through the web pages (the real optimiser), and photographs each
role's main page with Debian's headless Chromium. Tiles are switched off, as
in an office without internet: the maps draw on a plain background.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner import clock  # noqa: E402
from planner.db import make_engine, session_factory, upgrade  # noqa: E402
from planner.models import Plan  # noqa: E402
from planner.services.importing import import_files  # noqa: E402
from planner.services.users import ensure_demo_users, link_demo_specialist  # noqa: E402
from planner.web import create_app  # noqa: E402
from planner.services.production_calendar import week_of, working_days  # noqa: E402
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, OFFLINE_TILES, LiveServer  # noqa: E402

OUT = Path(__file__).resolve().parent


def demo_database(folder: Path):
    engine = make_engine(f"sqlite:///{folder / 'demo.sqlite'}")
    upgrade(engine)
    with session_factory(engine)() as session:
        import_files(session, [ROOT / "data"])
        passwords = ensure_demo_users(session)
        session.commit()
    return engine, passwords


def sign_in(browser, live, username: str, password: str, phone: bool = False):
    page = (browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                device_scale_factor=2, locale="ru-RU").new_page() if phone
            else browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU"))
    page.goto(f"{live.url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    return page


def shoot(page, name: str, full: bool = True) -> None:
    page.wait_for_timeout(800)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
    print("wrote", OUT / f"{name}.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine, passwords = demo_database(Path(folder))
        app = create_app({"DATABASE_URL": str(engine.url), "SECRET_KEY": "screenshots", "TILE_URL": OFFLINE_TILES,
                          "PLAN_TIME_LIMIT": 60})
        with LiveServer(app) as live, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 800}, locale="ru-RU")
            page.goto(f"{live.url}/login")
            shoot(page, "login", full=False)
            head = sign_in(browser, live, "head", passwords["head"])
            head.click("#generate")
            head.wait_for_selector("#job-bar")
            head.wait_for_timeout(4000)
            shoot(head, "head-progress", full=False)
            head.wait_for_url(re.compile(r".*/head/plans/\d+$"), timeout=300_000)
            head.frame_locator("#plan-map").locator(".leaflet-pane").first.wait_for(state="attached")
            shoot(head, "head-plan", full=False)
            head.click("#publish")
            head.wait_for_selector("#publish-confirm")
            shoot(head, "head-publish-confirm", full=False)
            head.click("#confirm-publish")
            head.wait_for_load_state()
            plan_url = head.url
            sheet = head.locator("a", has_text=re.compile("Маршрутный лист")).first
            if sheet.count():
                sheet.click()
                shoot(head, "route-sheet")
            week = week_of(clock.today(app.config["TIMEZONE"]) + dt.timedelta(days=7))
            _urgent_visit(head, live, week)
            head.goto(plan_url)
            _outcome_on_a_phone(browser, live, engine, passwords, week)
            coordinator = sign_in(browser, live, "coordinator", passwords["coordinator"])
            coordinator.goto(f"{live.url}/coordinator/?week={week}")
            coordinator.frame_locator("#coverage-map").locator(".leaflet-pane").first.wait_for(state="attached")
            shoot(coordinator, "coordinator-coverage")
            admin = sign_in(browser, live, "admin", passwords["admin"])
            admin.goto(f"{live.url}/admin/families/")
            shoot(admin, "admin-families", full=False)
            browser.close()


def _urgent_visit(head, live, week: str) -> None:
    """The urgent-visit form filled in as a head would (the week it goes into is the running one)."""
    head.goto(f"{live.url}/urgent/new")
    head.fill("#family-search", "C-0042")
    head.check("input[name=roles][value=social_worker]")
    head.check("input[name=roles][value=psychologist]")
    head.fill("#note", "Сигнал из школы: ребёнок не посещает занятия третий день")
    shoot(head, "urgent-visit", full=False)


def _outcome_on_a_phone(browser, live, engine, passwords, week: str) -> None:
    """The demo specialist on the published week's Wednesday, recording a visit on a phone."""
    with session_factory(engine)() as session:
        link_demo_specialist(session, session.query(Plan).filter_by(week=week, status="published").one())
        session.commit()
    wednesday = working_days(week)[2]
    with clock.use(clock.FixedClock(dt.datetime.combine(wednesday, dt.time(15, 0)))):
        phone = sign_in(browser, live, "specialist", passwords["specialist"], phone=True)
        phone.click("#to-record a")
        phone.check("input[name=outcome][value=done]")
        phone.fill("#adults", "2")
        phone.fill("#children", "3")
        phone.fill("#note", "Договорились о консультации юриста")
        shoot(phone, "specialist-outcome-phone", full=True)


if __name__ == "__main__":
    main()
