"""Surveys and monthly feedback rounds: the blueprint that all their pages share.

One package per sub-feature: builder/, rounds/, answering/, results/. The tables they
share are in models.py, a survey's texts in a language in texts.py; demo/ loads demo data.
Route modules attach their views to `bp` when stem._register_blueprints imports them.
"""

from flask import Blueprint

bp = Blueprint("surveys", __name__)
