"""Messages to people: the outbox, the e-mail and SMS senders, and delivery with retries."""

from flask import Blueprint

bp = Blueprint("notify", __name__)
