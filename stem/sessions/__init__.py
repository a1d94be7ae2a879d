"""Co-creation sessions (bijeenkomsten) with members and partners."""

from flask import Blueprint

bp = Blueprint("sessions", __name__)
