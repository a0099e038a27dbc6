"""Which sending errors are worth a retry (server down, busy, 4xx) and which are final (5xx refusals)."""

import smtplib
import socket

TRANSIENT = "transient"
HARD = "hard"


def classify(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return HARD if codes and all(500 <= code < 600 for code in codes) else TRANSIENT
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPAuthenticationError):
        return TRANSIENT  # our own configuration, never the reader's address
    if isinstance(error, smtplib.SMTPResponseException):
        # 552 (mailbox full) passes; other 5xx answers to a message are final for that address.
        return HARD if 500 <= error.smtp_code < 600 and error.smtp_code != 552 else TRANSIENT
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | TimeoutError | OSError):
        return TRANSIENT
    return TRANSIENT


def describe(error: BaseException) -> str:
    """A short, log-safe reason: the SMTP code and text, or the exception's class and message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = [f"{code} {_text(message)}" for code, message in error.recipients.values()]
        return "; ".join(parts)[:500]
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"[:500]
    return f"{type(error).__name__}: {error}"[:500]


def _text(message) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
