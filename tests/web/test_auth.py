"""Sign-in, roles, CSRF and language switching."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD, csrf_token, sign_in

PAGES = {"admin": "/admin/", "head": "/head/", "coordinator": "/coordinator/", "specialist": "/me/"}


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get("/head/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", PAGES)
def test_each_role_lands_on_its_own_page(as_role, role):
    client = as_role(role)
    assert client.get("/").headers["Location"] == PAGES[role]
    assert client.get(PAGES[role]).status_code == 200


@pytest.mark.parametrize("role", PAGES)
def test_other_roles_pages_are_forbidden(as_role, role):
    client = as_role(role)
    allowed = {PAGES[role]} | ({"/coordinator/"} if role == "head" else set())
    for page in set(PAGES.values()) - allowed:
        assert client.get(page).status_code == 403, page


def test_wrong_password_shows_a_field_error_and_does_not_sign_in(client, users):
    response = sign_in(client, "head", "not the password")
    assert response.status_code == 200
    assert "Неверное имя пользователя или пароль" in response.get_data(as_text=True)
    assert client.get("/head/").status_code == 302


def test_empty_form_names_the_missing_fields(client, users):
    response = client.post("/login", data={"csrf_token": csrf_token(client)})
    assert response.get_data(as_text=True).count('class="error"') == 2


def test_sign_in_without_csrf_token_is_refused(client, users):
    response = client.post("/login", data={"username": "head", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/head/").status_code == 302


def test_sign_out_needs_csrf_and_then_ends_the_session(as_role):
    client = as_role("head")
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": csrf_token(client, "/head/")}).status_code == 302
    assert client.get("/head/").status_code == 302


def test_next_parameter_only_redirects_inside_the_app(client, users):
    token = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data={
        "username": "head", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_inactive_user_cannot_sign_in(client, users, db):
    from planner.models import User

    db.query(User).filter_by(username="head").one().active = False
    db.commit()
    assert sign_in(client, "head").status_code == 200


def test_russian_by_default_english_on_request(client):
    assert "Вход" in client.get("/login").get_data(as_text=True)
    token = csrf_token(client)
    client.post("/language/en", data={"csrf_token": token, "next": "/login"})
    assert "Sign in" in client.get("/login").get_data(as_text=True)


def test_session_cookie_is_secure_in_production(engine, monkeypatch):
    from planner.web import create_app

    monkeypatch.setenv("PLANNER_ENV", "production")
    app = create_app({"DATABASE_URL": str(engine.url)})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]
