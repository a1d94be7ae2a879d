"""Users, organisations, member profiles, consent, sign-in tokens and recovery codes."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stem.core.db import IdMixin, TimestampMixin, UTCDateTime, db, utcnow

CHANNELS = ("email", "sms")


class Organisation(IdMixin, TimestampMixin, db.Model):
    """A coalition partner such as Vluchtelingenwerk or a language school."""

    __tablename__ = "organisations"

    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(60), default="")
    active: Mapped[bool] = mapped_column(default=True)

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(IdMixin, TimestampMixin, db.Model):
    """Anyone who signs in: a member, a partner's employee, staff or an admin."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint(
            "role IN ('member','partner','staff','admin','translator')", name="role"
        ),
        sa.CheckConstraint("channel IN ('email','sms')", name="channel"),
        sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="reachable"),
    )

    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(20), unique=True)  # E.164
    role: Mapped[str] = mapped_column(sa.String(10), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(120), default="")
    locale: Mapped[str] = mapped_column(sa.String(8), default="nl")
    channel: Mapped[str] = mapped_column(sa.String(5), default="email")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Raised on sign-out everywhere, disabling and role changes: every older session dies.
    session_version: Mapped[int] = mapped_column(default=1)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)  # replay guard
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship(back_populates="users")
    profile: Mapped[MemberProfile | None] = relationship(
        back_populates="user", cascade="all, delete-orphan", uselist=False
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Consent.given_at"
    )

    # Flask-Login
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        # The session version travels in the cookie: a raised version ends the session.
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self) -> bool:
        return self.role in ("staff", "admin")

    @property
    def address(self) -> str | None:
        """Where messages go, by the preferred channel (falling back to the other)."""
        if self.channel == "sms" and self.phone:
            return self.phone
        return self.email or self.phone

    @property
    def effective_channel(self) -> str:
        return "sms" if (self.channel == "sms" and self.phone) or not self.email else "email"

    def end_all_sessions(self) -> None:
        self.session_version += 1

    def disable(self) -> None:
        self.active = False
        self.disabled_at = utcnow()
        self.end_all_sessions()

    def enable(self) -> None:
        self.active = True
        self.disabled_at = None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class MemberProfile(db.Model):
    """What De Stem needs to know of a member: as little as possible."""

    __tablename__ = "member_profiles"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    joined_on: Mapped[date] = mapped_column(sa.Date, default=date.today)
    left_on: Mapped[date | None] = mapped_column(sa.Date)

    user: Mapped[User] = relationship(back_populates="profile")


class Consent(IdMixin, db.Model):
    """A consent a user gave: for what, when, and to which version of the text."""

    __tablename__ = "consents"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(40))
    text_version: Mapped[str] = mapped_column(sa.String(20))
    locale: Mapped[str] = mapped_column(sa.String(8))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="consents")

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class LoginToken(IdMixin, db.Model):
    """A sign-in link and code, or a staff password set-up link.

    Only hashes are stored; the plain values exist only in the message sent.
    """

    __tablename__ = "login_tokens"
    __table_args__ = (sa.CheckConstraint("purpose IN ('sign_in','setup')", name="purpose"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(10), default="sign_in")
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    code_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # Hash of a random key kept in the requesting browser's session: the code only works there.
    request_key_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    code_attempts: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class RecoveryCode(IdMixin, db.Model):
    """A one-time code that stands in for the authenticator app."""

    __tablename__ = "recovery_codes"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignInRequest(IdMixin, db.Model):
    """An address someone typed on the sign-in page, waiting for the sign-in job.

    The page stores every request the same way, whether or not the address has an
    account, so neither its answer nor its timing tells who is a member. The job looks
    the address up, sends the link and code if it belongs to someone, and deletes the row.
    """

    __tablename__ = "sign_in_requests"

    channel: Mapped[str] = mapped_column(sa.String(5))
    address: Mapped[str] = mapped_column(sa.String(254))  # normalised, as parse_address gives
    request_key_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class UserSession(IdMixin, db.Model):
    """One signed-in browser or device; its random key is in that browser's cookie.

    Kept on the server so that signing out ends it for good (a copied cookie no longer
    works) and people can see and end their other devices.
    """

    __tablename__ = "user_sessions"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "Chrome on Android": enough to recognise a device, nothing that tracks it.
    device: Mapped[str] = mapped_column(sa.String(80), default="")

    user: Mapped[User] = relationship()


class AddressChange(IdMixin, db.Model):
    """A new e-mail address or phone number, waiting for the code sent to it."""

    __tablename__ = "address_changes"
    __table_args__ = (sa.CheckConstraint("channel IN ('email','sms')", name="channel"),)

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(sa.String(5))
    new_address: Mapped[str] = mapped_column(sa.String(254))
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
