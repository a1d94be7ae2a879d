"""Reports for the council: the yearly progress report and indicators."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
