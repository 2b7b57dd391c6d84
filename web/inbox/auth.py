"""Staff sign-in: the ``fd_staff`` cookie, the two sign-in steps, sign-out and the guard.

The cookie holds a random session token from
:meth:`~frontdoor.services.staff.StaffService.start_session` (the database keeps
only its hash). It is HttpOnly, SameSite=Strict, limited to ``/inbox``, Secure
when the public address is https, and has no max-age: it ends with the browser,
and the server-side session ends at sign-out or after idle time.

Signing in is two steps: the password (``/inbox/login``) gives a session that
can only set up an authenticator app (``/inbox/enrol``, first sign-in) or
enter its six-digit code (``/inbox/two-factor``); a correct code swaps the
cookie for a fully signed-in one. :func:`register` adds these pages and the
guard that keeps every other inbox page for fully signed-in staff.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import segno
from flask import Blueprint, Response, flash, g, redirect, render_template, request, session, url_for

from frontdoor.errors import AuthenticationFailed, Conflict, FrontDoorError, InvalidInput
from frontdoor.services.staff import SignInState
from frontdoor.views import Principal
from web.extension import core, settings

COOKIE = "fd_staff"
COOKIE_PATH = "/inbox"
#: The known-device cookie: set after a full sign-in, so a lockout caused by someone else's wrong
#: passwords does not keep this browser out (see StaffService.remember_device).
DEVICE_COOKIE = "fd_device"
DEVICE_MAX_AGE = 180 * 24 * 3600
#: Endpoints that check the session themselves (or need none).
OPEN_ENDPOINTS = frozenset({"inbox.login", "inbox.logout", "inbox.two_factor", "inbox.enrol"})


def session_token() -> str | None:
    """Return the staff session token the browser sent, if any."""
    return request.cookies.get(COOKIE) or None


def set_session_cookie(response: Response, token: str) -> None:
    """Make ``response`` store the staff session ``token``."""
    response.set_cookie(COOKIE, token, path=COOKIE_PATH, httponly=True, samesite="Strict",
                        secure=settings().secure)


def clear_session_cookie(response: Response) -> None:
    """Make ``response`` delete the staff session cookie."""
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="Strict",
                           secure=settings().secure)


def principal() -> Principal:
    """Return the signed-in staff member of this request (set by the inbox guard)."""
    signed_in: Principal = g.principal
    return signed_in


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is an inbox page on this site, else None."""
    if not target or not target.startswith("/inbox/") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


def _to_login(message: str | None, next_page: str | None = None, status: int = 303) -> Response:
    """Return a redirect to the sign-in page that forgets the cookie, flashing ``message``."""
    if message:
        flash(message, "error")
    response = redirect(url_for("inbox.login", next=next_page), status)
    if session_token():
        clear_session_cookie(response)
    return response


def require_full_session() -> Response | None:
    """Set ``g.principal`` for a fully signed-in session; otherwise return where the browser must go.

    No or a dead session goes to the sign-in page (remembering the page
    asked for); a session that has only given its password goes to the code page.
    """
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    token = session_token()
    target = safe_next(request.full_path.rstrip("?")) if request.method == "GET" else None
    try:
        state = core().staff.session_state(token)
    except AuthenticationFailed as exc:
        message = None
        if token:
            message = str(exc) if "expired" in str(exc) else "Please sign in again."
        return _to_login(message, target, 302)
    if not state.full:
        return redirect(url_for("inbox.two_factor", next=target))
    g.principal = state.principal
    return None


# --- the pages ------------------------------------------------------------------------
def login() -> Response | tuple[str, int]:
    """Show the sign-in form, or check the password and start a first-step session.

    Returns 401 with the form again when the credentials are not accepted;
    otherwise a redirect to the code (or set-up) page.
    """
    next_page = safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("inbox/login.html", next_page=next_page, email="", error=None), 200
    email = request.form.get("email", "").strip()
    device = request.cookies.get(DEVICE_COOKIE) or None
    try:
        signed = core().staff.authenticate_password(email, request.form.get("password", ""), device=device)
    except AuthenticationFailed as exc:
        return render_template("inbox/login.html", next_page=next_page, email=email, error=str(exc)), 401
    old = session_token()
    if old:
        core().staff.end_session(old)
    token = core().staff.start_session(signed, device=device)
    session.clear()  # a fresh CSRF secret for the signing-in session
    response = redirect(url_for("inbox.two_factor", next=next_page), 303)
    set_session_cookie(response, token)
    return response


def _first_step() -> SignInState | Response:
    """Return the state of a first-step session, or the redirect to use instead.

    A dead session goes back to sign-in; a full one to the queue.
    """
    try:
        state = core().staff.session_state(session_token())
    except AuthenticationFailed as exc:
        return _to_login(str(exc) if "expired" in str(exc) else None, status=302)
    if state.full:
        return redirect(url_for("inbox.queue"), 303)
    return state


def _check_code(template: str, **page: Any) -> Response | tuple[str, int]:
    """Check the posted code; on success swap the cookie and go on, else show ``template`` with the error (401)."""
    next_page = safe_next(request.values.get("next"))
    try:
        token = core().staff.verify_code(session_token(), request.form.get("code", ""))
    except (InvalidInput, AuthenticationFailed) as exc:
        status = 400 if isinstance(exc, InvalidInput) else 401
        if isinstance(exc, AuthenticationFailed):
            try:  # a lockout ends the first-step session: start again from the password
                core().staff.session_state(session_token())
            except AuthenticationFailed:
                return _to_login(str(exc))
        return render_template(template, next_page=next_page, error=str(exc), **page), status
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(url_for("inbox.two_factor", next=next_page), 303)
    session.clear()  # a fresh CSRF secret for the signed-in session
    response = redirect(next_page or url_for("inbox.queue"), 303)
    set_session_cookie(response, token)
    try:
        device = core().staff.remember_device(token, request.cookies.get(DEVICE_COOKIE) or None)
    except FrontDoorError:  # signed in all the same; this browser just is not remembered this time
        return response
    response.set_cookie(DEVICE_COOKIE, device, path=COOKIE_PATH, max_age=DEVICE_MAX_AGE, httponly=True,
                        samesite="Strict", secure=settings().secure)
    return response


def two_factor() -> Response | tuple[str, int]:
    """Ask for the six-digit code (or send a first sign-in to set-up); check it.

    Returns 401 with the form again for a wrong, reused or too-early code,
    400 when it is not six digits.
    """
    state = _first_step()
    if isinstance(state, Response):
        return state
    next_page = safe_next(request.values.get("next"))
    if not state.enrolled:
        return redirect(url_for("inbox.enrol", next=next_page), 303 if request.method == "POST" else 302)
    if request.method == "GET":
        return render_template("inbox/two_factor.html", next_page=next_page, error=None), 200
    return _check_code("inbox/two_factor.html")


def _qr_svg(uri: str) -> str:
    """Return inline SVG markup of a QR code for ``uri`` (no styles or scripts, so the CSP allows it)."""
    return str(segno.make(uri, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        title="QR code to scan with your authenticator app", omitsize=False))


def enrol() -> Response | tuple[str, int]:
    """Show the authenticator set-up (QR code and secret text) and confirm it with a first code.

    Returns 401 with the page again for a wrong code, 400 when it is not six digits.
    """
    state = _first_step()
    if isinstance(state, Response):
        return state
    next_page = safe_next(request.values.get("next"))
    if state.enrolled:
        return redirect(url_for("inbox.two_factor", next=next_page), 303 if request.method == "POST" else 302)
    try:
        enrolment = core().staff.begin_enrolment(session_token())
    except AuthenticationFailed:
        return _to_login(None)
    groups = " ".join(enrolment.secret[i:i + 4] for i in range(0, len(enrolment.secret), 4))
    page = {"secret": groups, "qr_svg": _qr_svg(enrolment.uri), "email": state.principal.email}
    if request.method == "GET":
        return render_template("inbox/enrol.html", next_page=next_page, error=None, **page), 200
    return _check_code("inbox/enrol.html", **page)


def logout() -> Response:
    """End the server-side session (either step) and forget the cookie."""
    token = session_token()
    actor = ""
    try:
        actor = core().staff.session_state(token).principal.email
    except AuthenticationFailed:
        pass
    core().staff.end_session(token, actor=actor)
    session.clear()
    flash("You have signed out.", "success")
    response = redirect(url_for("inbox.login"), 303)
    clear_session_cookie(response)
    return response


def change_password() -> Response | tuple[str, int]:
    """Show the change-password form, or change it (the session must be fully signed in).

    Returns the form again with 400 (unusable new password) or 401 (wrong current password).
    """
    if request.method == "GET":
        return render_template("inbox/password.html", error=None), 200
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        return render_template("inbox/password.html", error="The two new passwords are not the same."), 400
    try:
        core().staff.change_password(session_token(), request.form.get("current_password", ""), new)
    except InvalidInput as exc:
        return render_template("inbox/password.html", error=str(exc)), 400
    except AuthenticationFailed as exc:
        return render_template("inbox/password.html", error=str(exc)), 401
    flash("Your password has been changed. Any other signed-in sessions have been signed out.", "success")
    return redirect(url_for("inbox.queue"), 303)


def register(bp: Blueprint) -> None:
    """Add the sign-in pages and the full-session guard to the inbox blueprint ``bp``."""
    bp.before_request(require_full_session)
    bp.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/two-factor", "two_factor", two_factor, methods=["GET", "POST"])
    bp.add_url_rule("/enrol", "enrol", enrol, methods=["GET", "POST"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])
    bp.add_url_rule("/password", "change_password", change_password, methods=["GET", "POST"])
