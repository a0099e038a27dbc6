"""What the "Hỏi đáp" page shows: frequently asked questions, then the answers, filtered by kind
(topic), procedure field and unit from the query string."""

from django.core.paginator import Paginator
from django.utils.http import urlencode

from campaign_site.models import AdministrativeUnit
from feedback import selectors
from feedback.models import Kind, ProcedureField

PER_PAGE = 10


def index_context(page, request) -> dict:
    kind = request.GET.get("loai", "")
    kind = kind if kind in Kind.values else ""
    field = request.GET.get("linh-vuc", "")
    field = field if field in ProcedureField.values else ""
    unit_code = request.GET.get("don-vi", "")[:20]
    unit = AdministrativeUnit.objects.filter(code=unit_code).first() if unit_code else None
    filtering = bool(kind or field or unit)
    answers = Paginator(selectors.public_answers(kind=kind, field=field, unit=unit), PER_PAGE)
    return {
        "faqs": [] if filtering else list(selectors.public_answers(faq=True)[:10]),
        "answers": answers.get_page(request.GET.get("trang")),
        "kinds": Kind.choices,
        "fields": ProcedureField.choices,
        "units": AdministrativeUnit.objects.active().order_by("path"),
        "selected": {"kind": kind, "field": field, "unit": unit},
        "filtering": filtering,
        "pager_query": _pager_query(kind, field, unit),
    }


def _pager_query(kind, field, unit) -> str:
    params = {"loai": kind, "linh-vuc": field, "don-vi": unit.code if unit else ""}
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{query}&" if query else ""
