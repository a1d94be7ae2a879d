"""The Flask extensions, created here and bound to the app in a fixed order by create_app."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

from stem.core.db import db

migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

__all__ = ["babel", "csrf", "db", "limiter", "login_manager", "mail", "migrate"]
