"""E-mail addresses as typed by people: one address, no header tricks, stored in lower case."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254


class InvalidAddress(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def normalize_address(raw) -> str:
    """The address in lower case, or InvalidAddress: empty, too long, more than one address, a display
    name, or any control character (CR/LF would let a sender inject mail headers)."""
    if not isinstance(raw, str):
        raise InvalidAddress(_("Please enter an e-mail address."))
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in raw):
        raise InvalidAddress(_("The e-mail address contains characters that are not allowed."))
    address = unicodedata.normalize("NFC", raw).strip()
    if not address:
        raise InvalidAddress(_("Please enter an e-mail address."))
    if len(address) > MAX_LENGTH:
        raise InvalidAddress(_("The e-mail address is too long."))
    if any(char in address for char in ',;<>"() \t'):
        raise InvalidAddress(_("Please enter one e-mail address only, such as ten@example.vn."))
    try:
        validate_email(address)
    except ValidationError as error:
        raise InvalidAddress(_("This is not a valid e-mail address, e.g. ten@example.vn.")) from error
    return address.lower()
