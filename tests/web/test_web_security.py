"""Headers on every response, no inline code or third parties, errors without traces."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from frontdoor.store.models import AuditEntry

CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
QUICK_EXIT = "https://www.bbc.co.uk/weather"


def assert_security_headers(response):
    headers = response.headers
    assert headers["Content-Security-Policy"] == CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/", {}),
        ("post", "/chat", {"data": {}}),
        ("post", "/api/chat", {"json": {"session": None, "message": "hi"}}),
        ("post", "/api/chat", {"data": "nope"}),
        ("get", "/inbox/login", {}),
        ("get", "/inbox/", {}),
        ("get", "/api/referrals", {}),
        ("get", "/healthz", {}),
        ("get", "/no/such/page", {}),
        ("get", "/api/no-such-endpoint", {}),
    ],
)
def test_every_response_has_the_security_headers_and_no_store(client, rasa, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers


def test_static_files_have_the_headers_but_may_be_cached(client):
    response = client.get("/static/frontdoor.css")
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.headers.get("Cache-Control") != "no-store"
    response.close()


def test_hsts_when_the_public_address_is_https(make_app, rasa_client, rasa):
    client = make_app(rasa_client, PUBLIC_BASE_URL="https://frontdoor.example.org").test_client()
    for path in ("/", "/inbox/login", "/healthz"):
        assert client.get(path).headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _pages(client, sign_in, referrals, csrf_token):
    """Every kind of page, as HTML text."""
    pages = {"chat": client.get("/").get_data(as_text=True),
             "chat-error": client.post("/chat", data={}).get_data(as_text=True),
             "not-found": client.get("/missing").get_data(as_text=True),
             "login": client.get("/inbox/login").get_data(as_text=True)}
    sign_in(client, "bexley")
    pages["queue"] = client.get("/inbox/").get_data(as_text=True)
    pages["referral"] = client.get(f"/inbox/r/{referrals['amber']}").get_data(as_text=True)
    pages["copy"] = client.get(f"/inbox/r/{referrals['red']}").get_data(as_text=True)
    pages["inbox-404"] = client.get("/inbox/r/FD-AAAA-AAAA").get_data(as_text=True)
    return pages


def test_no_page_has_inline_scripts_styles_or_third_party_urls(client, rasa, sign_in, referrals, csrf_token):
    for name, page in _pages(client, sign_in, referrals, csrf_token).items():
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, flags=re.S | re.I)
        for attrs, body in scripts:
            assert 'src="/static/' in attrs and body.strip() == "", name
        assert "<style" not in page.lower(), name
        assert not re.search(r"\sstyle\s*=", page, flags=re.I), name
        assert not re.search(r"\son[a-z]+\s*=", page, flags=re.I), name  # no inline event handlers
        assert "javascript:" not in page.lower(), name
        urls = re.findall(r"""(?:src|href|action)\s*=\s*["']([^"']+)""", page, flags=re.I)
        external = [u for u in urls if re.match(r"^(?:[a-z]+:)?//", u, flags=re.I)]
        assert set(external) <= {QUICK_EXIT}, (name, external)


def test_only_the_quick_exit_points_off_site(client, rasa, sign_in, referrals, csrf_token):
    pages = _pages(client, sign_in, referrals, csrf_token)
    assert 'id="quick-exit" class="quick-exit" href="https://www.bbc.co.uk/weather" rel="noreferrer"' in pages["chat"]
    assert "quick-exit" not in pages["queue"]


def test_every_page_uses_the_one_layout_and_stylesheet(client, rasa, sign_in, referrals, csrf_token):
    for name, page in _pages(client, sign_in, referrals, csrf_token).items():
        assert page.count('<link rel="stylesheet" href="/static/frontdoor.css">') == 1, name
        assert '<main id="main"' in page and '<html lang="en-GB">' in page, name
        assert 'class="skip-link" href="#main"' in page, name


def test_html_errors_are_friendly_pages_without_traces(client, rasa, html):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = html(response)
    assert page.find("h1").text == "Page not found"
    assert "Traceback" not in response.get_data(as_text=True)
    assert "call 999" in page.text


def test_api_errors_are_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {"error": "We could not find that page."}
    response = client.put("/api/chat")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_an_unexpected_failure_is_a_plain_500(make_app, rasa_client, rasa, html, caplog):
    app = make_app(rasa_client)

    @app.get("/explode")
    def explode():
        raise RuntimeError("secret internals")

    @app.get("/api/explode")
    def api_explode():
        raise RuntimeError("secret internals")

    client = app.test_client()
    response = client.get("/explode")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert html(response).find("h1").text == "Something went wrong"
    response = client.get("/api/explode")
    assert response.status_code == 500
    assert response.get_json() == {"error": "Something went wrong on our side. Please try again."}


def test_cross_site_form_posts_are_refused_everywhere(client, staff, csrf_token):
    token = csrf_token(client.get("/inbox/login").get_data(as_text=True))
    response = client.post("/inbox/login", data={"csrf_token": token, "email": staff["bexley"],
                                                 "password": "correct horse battery staple"},
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    response = client.post("/inbox/login", data={"csrf_token": token, "email": staff["bexley"],
                                                 "password": "correct horse battery staple"},
                           headers={"Sec-Fetch-Site": "same-origin", "Origin": "null"})
    assert response.status_code == 303


def test_the_public_host_counts_as_same_origin(make_app, rasa_client, rasa, staff, csrf_token):
    client = make_app(rasa_client, PUBLIC_BASE_URL="https://frontdoor.example.org").test_client()
    token = csrf_token(client.get("/inbox/login").get_data(as_text=True))
    response = client.post("/inbox/login", data={"csrf_token": token, "email": staff["bexley"],
                                                 "password": "correct horse battery staple"},
                           headers={"Origin": "https://frontdoor.example.org"})
    assert response.status_code == 303


def audit_log(core) -> list[tuple[str, str, str | None]]:
    with core.db.session() as session:
        return [(e.actor, e.action, e.detail) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_refused_requests_are_audited(client, core, staff, csrf_token):
    token = csrf_token(client.get("/inbox/login").get_data(as_text=True))
    assert client.post("/inbox/login", data={"email": staff["bexley"], "password": "x"}).status_code == 400
    assert audit_log(core)[-1] == ("anonymous", "request.csrf_refused", "/inbox/login")
    response = client.post("/inbox/login", data={"csrf_token": token, "email": staff["bexley"], "password": "x"},
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert audit_log(core)[-1] == ("anonymous", "request.cross_site_refused", "/inbox/login")
    for headers, detail in (({}, "missing"), ({"Authorization": "Bearer fd_not-a-real-token"}, "unknown")):
        assert client.get("/api/referrals", headers=headers).status_code == 401
        assert audit_log(core)[-1] == ("anonymous", "api.token_refused", detail)
