"""Staff follow up on "you may contact me about this": who asked, about which question.

The member gave consent to be named for that one question, so staff see their name and
address here (each view is audit-logged). In anonymous rounds the request holds no copy
of the answer: it would match the anonymous answer and unmask the member's other answers.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from stem.core.audit import audit
from stem.core.db import db, utcnow
from stem.core.forms import StemForm
from stem.core.security import require_role
from stem.core.web import writes
from stem.surveys import bp
from stem.surveys.models import ContactRequest, Question, Round
from stem.surveys.texts import question_text

staff_only = require_role("staff", "admin")


def _round(round_id: int) -> Round:
    return db.session.get(Round, round_id) or abort(404)


@bp.get("/staff/rounds/<int:round_id>/contact-requests")
@staff_only
@writes  # the audit event
def contact_requests(round_id: int):
    """The members who asked to be contacted in this round, open ones first."""
    round_ = _round(round_id)
    requests = db.session.scalars(
        sa.select(ContactRequest)
        .where(ContactRequest.round_id == round_.id)
        .options(
            selectinload(ContactRequest.user),
            selectinload(ContactRequest.question).selectinload(Question.translations),
        )
        .order_by(ContactRequest.handled_at.is_not(None), ContactRequest.id)
    ).all()
    if requests:
        audit("contact_requests.view", round_, shown=len(requests))
    locale = str(get_locale())
    return render_template(
        "surveys/rounds/contact_requests.html",
        round=round_,
        requests=requests,
        question_text=lambda question: question_text(question, locale),
        form=StemForm(),
    )


@bp.post("/staff/rounds/<int:round_id>/contact-requests/<int:request_id>/handled")
@staff_only
def contact_request_handled(round_id: int, request_id: int):
    """Mark a request as followed up; doing it twice changes nothing."""
    round_ = _round(round_id)
    follow_up = db.session.get(ContactRequest, request_id)
    if follow_up is None or follow_up.round_id != round_.id:
        abort(404)
    if StemForm().validate_on_submit() and follow_up.handled_at is None:
        follow_up.handled_at = utcnow()
        audit("contact_request.handled", follow_up)
        flash(_("Het verzoek staat op afgehandeld."), "success")
    return redirect(url_for("surveys.contact_requests", round_id=round_.id), code=303)
