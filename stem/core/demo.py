"""Realistic demo data: members in several languages, partners, staff and an admin."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
import sqlalchemy as sa

from stem.accounts import services
from stem.accounts.models import Organisation, User
from stem.accounts.signin import hash_password
from stem.core.db import db

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - printed by `stem demo`, demo data only

ORGANISATIONS = [
    ("Vluchtelingenwerk Midden-Nederland", "refugee support"),
    ("Buurtteam Overvecht", "neighbourhood team"),
    ("Taalschool Utrecht", "language school"),
    ("Plan Einstein", "social enterprise"),
    ("IWCU", "community centre"),
]

# (display name, e-mail, phone, language, channel)
MEMBERS = [
    ("Amal", "amal@demo.stem.example", None, "ar", "email"),
    ("Yonas", None, "+31612345001", "ti", "sms"),
    ("Fatima", "fatima@demo.stem.example", "+31612345002", "fa_AF", "email"),
    ("Olena", "olena@demo.stem.example", None, "uk", "email"),
    ("Mehmet", "mehmet@demo.stem.example", None, "tr", "email"),
    ("Hodan", None, "+31612345003", "so", "sms"),
    ("Samir", "samir@demo.stem.example", None, "nl", "email"),
    ("Grace", "grace@demo.stem.example", None, "en", "email"),
]

# (display name, e-mail, organisation index)
PARTNERS = [
    ("Sanne (Vluchtelingenwerk)", "sanne@vluchtelingenwerk.demo.example", 0),
    ("Karim (Buurtteam)", "karim@buurtteam.demo.example", 1),
    ("Ineke (Taalschool)", "ineke@taalschool.demo.example", 2),
]

STAFF = [
    ("Eva de Vries", "eva@utrecht.demo.example", "staff"),
    ("Jeroen Bakker", "beheer@utrecht.demo.example", "admin"),
]


@dataclass
class DemoAccount:
    role: str
    name: str
    address: str
    locale: str
    totp_secret: str | None = None


def _user(email: str | None, phone: str | None) -> User | None:
    column, value = (User.email, email) if email else (User.phone, phone)
    return db.session.scalar(sa.select(User).where(column == value))


def load_demo() -> list[DemoAccount]:
    """Add the demo accounts that are missing; return how to sign in as each."""
    orgs = []
    for name, kind in ORGANISATIONS:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.name == name))
        if org is None:
            org = Organisation(name=name, kind=kind)
            db.session.add(org)
        orgs.append(org)
    db.session.flush()

    accounts: list[DemoAccount] = []
    for name, email, phone, locale, channel in MEMBERS:
        user = _user(email, phone) or services.create_user(
            role="member",
            email=email,
            phone=phone,
            display_name=name,
            locale=locale,
            channel=channel,
        )
        if services.active_consent(user) is None:
            services.give_consent(user)
        accounts.append(DemoAccount("member", name, user.address, locale))
    for name, email, org_index in PARTNERS:
        user = _user(email, None) or services.create_user(
            role="partner", email=email, display_name=name, organisation=orgs[org_index]
        )
        accounts.append(DemoAccount("partner", name, email, user.locale))
    for name, email, role in STAFF:
        user = _user(email, None)
        if user is None:
            user = services.create_user(
                role=role,
                email=email,
                display_name=name,
                password_hash=hash_password(DEMO_PASSWORD),
            )
            user.totp_secret = pyotp.random_base32()
            user.totp_enabled = True
        accounts.append(DemoAccount(role, name, email, user.locale, user.totp_secret))
    db.session.flush()

    from stem.signals.demo import load_signal_demo
    from stem.surveys.demo import load_survey_demo

    load_survey_demo(accounts)
    load_signal_demo(accounts)
    db.session.flush()
    from stem.actions.demo import load_action_demo

    load_action_demo(accounts)
    db.session.flush()
    from stem.translation.demo.loader import load_translation_demo

    for name, email, locale in load_translation_demo():
        accounts.append(DemoAccount("translator", name, email, locale))
    db.session.flush()
    return accounts
