from feedback.models.choices import EventAction, IdeaStatus, Kind, ProcedureField, PublicState, State
from feedback.models.items import FeedbackAttachment, FeedbackEvent, FeedbackItem, IdeaSupport
from feedback.models.pages import AnsweredQuestionPage, FeedbackIndexPage

__all__ = [
    "AnsweredQuestionPage",
    "EventAction",
    "FeedbackAttachment",
    "FeedbackEvent",
    "FeedbackIndexPage",
    "FeedbackItem",
    "IdeaStatus",
    "IdeaSupport",
    "Kind",
    "ProcedureField",
    "PublicState",
    "State",
]
