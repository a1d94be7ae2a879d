"""Signals: observations from members, partners and staff, their triage and replies.

One blueprint for the whole feature; the route modules of the sub-packages attach their
views to it. Each sub-package holds one sub-feature whole: intake/ (reporting a signal and
the submitters' own pages), triage/ (the staff inbox, a signal's page, merging, replies)
and themes/ (the theme list and its admin pages). What they share sits here: the models,
who may see what (access.py), reply deadlines, the submitters' wording and retention (jobs.py).
"""

from flask import Blueprint

bp = Blueprint("signals", __name__)
