from .counters import RateCounter
from .glossary import Abbreviation
from .jobs import JobRun
from .pages import GlossaryPage, HomePage, StandardPage
from .profiles import OfficerProfile
from .site_settings import SiteIdentity
from .units import AdministrativeUnit
from .workflow import UnitApprovalTask

__all__ = [
    "Abbreviation",
    "AdministrativeUnit",
    "GlossaryPage",
    "HomePage",
    "JobRun",
    "OfficerProfile",
    "RateCounter",
    "SiteIdentity",
    "StandardPage",
    "UnitApprovalTask",
]
