"""Generated RSS 2.0 press feeds (Vietnamese, our own words), deterministic from a seed."""

from __future__ import annotations

import datetime as dt
import random
from email.utils import format_datetime
from xml.sax.saxutils import escape

PLACES = [
    "Phường Tây Hồ", "Phường Ba Đình", "Phường Hoàn Kiếm", "Phường Cầu Giấy", "Phường Hà Đông", "Xã Sóc Sơn",
    "Phường Hàng Bạc", "Phường Long Biên", "Phường Hoàng Mai", "Xã Đông Anh", "Phường Thanh Xuân", "Xã Gia Lâm",
    "Phường Đống Đa", "Xã Thanh Trì", "Phường Bạch Mai", "Xã Ba Vì", "Phường Nghĩa Đô", "Xã Mê Linh",
    "Thành phố", "Sở Nội vụ", "Sở Tư pháp", "Công an thành phố", "Văn phòng UBND thành phố",
]  # fmt: skip
ACTIONS = [
    "đẩy mạnh", "tổng kết", "hướng dẫn người dân", "triển khai", "đánh giá", "mở rộng", "kiểm tra",
    "tập huấn về", "công khai kết quả", "rút ngắn thời gian",
]  # fmt: skip
SUBJECTS = [
    "tiếp nhận hồ sơ trực tuyến", "giải quyết thủ tục hành chính", "số hoá hồ sơ", "chuyển đổi số ở Một cửa",
    "dịch vụ công toàn trình", "đăng ký cư trú qua VNeID", "khảo sát sự hài lòng", "thanh toán phí trực tuyến",
    "cấp giấy phép xây dựng", "chứng thực bản sao điện tử", "đăng ký khai sinh", "cấp phiếu lý lịch tư pháp",
]  # fmt: skip
DETAILS = [
    "trong quý này", "cho người cao tuổi", "tại bộ phận Một cửa", "vượt kế hoạch", "theo Kế hoạch năm",
    "với sự hỗ trợ của đoàn viên", "ngay tại tổ dân phố", "trên Cổng dịch vụ công", "đúng hẹn 100%",
    "sau sắp xếp đơn vị hành chính",
]  # fmt: skip
AUTHORS = ["Minh Anh", "Thu Hà", "Quốc Hùng", "Lan Phương", "Đức Thịnh", ""]


OPENINGS = [
    "Người dân", "Hơn 90%", "Cán bộ Một cửa", "Nhiều phường, xã", "Lần đầu tiên", "Từ tháng này,", "Sau sáp nhập,",
    "Doanh nghiệp", "Thanh niên tình nguyện", "Đoàn kiểm tra",
]  # fmt: skip


def item_title(rng: random.Random) -> str:
    """Press-like titles in several shapes, so their first words vary as real headlines do."""
    place, action, subject, detail = (
        rng.choice(PLACES),
        rng.choice(ACTIONS),
        rng.choice(SUBJECTS),
        rng.choice(DETAILS),
    )
    shape = rng.randrange(4)
    at = place[0].lower() + place[1:]  # "phường Tây Hồ" inside a sentence
    if shape == 0:
        return f"{place} {action} {subject} {detail}"
    if shape == 1:
        return f"{action.capitalize()} {subject} {detail} tại {at}"
    if shape == 2:
        return f"{subject.capitalize()} ở {at}: {action} {detail}"
    return f"{rng.choice(OPENINGS)} {at} {action} {subject}"


def feed_xml(*, source: int, items: int, version: int = 0, now: dt.datetime | None = None) -> bytes:
    """A feed of `items` entries for outlet `source`. `version` > 0 adds that many newer items at the
    top and edits the summary of the first old one (what a changed press feed looks like)."""
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    rng = random.Random(source * 1_000_003)
    entries = []
    for k in range(items):
        title = item_title(rng)
        published = now - dt.timedelta(minutes=37 * (k + 1) + source % 30)
        summary = (
            f"<p>{escape(title)}: {rng.choice(SUBJECTS)} được {rng.choice(ACTIONS)} {rng.choice(DETAILS)}.</p>"
            f'<p><img src="/anh/{source}-{k}.jpg" alt="Ảnh minh hoạ"> Người dân đánh giá cao.</p>'
        )
        entries.append((f"nguon{source}-tin{k}", title, summary, published, rng.choice(AUTHORS)))
    if version:
        guid, title, summary, published, author = entries[0]
        entries[0] = (guid, title, summary + f"<p>Cập nhật lần {version}.</p>", published, author)
        for extra in range(version):
            rng_new = random.Random(source * 7919 + extra)
            title = item_title(rng_new)
            entries.insert(0, (f"nguon{source}-moi{extra}", title, f"<p>{escape(title)}.</p>", now, "Thu Hà"))
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>',
        f"<title>Báo điện tử thử nghiệm {source}</title><link>https://bao{source}.example.vn/</link>",
        "<description>Nguồn tin sinh ra cho benchmark</description><language>vi</language>",
    ]
    for guid, title, summary, published, author in entries:
        parts.append(
            f"<item><title>{escape(title)}</title><link>https://bao{source}.example.vn/tin/{guid}.html</link>"
            f'<guid isPermaLink="false">{guid}</guid><description>{escape(summary)}</description>'
            f"<pubDate>{format_datetime(published)}</pubDate>"
            + (f"<author>{escape(author)}</author>" if author else "")
            + "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode()
