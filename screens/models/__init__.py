from .messages import DISPLAY_STATUSES, EXPIRED, MessageKind, MessageStatus, ScreenMessage
from .plays import ScreenPlay
from .profiles import DisplayProfile, ProfileKind
from .screens import Screen

__all__ = [
    "DISPLAY_STATUSES",
    "EXPIRED",
    "DisplayProfile",
    "MessageKind",
    "MessageStatus",
    "ProfileKind",
    "Screen",
    "ScreenMessage",
    "ScreenPlay",
]
