"""Demo synonyms (idempotent) and the vocabulary built from the demo's pages."""

from campaign_site.text import fold

from . import vocabulary
from .models import Synonym

SYNONYMS = [
    ("một cửa", ["tiếp nhận và trả kết quả", "bộ phận một cửa"]),
    ("VNeID", ["định danh điện tử", "tài khoản định danh"]),
    ("dịch vụ công trực tuyến", ["nộp hồ sơ trực tuyến", "DVCTT"]),
    ("căn cước", ["căn cước công dân", "CCCD"]),
]


def load(**kwargs):
    for term, equivalents in SYNONYMS:
        Synonym.objects.update_or_create(
            folded_term=fold(term), defaults={"term": term, "equivalents": "\n".join(equivalents)}
        )
    titles, terms = vocabulary.rebuild()
    return [f"Tìm kiếm: {len(SYNONYMS)} nhóm từ đồng nghĩa, {titles} tiêu đề gợi ý, {terms} từ vựng."]
