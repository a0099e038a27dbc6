"""Demo content: the "Hỏi đáp" page and fourteen citizens' messages in every state, moved through the
real services so their history, due dates and published answers are what the site would make.
Idempotent: a message whose title exists is left alone."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from feedback import services
from feedback.models import (
    AnsweredQuestionPage,
    FeedbackIndexPage,
    FeedbackItem,
    IdeaStatus,
    Kind,
    ProcedureField,
    State,
)


@dataclass
class DemoItem:
    kind: str
    unit: str | None
    field: str
    title: str
    content: str
    days_ago: int
    state: str
    name: str = ""
    email: str = ""
    phone: str = ""
    handler: str | None = None
    answer: str = ""
    public_question: str = ""
    reason: str = ""
    duplicate_of: str = ""
    idea_status: str = ""
    idea_note: str = ""
    faq: bool = False
    supports: int = 0
    answer_days: int = 2  # days from receipt to the answer (over FEEDBACK_ANSWER_DAYS: late)


ITEMS = [
    DemoItem(
        Kind.QUESTION,
        "00103",
        ProcedureField.CIVIL_STATUS,
        "Làm khai sinh cho con trên mạng cần chuẩn bị gì?",
        "Vợ tôi vừa sinh cháu ở bệnh viện. Tôi muốn đăng ký khai sinh qua mạng mà không phải lên phường, "
        "xin hỏi cần chụp những giấy tờ nào và bao lâu thì có kết quả?",
        12,
        State.ANSWERED,
        name="Nguyễn Văn Nam",
        email="nam.nguyen@example.vn",
        handler="00103",
        faq=True,
        public_question="Tôi muốn đăng ký khai sinh cho con qua mạng, cần chụp những giấy tờ nào "
        "và bao lâu có kết quả?",
        answer="Ông/bà đăng nhập Cổng dịch vụ công bằng tài khoản VNeID mức 2, chọn thủ tục liên thông đăng ký khai "
        "sinh, tải ảnh giấy chứng sinh và giấy tờ tùy thân của cha, mẹ. Hồ sơ đầy đủ được giải quyết trong ngày làm "
        "việc tiếp theo; bản chính giấy khai sinh nhận tại Bộ phận Một cửa phường hoặc qua bưu điện.",
    ),
    DemoItem(
        Kind.QUESTION,
        "00004",
        ProcedureField.RESIDENCE,
        "Đăng ký thường trú mất bao nhiêu ngày?",
        "Gia đình tôi mới mua nhà ở phường Ba Đình, muốn chuyển hộ khẩu về. Xin cho biết thời hạn giải quyết "
        "và có nộp trực tuyến được không.",
        9,
        State.ANSWERED,
        email="thu.le@example.vn",
        handler="00004",
        answer="Thời hạn giải quyết đăng ký thường trú là 7 ngày làm việc kể từ khi nhận đủ hồ sơ. Ông/bà có thể "
        "nộp trực tuyến toàn trình trên Cổng dịch vụ công quốc gia; năm qua phần lớn hồ sơ cư trú của thành phố "
        "đã được nộp theo cách này.",
    ),
    DemoItem(
        Kind.COMPLAINT,
        "00103",
        ProcedureField.JUSTICE,
        "Cảm ơn cán bộ quầy chứng thực",
        "Sáng thứ hai tôi đến chứng thực bản sao, đông người nhưng cán bộ vẫn hướng dẫn từng bước, nhẹ nhàng và "
        "không để ai chờ lâu. Mong phường biểu dương cán bộ này.",
        6,
        State.ANSWERED,
        name="Trần Thị Hoa",
        handler="00103",
        answer="Phường xin cảm ơn ý kiến của ông/bà. Ý kiến đã được chuyển tới Bộ phận Một cửa và "
        "sẽ được ghi nhận khi đánh giá thi đua của cán bộ cuối quý.",
    ),
    DemoItem(
        Kind.QUESTION,
        "00082",
        ProcedureField.LAND,
        "Cấp đổi sổ đỏ do sai tên đường",
        "Giấy chứng nhận của gia đình tôi ghi tên đường cũ. Nay muốn cấp đổi thì nộp ở đâu, có phải đo vẽ lại không?",
        25,
        State.ANSWERED,
        phone="0912345678",
        handler="00082",
        answer_days=19,
        answer="Trường hợp chỉ thay đổi tên đường không phải đo vẽ lại. Ông/bà nộp đơn đề nghị xác nhận thay đổi "
        "kèm bản gốc giấy chứng nhận tại Bộ phận Một cửa; thời hạn giải quyết 10 ngày làm việc.",
    ),
    DemoItem(
        Kind.QUESTION,
        "00103",
        ProcedureField.BUSINESS,
        "Đăng ký hộ kinh doanh quán cà phê nhỏ",
        "Tôi định mở quán cà phê tại nhà, diện tích khoảng 20 mét vuông. Có bắt buộc đăng ký hộ kinh doanh không "
        "và lệ phí bao nhiêu?",
        5,
        State.AWAITING_APPROVAL,
        handler="00103",
        answer="Hộ gia đình kinh doanh ăn uống có địa điểm cố định phải đăng ký hộ kinh doanh. Hồ sơ nộp trực tuyến "
        "được miễn lệ phí; kết quả trả trong 3 ngày làm việc.",
    ),
    DemoItem(
        Kind.COMPLAINT,
        "00004",
        ProcedureField.ONLINE,
        "Cổng dịch vụ công báo lỗi khi tải tệp",
        "Tôi nộp hồ sơ cấp bản sao trích lục, đến bước tải tệp PDF thì trang báo lỗi và mất hết thông tin đã điền. "
        "Đã thử ba lần trong hai ngày.",
        20,
        State.PROCESSING,
        email="quang.pham@example.vn",
        handler="00004",
    ),
    DemoItem(
        Kind.QUESTION,
        "00103",
        ProcedureField.SOCIAL,
        "Hồ sơ hưởng trợ cấp người cao tuổi",
        "Bố tôi năm nay tròn 80 tuổi, chưa có lương hưu. Gia đình cần làm gì để bố được nhận trợ cấp hằng tháng?",
        3,
        State.PROCESSING,
        name="Vũ Minh Châu",
        phone="0987654321",
        handler="00103",
    ),
    DemoItem(
        Kind.QUESTION,
        "00004",
        ProcedureField.CONSTRUCTION,
        "Sửa mái nhà có cần xin phép?",
        "Nhà tôi là nhà cấp bốn, mái tôn bị dột. Nếu thay mái mới giữ nguyên kết cấu thì có phải xin giấy phép "
        "xây dựng không?",
        1,
        State.RECEIVED,
    ),
    DemoItem(
        Kind.COMPLAINT,
        "00103",
        ProcedureField.OTHER,
        "Dịch vụ làm giấy tờ nhanh giá rẻ",
        "Nhận làm mọi loại giấy tờ trong ngày, không cần xếp hàng, liên hệ ngay để được giảm giá đặc biệt.",
        2,
        State.SPAM,
    ),
    DemoItem(
        Kind.QUESTION,
        "00004",
        ProcedureField.OTHER,
        "Hàng xóm xây tường lấn sang đất nhà tôi",
        "Nhà bên cạnh xây tường rào lấn khoảng nửa mét sang phần đất nhà tôi, xin phường giải quyết giúp.",
        4,
        State.DECLINED,
        reason="Nội dung là tranh chấp đất đai giữa các hộ, không thuộc phạm vi hỏi đáp thủ tục "
        "hành chính. Đề nghị ông/bà gửi đơn tới UBND phường để được hòa giải theo quy định.",
    ),
    DemoItem(
        Kind.QUESTION,
        "00004",
        ProcedureField.RESIDENCE,
        "Chuyển hộ khẩu về Ba Đình bao lâu xong?",
        "Cho tôi hỏi làm thủ tục đăng ký thường trú ở phường Ba Đình thì mấy ngày có kết quả?",
        8,
        State.DUPLICATE,
        email="hung.do@example.vn",
        duplicate_of="Đăng ký thường trú mất bao nhiêu ngày?",
    ),
    DemoItem(
        Kind.IDEA,
        None,
        ProcedureField.ONLINE,
        "Nhắn tin báo khi hồ sơ có kết quả",
        "Đề nghị gửi tin nhắn hoặc thông báo qua ứng dụng khi hồ sơ đã có kết quả, để người dân không phải gọi "
        "điện hỏi hay đến phường nhiều lần.",
        40,
        State.ANSWERED,
        handler="01",
        answer="Thành phố tiếp thu ý kiến: từ quý này, hệ thống một cửa điện tử gửi tin nhắn khi hồ sơ có kết quả.",
        idea_status=IdeaStatus.ADOPTED,
        idea_note="Áp dụng tại tất cả bộ phận Một cửa cấp xã từ tháng 10.",
        supports=23,
    ),
    DemoItem(
        Kind.IDEA,
        "00103",
        ProcedureField.OTHER,
        "Đặt lịch hẹn trước khi đến Bộ phận Một cửa",
        "Nên cho người dân đặt giờ hẹn trên mạng, đến đúng giờ là được tiếp, tránh phải ngồi chờ cả buổi sáng.",
        15,
        State.PROCESSING,
        handler="00103",
        idea_status=IdeaStatus.ACCEPTED,
        idea_note="Phường đang chuẩn bị thí điểm đặt lịch hẹn qua Cổng thông tin.",
        supports=11,
    ),
    DemoItem(
        Kind.IDEA,
        "00004",
        ProcedureField.JUSTICE,
        "Quầy hướng dẫn riêng cho người cao tuổi",
        "Người cao tuổi thường lúng túng với máy lấy số và thủ tục trực tuyến, nên có một quầy hỗ trợ riêng.",
        7,
        State.PROCESSING,
        handler="00004",
        idea_status=IdeaStatus.REVIEWING,
        supports=5,
    ),
]


def _index(home) -> FeedbackIndexPage:
    index = FeedbackIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=FeedbackIndexPage(
            title="Hỏi đáp", slug="hoi-dap", show_in_menus=True,
            intro="Câu hỏi, phản ánh của người dân về thủ tục hành chính và câu trả lời của các cơ quan, đơn vị.",
        ))  # fmt: skip
        index.save_revision().publish()
    return index


def _user(username: str):
    User = get_user_model()
    return User.objects.filter(username=username).first() or User.objects.filter(is_superuser=True).first()


def load(*, home, units, stdout=None) -> list[str]:
    _index(home)
    officer, admin = _user("canbo.thongtin"), _user("admin")
    by_title: dict[str, FeedbackItem] = {}
    now = timezone.now()
    for spec in ITEMS:
        existing = FeedbackItem.objects.filter(title=spec.title).first()
        if existing is not None:
            by_title[spec.title] = existing
            continue
        item, _created = services.submit_feedback(
            kind=spec.kind, field=spec.field, unit=units.get(spec.unit) if spec.unit else None, title=spec.title,
            content=spec.content, name=spec.name, phone=spec.phone, email=spec.email,
            wants_reply=bool(spec.phone or spec.email), consent_contact=bool(spec.name or spec.phone or spec.email),
            consent_publish=True, ip_hash=f"demo-{len(by_title)}",
        )  # fmt: skip
        received = now - dt.timedelta(days=spec.days_ago, hours=3)
        FeedbackItem.objects.filter(pk=item.pk).update(received_at=received)
        item.events.update(at=received)
        item.refresh_from_db()
        by_title[spec.title] = item
        _advance(item, spec, officer=officer, admin=admin, units=units, by_title=by_title)
    return [f"Hỏi đáp: {FeedbackItem.objects.count()} ý kiến mẫu, http://127.0.0.1:8000/y-kien/"]


def _advance(item, spec: DemoItem, *, officer, admin, units, by_title) -> None:
    if spec.state == State.SPAM:
        services.mark_spam(item=item, user=officer)
        return
    if spec.state == State.DECLINED:
        services.decline(item=item, reason=spec.reason, user=officer)
        return
    if spec.state == State.DUPLICATE:
        services.merge_duplicate(item=item, original=by_title[spec.duplicate_of], user=officer)
        return
    if spec.state == State.RECEIVED:
        return
    item = services.assign(item=item, unit=units[spec.handler], user=officer)
    if spec.idea_status:
        services.set_idea_status(item=item, status=spec.idea_status, note=spec.idea_note, user=officer)
        for n in range(spec.supports):
            services.support_idea(item=item, voter_hash=f"demo-voter-{item.pk}-{n}")
    if spec.state == State.PROCESSING:
        return
    item = services.save_answer(
        item=item, user=admin, answer=spec.answer, public_question=spec.public_question, submit=True
    )
    if spec.state == State.AWAITING_APPROVAL:
        return
    item = services.approve_answer(item=item, user=admin)
    if spec.faq:
        services.set_faq(item=item, is_faq=True, user=officer)
    # Answer times spread over the days since receipt (the late one stays late).
    answered_at = item.received_at + dt.timedelta(days=min(spec.answer_days, spec.days_ago))
    FeedbackItem.objects.filter(pk=item.pk).update(answered_at=answered_at)
    AnsweredQuestionPage.objects.filter(item=item).update(answered_at=answered_at, asked_at=item.received_at)
