"""The vocabularies of citizens' feedback: kinds, procedure fields, states and idea outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    QUESTION = "question", _("Question about a procedure")
    COMPLAINT = "complaint", _("Feedback on a one-stop office or a civil servant")
    IDEA = "idea", _("Reform idea")


class ProcedureField(models.TextChoices):
    CIVIL_STATUS = "civil_status", _("Civil status (births, marriages, deaths)")
    RESIDENCE = "residence", _("Residence and identity")
    LAND = "land", _("Land and housing")
    CONSTRUCTION = "construction", _("Construction permits")
    BUSINESS = "business", _("Business registration")
    JUSTICE = "justice", _("Certification and justice")
    SOCIAL = "social", _("Labour and social welfare")
    ONLINE = "online", _("Online public services")
    OTHER = "other", _("Other")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Being handled")
    AWAITING_APPROVAL = "awaiting_approval", _("Answer awaiting approval")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Not accepted")
    SPAM = "spam", _("Spam")
    DUPLICATE = "duplicate", _("Duplicate")


OPEN_STATES = (State.RECEIVED, State.PROCESSING, State.AWAITING_APPROVAL)
CLOSED_STATES = (State.ANSWERED, State.DECLINED, State.SPAM, State.DUPLICATE)
# States in which a unit is responsible for the item.
ASSIGNED_STATES = (State.PROCESSING, State.AWAITING_APPROVAL, State.ANSWERED)
# Ideas citizens see and support: consented, and accepted for handling by an officer.
PUBLIC_IDEA_STATES = ASSIGNED_STATES


class PublicState(models.TextChoices):
    """What the citizen's status page says (staff see the finer `State`)."""

    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Being handled")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Not accepted")


PUBLIC_STATE = {
    State.RECEIVED: PublicState.RECEIVED,
    State.PROCESSING: PublicState.PROCESSING,
    State.AWAITING_APPROVAL: PublicState.PROCESSING,
    State.ANSWERED: PublicState.ANSWERED,
    State.DECLINED: PublicState.DECLINED,
    State.SPAM: PublicState.DECLINED,
}


class IdeaStatus(models.TextChoices):
    NONE = "", _("Not yet reviewed")
    REVIEWING = "reviewing", _("Under review")
    ACCEPTED = "accepted", _("Taken on board")
    ADOPTED = "adopted", _("Adopted")


class EventAction(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned to a unit")
    DECLINED = "declined", _("Not accepted")
    SPAM = "spam", _("Marked as spam")
    MERGED = "merged", _("Merged as a duplicate")
    DRAFTED = "drafted", _("Answer drafted")
    SUBMITTED = "submitted", _("Answer sent for approval")
    RETURNED = "returned", _("Answer returned for changes")
    APPROVED = "approved", _("Answer approved and published")
    IDEA_STATUS = "idea_status", _("Idea status changed")
    FAQ = "faq", _("Frequently asked question changed")
    PURGED = "purged", _("Personal data removed")
