"""Demo: the plan index and this year's communication plan, with tasks, indicators and linked content.

Idempotent: the index and the plan are looked up by slug, the document by title; tasks and
indicators are made only with a new plan; content is linked only where it has no task yet.
Runs after news, bulletins and surveys (whose content it links) and before screens.
"""

import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model

from campaign_site.text import fold
from plans.choices import Channel, IndicatorMode, IndicatorUnit, TaskStatus
from plans.models import CampaignPlanPage, PlanIndexPage, PlanIndicator, PlanTask
from plans.registry import LinkableContent, linkable_content

YEAR = 2026
PLAN_SLUG = f"ke-hoach-tuyen-truyen-cchc-{YEAR}"
PLAN_TITLE = f"Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {YEAR}"
DOCUMENT_TITLE = f"Kế hoạch số 28/KH-UBND – thông tin, tuyên truyền CCHC năm {YEAR}"
FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)

PURPOSES = (
    "<p>Nâng cao nhận thức của cán bộ, công chức, viên chức và người dân, doanh nghiệp về mục tiêu, "
    "ý nghĩa của cải cách hành chính; tạo đồng thuận để Thành phố giữ vững thứ hạng PAR Index và SIPAS.</p>"
    "<p>Đưa thông tin về thủ tục hành chính, dịch vụ công trực tuyến và Đề án 06 đến từng hộ dân.</p>"
)
REQUIREMENTS = (
    "<ul><li>Thông tin kịp thời, chính xác, dễ hiểu; phù hợp với từng nhóm đối tượng.</li>"
    "<li>Kết hợp kênh truyền thống (báo chí, loa truyền thanh, bảng tin) với kênh số (Cổng thông tin, "
    "mạng xã hội, màn hình LED).</li>"
    "<li>Các đơn vị chủ trì báo cáo kết quả hằng quý; trang tiến độ kế hoạch tự cập nhật số liệu.</li></ul>"
)
CONTENTS = (
    "<ol><li>Kết quả kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông.</li>"
    "<li>Dịch vụ công trực tuyến toàn trình, thanh toán không dùng tiền mặt, ứng dụng VNeID.</li>"
    "<li>Mô hình điển hình, cách làm hay của các phường, xã sau sắp xếp đơn vị hành chính.</li>"
    "<li>Kỷ luật, kỷ cương hành chính; thái độ phục vụ của cán bộ Bộ phận Một cửa.</li></ol>"
)

# The share of each task done (a task marked done counts as 100 whatever is entered): some on pace,
# some behind, so the dashboard shows both marks.
PROGRESS = (95, 92, 100, 70, 0, 60, 100, 45, 97, 75, 100, 10)

# (content, lead code, partner codes, channels, deadline or ("Q", n) or None, status, note)
TASKS = [
    (
        "Đăng tải tin, bài về cải cách hành chính trên Cổng thông tin điện tử Thành phố",
        "SKHCN",
        ("00004", "00103"),
        (Channel.WEB_PORTAL, Channel.SOCIAL),
        None,
        TaskStatus.IN_PROGRESS,
        "Đăng đều hằng tuần; các phường gửi tin về Sở trước thứ sáu.",
    ),
    (
        "Biên soạn bản tin cải cách hành chính hằng ngày từ báo chí",
        "SNV",
        (),
        (Channel.PRESS, Channel.WEB_PORTAL),
        None,
        TaskStatus.IN_PROGRESS,
        "Bản tin phát hành vào 8 giờ sáng các ngày làm việc.",
    ),
    (
        "Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa và trên Cổng dịch vụ công",
        "00070",
        ("00004", "00103", "00166"),
        (Channel.WEB_PORTAL, Channel.SCREENS),
        dt.date(YEAR, 6, 30),
        TaskStatus.DONE,
        "Đã rà soát, niêm yết xong tại 6/6 phường, xã.",
    ),
    (
        "Đưa nội dung tuyên truyền lên màn hình LED và bảng tin tại Bộ phận Một cửa các phường",
        "00103",
        ("00004", "00070"),
        (Channel.SCREENS,),
        ("Q", 3),
        TaskStatus.IN_PROGRESS,
        "Còn 2 phường chưa kết nối màn hình với hệ thống.",
    ),
    (
        "In và phát tờ rơi, áp phích hướng dẫn nộp hồ sơ trực tuyến và dùng VNeID",
        "00004",
        ("00598",),
        (Channel.PRINT,),
        dt.date(YEAR, 10, 31),
        TaskStatus.NOT_STARTED,
        "Đang chờ duyệt maket.",
    ),
    (
        "Sản xuất clip ngắn hướng dẫn dịch vụ công trực tuyến toàn trình",
        "SKHCN",
        ("00166",),
        (Channel.CLIPS, Channel.SOCIAL),
        dt.date(YEAR, 12, 15),
        TaskStatus.IN_PROGRESS,
        "Đã quay 3/5 clip.",
    ),
    (
        "Phát thanh về Đề án 06 và thủ tục liên thông trên loa truyền thanh cơ sở",
        "09619",
        (),
        (Channel.RADIO,),
        ("Q", 2),
        TaskStatus.DONE,
        "Phát 2 buổi/tuần trong quý II.",
    ),
    (
        "Tổ chức cuộc thi tìm hiểu về cải cách hành chính cho đoàn viên, thanh niên",
        "00166",
        ("01",),
        (Channel.EVENTS, Channel.SOCIAL),
        dt.date(YEAR, 11, 15),
        TaskStatus.IN_PROGRESS,
        "Đã nhận bài dự thi; chưa tổ chức chấm giải.",
    ),
    (
        "Tuyên truyền mô hình “Chính quyền thân thiện vì Nhân dân phục vụ”",
        "00103",
        ("01",),
        (Channel.WEB_PORTAL, Channel.PRESS),
        ("Q", 4),
        TaskStatus.IN_PROGRESS,
        "",
    ),
    (
        "Khảo sát mức độ hài lòng của người dân tại Bộ phận Một cửa",
        "SNV",
        ("00004", "00103", "00070", "00166", "00598", "09619"),
        (Channel.WEB_PORTAL,),
        dt.date(YEAR, 11, 30),
        TaskStatus.IN_PROGRESS,
        "Phiếu khảo sát đặt tại quầy và trên Cổng.",
    ),
    (
        "Hội nghị tập huấn kỹ năng tuyên truyền cải cách hành chính cho cán bộ phường, xã",
        "00598",
        ("01",),
        (Channel.EVENTS,),
        dt.date(YEAR, 3, 31),
        TaskStatus.DONE,
        "Đã tổ chức ngày 25/3 với 180 đại biểu.",
    ),
    (
        "Đăng tin cải cách hành chính trên trang mạng xã hội và Zalo OA của các phường",
        "00004",
        ("00103", "00070"),
        (Channel.SOCIAL,),
        ("Q", 3),
        TaskStatus.NOT_STARTED,
        "",
    ),
]

# (name, target, unit, mode, source, current, how, measured on)
INDICATORS = [
    (
        "Tỷ lệ thủ tục hành chính được công bố, công khai",
        100,
        IndicatorUnit.PERCENT,
        IndicatorMode.MANUAL,
        "",
        Decimal(100),
        "Rà soát danh mục TTHC niêm yết tại Bộ phận Một cửa và trên Cổng dịch vụ công.",
        dt.date(YEAR, 9, 30),
    ),
    (
        "Tỷ lệ hộ dân được tiếp cận thông tin tuyên truyền CCHC",
        100,
        IndicatorUnit.PERCENT,
        IndicatorMode.MANUAL,
        "",
        Decimal("86.5"),
        "Tổng hợp báo cáo của tổ dân phố, thôn.",
        dt.date(YEAR, 10, 31),
    ),
    (
        "Số hội nghị, tập huấn về công tác tuyên truyền",
        4,
        IndicatorUnit.COUNT,
        IndicatorMode.MANUAL,
        "",
        Decimal(3),
        "Theo danh sách hội nghị đã tổ chức.",
        dt.date(YEAR, 10, 31),
    ),
    ("Tin, bài CCHC đăng trên Cổng thông tin", 120, IndicatorUnit.COUNT, IndicatorMode.COMPUTED,
     "articles_published", None, "", None),
    ("Bài viết về mô hình điển hình", 12, IndicatorUnit.COUNT, IndicatorMode.COMPUTED,
     "stories_published", None, "", None),
    ("Số bản tin CCHC phát hành", 240, IndicatorUnit.COUNT, IndicatorMode.COMPUTED,
     "bulletins_published", None, "", None),
    ("Số phiếu đánh giá của người dân", 2000, IndicatorUnit.COUNT, IndicatorMode.COMPUTED,
     "ballots_received", None, "", None),
    ("Tỷ lệ người dân hài lòng và rất hài lòng", 80, IndicatorUnit.PERCENT, IndicatorMode.COMPUTED,
     "satisfaction_share", None, "", None),
    ("Màn hình công cộng đang hoạt động", 10, IndicatorUnit.COUNT, IndicatorMode.COMPUTED,
     "screens_online", None, "", None),
    ("Nội dung đã đăng gắn với nhiệm vụ của kế hoạch", 150, IndicatorUnit.COUNT, IndicatorMode.COMPUTED,
     "linked_content", None, "", None),
]  # fmt: skip


def plan_pdf() -> bytes:
    """A one-page PDF of the plan's heading, drawn with Pillow (with a Vietnamese font if there is one)."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = next((path for path in FONT_PATHS if Path(path).exists()), None)
    lines = [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "Số: 28/KH-UBND                         Hà Nội, ngày 15 tháng 01 năm 2026",
        "",
        "KẾ HOẠCH",
        f"Thông tin, tuyên truyền cải cách hành chính năm {YEAR}",
        "",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG TUYÊN TRUYỀN",
        "III. HÌNH THỨC TUYÊN TRUYỀN",
        "IV. TỔ CHỨC THỰC HIỆN",
        "",
        "(Bản trình diễn — không phải văn bản chính thức)",
    ]
    if font_path:
        font = ImageFont.truetype(font_path, 26)
    else:
        font = ImageFont.load_default(size=26)
        lines = [fold(line).upper() if line.isupper() else fold(line) for line in lines]
    page = Image.new("RGB", (1240, 1754), "white")  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((110, 140 + number * 52), line, fill="black", font=font)
    buffer = BytesIO()
    page.save(buffer, format="PDF", resolution=150)
    return buffer.getvalue()


def load_document():
    document_model = get_document_model()
    document = document_model.objects.filter(title=DOCUMENT_TITLE).first()
    if document is None:
        data = plan_pdf()
        document = document_model(title=DOCUMENT_TITLE, file_size=len(data))
        document.file.save(f"ke-hoach-28-kh-ubnd-{YEAR}.pdf", ContentFile(data), save=False)
        document.save()
        document.get_file_hash()  # stores the hash the admin's upload would have stored
    return document


def load_index(home) -> PlanIndexPage:
    index = PlanIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=PlanIndexPage(
                title="Kế hoạch tuyên truyền",
                slug="ke-hoach",
                show_in_menus=True,
                intro="Kế hoạch thông tin, tuyên truyền cải cách hành chính hằng năm và tiến độ thực hiện.",
            )
        )
        index.save_revision().publish()
    return index


def load_plan(index: PlanIndexPage, units) -> CampaignPlanPage:
    plan = CampaignPlanPage.objects.child_of(index).filter(year=YEAR).first()
    if plan is not None:
        return plan
    plan = index.add_child(
        instance=CampaignPlanPage(
            title=PLAN_TITLE,
            slug=PLAN_SLUG,
            year=YEAR,
            document_number="28/KH-UBND",
            document_date=dt.date(YEAR, 1, 15),
            issuing_unit=units["01"],
            purposes=PURPOSES,
            requirements=REQUIREMENTS,
            contents=CONTENTS,
            document=load_document(),
            search_description="Kế hoạch năm và tiến độ: nhiệm vụ, kênh tuyên truyền, chỉ tiêu.",
        )
    )
    for order, (content, lead, partners, channels, deadline, status, note) in enumerate(TASKS):
        progress = PROGRESS[order % len(PROGRESS)]
        quarter = deadline[1] if isinstance(deadline, tuple) else None
        task = PlanTask.objects.create(
            plan=plan,
            sort_order=order,
            content=content,
            lead_unit=units[lead],
            channels=list(channels),
            deadline=None if quarter or deadline is None else deadline,
            deadline_quarter=quarter,
            status=status,
            progress=progress,
            progress_note=note,
        )
        task.partner_units.set([units[code] for code in partners])
        task.save()  # a ParentalManyToManyField is written when its object is saved
    for order, (name, target, unit, mode, source, current, how, measured_on) in enumerate(INDICATORS):
        PlanIndicator.objects.create(
            plan=plan,
            sort_order=order,
            name=name,
            target_value=Decimal(target),
            unit=unit,
            mode=mode,
            source=source,
            current_value=current,
            measured_how=how,
            measured_on=measured_on,
        )
    plan = CampaignPlanPage.objects.get(pk=plan.pk)
    plan.save_revision().publish()
    return plan


def _task(plan: CampaignPlanPage, startswith: str) -> PlanTask:
    return PlanTask.objects.get(plan=plan, content__startswith=startswith)


def _link(kind: LinkableContent | None, pick_task) -> int:
    """Link the published rows of `kind` that have no task yet; pages get a published revision so
    editors see the link."""
    if kind is None:
        return 0
    linked = 0
    rows = kind.published_rows().filter(plan_task__isnull=True).order_by(kind.date_field, "pk")
    for obj in rows:
        task = pick_task(obj)
        if task is None:
            continue
        obj.plan_task = task
        if kind.is_page:
            obj.save_revision().publish()
        else:
            obj.save(update_fields=["plan_task"])
        linked += 1
    return linked


def link_content(plan: CampaignPlanPage) -> int:
    """Link the demo content other apps registered (see plans.registry) to this plan's tasks."""
    kinds = {kind.key: kind for kind in linkable_content()}
    news_task = _task(plan, "Đăng tải tin, bài")
    one_stop_task = _task(plan, "Công khai đầy đủ")
    model_task = _task(plan, "Tuyên truyền mô hình")
    bulletin_task = _task(plan, "Biên soạn bản tin")
    survey_task = _task(plan, "Khảo sát mức độ hài lòng")

    def of_plan_year(obj, kind: str) -> bool:
        value = getattr(obj, kinds[kind].date_field)
        return value is not None and value.year == plan.year

    def article_task(page):
        if not of_plan_year(page, "article"):
            return None
        title = fold(page.title)
        return one_stop_task if "mot cua" in title or "cong khai" in title else news_task

    linked = _link(kinds.get("article"), article_task)
    linked += _link(kinds.get("story"), lambda page: model_task)
    linked += _link(kinds.get("bulletin"), lambda page: bulletin_task if of_plan_year(page, "bulletin") else None)
    linked += _link(kinds.get("poll"), lambda poll: survey_task if of_plan_year(poll, "poll") else None)
    return linked


@transaction.atomic
def load(*, home, units, stdout=None) -> list[str]:
    index = load_index(home)
    plan = load_plan(index, units)
    linked = link_content(plan)
    if stdout is not None:
        stdout.write(
            f"  plans: {plan.tasks.count()} tasks, {plan.indicators.count()} indicators, {linked} newly linked"
        )
    return [f"Plan progress: http://127.0.0.1:8000{plan.url}  (admin: http://127.0.0.1:8000/admin/plans/progress/)"]
