from surveys.models.counters import Counter, CounterDuty
from surveys.models.kiosk_answers import KioskAnswer, KioskAnswerStatus
from surveys.models.kiosks import Kiosk, hash_token
from surveys.models.pages import (
    LIKERT_LABELS,
    PollPage,
    QuestionKind,
    SipasFactor,
    SurveyAnswer,
    SurveyPage,
    SurveyQuestion,
    SurveySubmission,
)
from surveys.models.periods import ResultsVisibility
from surveys.models.polls import (
    Ballot,
    Channel,
    CommentStatus,
    Poll,
    PollChoice,
    PollResultCount,
)
from surveys.models.scales import AnswerScale, AnswerScaleOption

__all__ = [
    "LIKERT_LABELS",
    "AnswerScale",
    "AnswerScaleOption",
    "Ballot",
    "Channel",
    "CommentStatus",
    "Counter",
    "CounterDuty",
    "Kiosk",
    "KioskAnswer",
    "KioskAnswerStatus",
    "Poll",
    "PollChoice",
    "PollPage",
    "PollResultCount",
    "QuestionKind",
    "ResultsVisibility",
    "SipasFactor",
    "SurveyAnswer",
    "SurveyPage",
    "SurveyQuestion",
    "SurveySubmission",
    "hash_token",
]
