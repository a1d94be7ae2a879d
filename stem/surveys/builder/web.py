"""What the survey builder's route modules share: loading with 404s, flash after an edit."""

from __future__ import annotations

from flask import abort, flash, request
from flask_babel import gettext as _

from stem.accounts.forms import ConfirmForm
from stem.core.db import db
from stem.core.security import require_role
from stem.surveys.builder.versions import Target
from stem.surveys.models import Option, Question, Survey

staff_only = require_role("staff", "admin")


# --- loading: a question of another survey, or an option of another question, is a 404 ----


def load_survey(survey_id: int) -> Survey:
    return db.session.get(Survey, survey_id) or abort(404)


def load_question(survey: Survey, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.survey_id != survey.id:
        abort(404)
    return question


def load_option(question: Question, option_id: int) -> Option:
    option = db.session.get(Option, option_id)
    if option is None or option.question_id != question.id:
        abort(404)
    return option


def flash_edit(target: Target, message: str) -> None:
    """Say what was saved, and where, when it went into a new version."""
    if target.new_version:
        flash(
            _(
                "Deze vragenlijst is gebruikt in een ronde die open is of was. Daarom staat je "
                "wijziging in een nieuwe versie: versie %(version)s. De oude versie blijft zoals "
                "hij was.",
                version=target.survey.version,
            ),
            "warning",
        )
        if target.planned_rounds:
            periods = ", ".join(sorted(r.period for r in target.planned_rounds))
            flash(
                _(
                    "De geplande rondes (%(periods)s) gebruiken nu de nieuwe versie.",
                    periods=periods,
                ),
                "info",
            )
    flash(message, "ok")


def direction_from_form() -> int:
    direction = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if direction is None or not ConfirmForm().validate_on_submit():
        abort(400)
    return direction
