"""Surveys and monthly feedback rounds."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)
