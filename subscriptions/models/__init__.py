from .alerts import AlertMail, AlertOptOut, Incident
from .deliveries import Delivery, DigestRun, IssueMailing
from .settings import MailSettings
from .subscribers import Subscriber

__all__ = [
    "AlertMail",
    "AlertOptOut",
    "Delivery",
    "DigestRun",
    "Incident",
    "IssueMailing",
    "MailSettings",
    "Subscriber",
]
