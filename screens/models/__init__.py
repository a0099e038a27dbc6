from .messages import MessageKind, MessageStatus, ScreenMessage
from .plays import ScreenPlay
from .profiles import DisplayProfile, ProfileKind
from .screens import Screen

__all__ = [
    "DisplayProfile",
    "MessageKind",
    "MessageStatus",
    "ProfileKind",
    "Screen",
    "ScreenMessage",
    "ScreenPlay",
]
