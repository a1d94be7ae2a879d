"""Signals: observations from members, partners and staff, their triage and replies."""

from flask import Blueprint

bp = Blueprint("signals", __name__)
