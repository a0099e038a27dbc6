"""Reads of the register: the filtered list with its counts, a document's relations and citations,
the numbers cited but not registered, and the documents behind a set of reference keys."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Sum
from django.db.models.functions import ExtractYear
from wagtail.models import Page

from campaign_site.text import clean_line, fold
from documents.models import (
    Citation,
    DocumentField,
    DocumentKind,
    DocumentRelation,
    DocumentStatus,
    LegalDocumentPage,
)
from documents.references import find_references, key_of

MAX_QUERY = 200


@dataclass
class RegisterFilters:
    kind: str = ""
    issuer: str = ""
    year: int | None = None
    field: str = ""  # DocumentField slug
    status: str = ""
    query: str = ""

    def as_dict(self) -> dict:
        return {
            name: value
            for name, value in (
                ("kind", self.kind),
                ("issuer", self.issuer),
                ("year", self.year),
                ("field", self.field),
                ("status", self.status),
                ("q", self.query),
            )
            if value
        }


def parse_filters(params) -> RegisterFilters:
    """Filters from a query string; unknown values are dropped, never an error."""
    kind = params.get("kind", "")
    status = params.get("status", "")
    year_text = params.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1900 <= int(year_text) <= 2100 else None
    return RegisterFilters(
        kind=kind if kind in DocumentKind.values else "",
        issuer=clean_line(params.get("issuer", ""))[:200],
        year=year,
        field=params.get("field", "")[:120],
        status=status if status in DocumentStatus.values else "",
        query=clean_line(params.get("q", ""))[:MAX_QUERY],
    )


def published_documents() -> QuerySet[LegalDocumentPage]:
    return LegalDocumentPage.objects.live().public()


def _matching_query(queryset, query: str):
    """A number in any spelling ("số 61/2018/nd-cp", "NĐ 61/2018") finds its document; other words
    are looked for, accents folded, in the summary, title and issuer."""
    keys = {ref.key for ref in find_references(query)} | ({key_of(query)} - {""})
    if keys:
        return queryset.filter(number_key__in=keys)
    words = re.findall(r"\w+", fold(query))[:12]
    if not words:
        return queryset
    ids = [page.pk for page in queryset.search(" ".join(words), operator="and", order_by_relevance=False)]
    return queryset.filter(pk__in=ids)


def _apply(queryset, filters: RegisterFilters, skip: str = ""):
    if filters.kind and skip != "kind":
        queryset = queryset.filter(kind=filters.kind)
    if filters.issuer and skip != "issuer":
        queryset = queryset.filter(issuer=filters.issuer)
    if filters.year and skip != "year":
        queryset = queryset.filter(issued_on__year=filters.year)
    if filters.field and skip != "field":
        queryset = queryset.filter(field__slug=filters.field)
    if filters.status and skip != "status":
        queryset = queryset.filter(status=filters.status)
    return queryset


@dataclass
class Facet:
    name: str
    options: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)
    selected: str = ""


def register_page(filters: RegisterFilters) -> tuple[QuerySet[LegalDocumentPage], list[Facet]]:
    """The filtered documents, newest issue first, and for each filter its values with how many
    documents each would give (counted under the other filters)."""
    base = published_documents()
    if filters.query:
        base = _matching_query(base, filters.query)
    documents = _apply(base, filters).select_related("field").order_by("-issued_on", "-pk").defer_streamfields()

    kinds = dict(DocumentKind.choices)
    statuses = dict(DocumentStatus.choices)
    fields = dict(DocumentField.objects.values_list("slug", "name"))

    def counts(name, column):
        rows = _apply(base, filters, skip=name).values(column).annotate(n=Count("pk")).order_by(column)
        return [(row[column], row["n"]) for row in rows if row[column] is not None]

    facets = [
        Facet("kind", [(value, kinds.get(value, value), n) for value, n in counts("kind", "kind")]),
        Facet("issuer", [(value, value, n) for value, n in counts("issuer", "issuer")]),
        Facet(
            "year",
            sorted(
                (
                    (str(row["y"]), str(row["y"]), row["n"])
                    for row in _apply(base, filters, skip="year")
                    .annotate(y=ExtractYear("issued_on"))
                    .values("y")
                    .annotate(n=Count("pk"))
                    .order_by()
                ),
                reverse=True,
            ),
        ),
        Facet("field", [(value, fields.get(value, value), n) for value, n in counts("field", "field__slug")]),
        Facet("status", [(value, statuses.get(value, value), n) for value, n in counts("status", "status")]),
    ]
    chosen = filters.as_dict()
    for facet in facets:
        facet.selected = str(chosen.get(facet.name, ""))
    return documents, facets


@dataclass
class RelationRow:
    label: str
    document: LegalDocumentPage


def relations_of(document: LegalDocumentPage) -> list[RelationRow]:
    """What the document replaces, amends or guides, and what replaces, amends or guides it."""
    from documents.models.register import INVERSE_LABELS, RelationKind

    rows = []
    outgoing = DocumentRelation.objects.filter(source=document, target__live=True).select_related("target")
    for relation in outgoing.order_by("sort_order"):
        rows.append(RelationRow(str(RelationKind(relation.kind).label), relation.target))
    incoming = DocumentRelation.objects.filter(target=document, source__live=True).select_related("source")
    for relation in incoming.order_by("source__issued_on"):
        rows.append(RelationRow(str(INVERSE_LABELS[relation.kind]), relation.source))
    return rows


def citing_pages(document: LegalDocumentPage, limit: int = 50) -> list[Page]:
    """Live public pages (articles, bulletins, plans…) that cite the document, newest first."""
    ids = Citation.objects.filter(number_key=document.number_key).values("page_id")
    return list(
        Page.objects.live().public().filter(pk__in=ids).order_by("-first_published_at").specific(defer=True)[:limit]
    )


def documents_for_keys(keys) -> dict[str, LegalDocumentPage]:
    """The live documents behind these reference keys, in one query."""
    keys = set(keys)
    if not keys:
        return {}
    rows = (
        LegalDocumentPage.objects.live()
        .filter(number_key__in=keys)
        .only("id", "title", "url_path", "number_key", "number_symbol", "status", "summary", "path", "depth")
    )
    return {row.number_key: row for row in rows}


@dataclass
class MissingReference:
    number_key: str
    text: str
    pages: int
    occurrences: int


def missing_references() -> list[MissingReference]:
    """Numbers cited by published pages that the register does not hold (live), most cited first."""
    registered = LegalDocumentPage.objects.live().filter(number_key=OuterRef("number_key"))
    rows = (
        Citation.objects.filter(page__live=True)
        .annotate(known=Exists(registered))
        .filter(known=False)
        .values("number_key")
        .annotate(pages=Count("page", distinct=True), total=Sum("occurrences"), text=Min("text"))
        .order_by("-pages", "-total", "number_key")
    )
    return [MissingReference(row["number_key"], row["text"], row["pages"], row["total"]) for row in rows]


def pages_citing_key(number_key: str, limit: int = 20) -> list[Page]:
    ids = Citation.objects.filter(number_key=number_key, page__live=True).values("page_id")
    return list(Page.objects.filter(pk__in=ids).order_by("-first_published_at")[:limit])


def replaces_reaches(*, start_ids, goal_id: int, ignore_source_id: int | None = None) -> bool:
    """Whether following "replaces" from any of `start_ids` reaches `goal_id` (a cycle if the goal
    then replaces one of them). Edges from `ignore_source_id` are left out: the form is rewriting them."""
    from documents.models import RelationKind

    edges = DocumentRelation.objects.filter(kind=RelationKind.REPLACES)
    if ignore_source_id:
        edges = edges.exclude(source_id=ignore_source_id)
    graph: dict[int, set[int]] = {}
    for source_id, target_id in edges.values_list("source_id", "target_id"):
        graph.setdefault(source_id, set()).add(target_id)
    seen, stack = set(), list(start_ids)
    while stack:
        current = stack.pop()
        if current == goal_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(graph.get(current, ()))
    return False


def procedures_of(page) -> list:
    """The procedures a page names (in its order, each once, only those in use), in one query; [] for
    page types without procedure links. (A preview's links are in memory: modelcluster's fake queryset
    takes the same calls.)"""
    from documents.links import PROCEDURE_LINKS

    links = getattr(page, PROCEDURE_LINKS, None)
    if links is None:
        return []
    seen, procedures = set(), []
    for link in links.all().select_related("procedure").order_by("sort_order"):
        procedure = link.procedure
        if procedure.is_active and procedure.pk not in seen:
            seen.add(procedure.pk)
            procedures.append(procedure)
    return procedures
