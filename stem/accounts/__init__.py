"""Accounts: users, organisations, sign-in, sessions and member self-service."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
