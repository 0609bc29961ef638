"""The regional coordinator's centres page: the list (counts only), a new centre with its first
head (all or nothing, in Russian), and nobody else reaches it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from planner.models import Centre, Family, User
from tests.web.conftest import csrf_token, sign_in
from tests.web.test_centre_isolation import centres  # noqa: F401  two centres with data

NEW = {"code": "tula-3", "name": "СРЦН № 3", "username": "head-3", "password": "Надёжный пароль 3"}


def _add(client, **changes):
    return client.post("/region/centres/", data={"csrf_token": csrf_token(client, "/region/centres/"),
                                                 **NEW, **changes})


def _counts(db) -> tuple[int, int]:
    db.expire_all()
    return db.scalar(select(func.count(Centre.id))), db.scalar(select(func.count(User.id)))


def test_the_list_shows_every_centre_with_counts_only(client, centres):  # noqa: F811
    sign_in(client, "regional")
    page = client.get("/region/centres/").get_data(as_text=True)
    assert "<td>Чужой центр</td>" in page and "<td>Центр</td>" in page
    assert "Центры" in page and "Добавить центр" in page
    assert "Семья" not in page and "F-00" not in page and "C-00" not in page


def test_a_new_centre_and_its_head_who_sees_only_the_new_centre(client, centres, db, app):  # noqa: F811
    sign_in(client, "regional")
    answer = _add(client)
    assert answer.status_code == 302
    assert "Центр «СРЦН № 3» добавлен" in client.get(answer.headers["Location"]).get_data(as_text=True)
    centre = db.scalar(select(Centre).where(Centre.code == "tula-3"))
    head = db.scalar(select(User).where(User.username == "head-3"))
    assert (centre.name, head.role, head.centre_id) == ("СРЦН № 3", "head", centre.id)
    assert db.scalar(select(func.count(Family.id)).where(Family.centre_id == centre.id)) == 0
    theirs = app.test_client()
    assert sign_in(theirs, "head-3", NEW["password"]).status_code == 302
    page = theirs.get("/coordinator/").get_data(as_text=True)
    assert theirs.get("/coordinator/").status_code == 200
    assert "Ивановка" not in page and "Красное" not in page, "an empty centre: nobody else's settlements"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"code": "other"}, "code", "Центр с кодом other уже есть."),
    ({"username": "head"}, "username", "Имя пользователя head занято"),
    ({"password": "12345678"}, "password", "Пароль не может быть рядом символов подряд"),
    ({"password": "short"}, "password", "не меньше 8 символов"),
    ({"code": "с пробелом"}, "code", ""),
])
def test_bad_input_is_named_in_russian_and_adds_nothing(client, centres, db, changes, field, words):  # noqa: F811
    sign_in(client, "regional")
    before = _counts(db)
    answer = _add(client, **changes)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and 'class="field has-error"' in page and words in page
    assert f'id="{field}"' in page.split('class="field has-error"')[1].split("</div>")[0]
    assert _counts(db) == before


def test_without_the_form_token_nothing_is_added(client, centres, db):  # noqa: F811
    sign_in(client, "regional")
    before = _counts(db)
    assert client.post("/region/centres/", data=NEW).status_code == 400
    assert _counts(db) == before


@pytest.mark.parametrize("role", ["admin", "head", "coordinator", "specialist"])
def test_a_centres_own_accounts_cannot_add_centres(client, centres, db, role):  # noqa: F811
    sign_in(client, role)
    before = _counts(db)
    assert client.get("/region/centres/").status_code == 403
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', home).group(1)
    assert client.post("/region/centres/", data={"csrf_token": token, **NEW}).status_code == 403
    assert _counts(db) == before
