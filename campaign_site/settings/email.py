"""E-mail settings from the environment: EMAIL_URL, or the separate EMAIL_* variables.

    smtp://user:password@mail.example.vn:587?tls=1   STARTTLS (tls=1), or smtps://…:465 for implicit TLS
    console://                                        print mails on the console (the default)
    file:///var/tmp/mail                              write each mail to a file in that folder
    locmem://                                         keep mails in memory (tests)

User name and password may be percent-encoded (an @ in a password is %40). Pure Python: settings
import it before Django is set up.
"""

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
TRUE = {"1", "true", "yes", "on"}


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE


def parse_email_url(url: str) -> dict:
    """The Django settings an EMAIL_URL stands for; ValueError for a scheme we do not know."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r}; use one of {', '.join(sorted(BACKENDS))}")
    config: dict = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "file":
        config["EMAIL_FILE_PATH"] = unquote(parts.path) or "campaign-mail"
        return config
    if scheme not in ("smtp", "smtps"):
        return config
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query).items()}
    config.update(
        EMAIL_HOST=parts.hostname or "localhost",
        EMAIL_PORT=parts.port or (465 if scheme == "smtps" else 25),
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_SSL=scheme == "smtps" or _flag(query.get("ssl")),
        EMAIL_USE_TLS=scheme == "smtp" and _flag(query.get("tls")),
    )
    if "timeout" in query:
        config["EMAIL_TIMEOUT"] = float(query["timeout"])
    return config


def email_settings_from_env(environ: Mapping[str, str]) -> dict:
    """EMAIL_URL wins; else EMAIL_HOST (SMTP); else the console. A timeout always, so a mail server
    that does not answer holds a worker for seconds, not forever."""
    config: dict = {"EMAIL_TIMEOUT": float(environ.get("EMAIL_TIMEOUT", "10"))}
    url = environ.get("EMAIL_URL", "").strip()
    host = environ.get("EMAIL_HOST", "").strip()
    if url:
        config.update(parse_email_url(url))
    elif host:
        config.update(
            EMAIL_BACKEND=BACKENDS["smtp"],
            EMAIL_HOST=host,
            EMAIL_PORT=int(environ.get("EMAIL_PORT", "25")),
            EMAIL_HOST_USER=environ.get("EMAIL_HOST_USER", ""),
            EMAIL_HOST_PASSWORD=environ.get("EMAIL_HOST_PASSWORD", ""),
            EMAIL_USE_TLS=_flag(environ.get("EMAIL_USE_TLS")),
            EMAIL_USE_SSL=_flag(environ.get("EMAIL_USE_SSL")),
        )
    else:
        config["EMAIL_BACKEND"] = BACKENDS["console"]
    config["DEFAULT_FROM_EMAIL"] = environ.get("DEFAULT_FROM_EMAIL", "").strip() or "cchc@localhost"
    config["SERVER_EMAIL"] = environ.get("SERVER_EMAIL", "").strip() or config["DEFAULT_FROM_EMAIL"]
    return config
