"""The demo register: about thirty real documents, their relations, and the citations of the demo
pages recorded. Idempotent: documents are matched on their number and symbol."""

import datetime as dt

from django.db import transaction

from documents import services
from documents.demo_content import DOCUMENTS, FIELDS, RELATIONS
from documents.models import DocumentField, DocumentIndexPage, DocumentRelation, LegalDocumentPage
from documents.references import key_of


def _register(home) -> DocumentIndexPage:
    index = DocumentIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=DocumentIndexPage(
                title="Văn bản chỉ đạo, điều hành",
                slug="van-ban",
                intro="Văn bản của Trung ương và thành phố về cải cách hành chính, kiểm soát thủ tục hành chính "
                "và chuyển đổi số, tra cứu theo số ký hiệu, loại, cơ quan ban hành, năm và lĩnh vực.",
                show_in_menus=True,
            )
        )
        index.save_revision().publish()
    return index


def load(*, home, units=None, stdout=None) -> list[str]:
    with transaction.atomic():
        fields = {
            slug: DocumentField.objects.update_or_create(slug=slug, defaults={"name": name})[0] for slug, name in FIELDS
        }
        index = _register(home)
        created = 0
        pages = {}
        for number, kind, issuer, issued, effective, status, field, summary in DOCUMENTS:
            page = LegalDocumentPage.objects.filter(number_key=key_of(number)).first()
            if page is None:
                page = LegalDocumentPage(
                    title=services.document_title(kind, number),
                    slug=key_of(number).replace("/", "-"),
                    kind=kind,
                    number_symbol=number,
                    issuer=issuer,
                    issued_on=dt.date.fromisoformat(issued),
                    effective_on=dt.date.fromisoformat(effective) if effective else None,
                    status=status,
                    field=fields[field],
                    summary=summary,
                )
                index.add_child(instance=page)
                page.save_revision().publish()
                created += 1
            pages[number] = page
        for source, kind, target in RELATIONS:
            page = pages[source]
            if DocumentRelation.objects.filter(source=page, target=pages[target], kind=kind).exists():
                continue
            page = LegalDocumentPage.objects.get(pk=page.pk)
            # Through the page's cluster and a revision, so that the editor shows the relation.
            page.relations.add(DocumentRelation(kind=kind, target=pages[target]))
            page.save_revision().publish()
        recorded = services.record_all_citations()
    return [f"Văn bản: {len(DOCUMENTS)} văn bản trong kho ({created} mới), {recorded} trang có trích dẫn văn bản."]
