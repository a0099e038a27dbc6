"""Demo screens (every profile, several wards), messages in every status, and their player links.

Idempotent: profiles, screens and messages are looked up by name or title. Demo tokens are derived
from SECRET_KEY, so the printed links stay valid across reruns on the same installation.
"""

import base64
import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from screens import services, tokens
from screens.models import DisplayProfile, MessageKind, MessageStatus, ProfileKind, Screen, ScreenMessage
from screens.models.messages import readable_duration

BASE_URL = "http://127.0.0.1:8000"

PROFILES = [
    # name, kind, width, height, lines, max title, max text
    ("LED chữ 192×96", ProfileKind.LED_TEXT, 192, 96, 3, 30, 160),
    ("LED chữ 384×192", ProfileKind.LED_TEXT, 384, 192, 6, 48, 320),
    ("LED băng chạy 768×64", ProfileKind.LED_TICKER, 768, 64, 1, 80, 400),
    ("TV ngang 1920×1080", ProfileKind.TV_LANDSCAPE, 1920, 1080, 12, 120, 700),
    ("TV dọc 1080×1920", ProfileKind.TV_PORTRAIT, 1080, 1920, 16, 100, 600),
]

SCREENS = [
    # name, unit code, profile, location
    ("Tây Hồ – LED cổng trụ sở", "00103", "LED chữ 192×96", "Cổng UBND phường Tây Hồ"),
    ("Tây Hồ – TV Bộ phận Một cửa", "00103", "TV ngang 1920×1080", "Sảnh Bộ phận Một cửa, tầng 1"),
    ("Tây Hồ – LED băng chạy sảnh", "00103", "LED băng chạy 768×64", "Phía trên quầy tiếp nhận hồ sơ"),
    ("Ba Đình – LED 384×192", "00004", "LED chữ 384×192", "Mặt tiền trụ sở UBND phường Ba Đình"),
    ("Ba Đình – TV dọc sảnh chờ", "00004", "TV dọc 1080×1920", "Khu chờ Bộ phận Một cửa"),
    ("Hàng Bạc – TV Một cửa", "00082", "TV ngang 1920×1080", "Bộ phận tiếp nhận và trả kết quả"),
    ("Cầu Giấy – TV Một cửa", "00166", "TV ngang 1920×1080", "Sảnh tầng 1"),
]


def demo_token(name: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-screen:{name}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _users() -> dict:
    User = get_user_model()
    wanted = ["canbo.thongtin", "bientap.tayho", "bientap.badinh", "lanhdao.duyet", "lanhdao.tayho"]
    return {user.username: user for user in User.objects.filter(username__in=wanted)}


def load(*, home, units, stdout=None) -> list[str]:
    profiles = {}
    for name, kind, width, height, lines, max_title, max_text in PROFILES:
        profiles[name], _ = DisplayProfile.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "width_px": width,
                "height_px": height,
                "text_lines": lines,
                "max_title_chars": max_title,
                "max_text_chars": max_text,
            },
        )
    lines_out = ["Màn hình công cộng (trình phát, mở trong trình duyệt):"]
    for name, code, profile, location in SCREENS:
        screen, _ = Screen.objects.update_or_create(
            name=name, unit=units[code], defaults={"profile": profiles[profile], "location": location}
        )
        token = demo_token(name)
        if screen.token_hash != tokens.hash_token(token) or screen.token_revoked:
            services.set_token(screen=screen, token=token)
        lines_out.append(f"Screen {name}: {BASE_URL}/screens/{screen.pk}/play/?token={token}")
    _load_messages(units)
    lines_out.append(
        "Tin khẩn cấp mẫu đã kết thúc (không phát); để thử: "
        'python manage.py screens_emergency --unit 00103 --minutes 5 "Nội dung khẩn cấp"'
    )
    return lines_out


def _screens_plan_task():
    """The demo plan's task for LED screens and public boards (plans' demo runs before this one)."""
    from plans.models import PlanTask

    return PlanTask.objects.filter(content__startswith="Đưa nội dung tuyên truyền lên màn hình LED").first()


def _load_messages(units) -> None:
    users = _users()
    if len(users) < 5:
        return  # the shared demo makes these accounts; without them there is nobody to write or approve
    now = timezone.now()
    editor_a, editor_b = users["bientap.tayho"], users["bientap.badinh"]
    officer, approver_city, approver_a = users["canbo.thongtin"], users["lanhdao.duyet"], users["lanhdao.tayho"]
    month = now + timedelta(days=30)
    specs = [
        # title, text, author, target unit, subunits, end, final status, reviewer, note
        (
            "Làm việc cả sáng thứ Bảy",
            "Bộ phận Một cửa phường Tây Hồ làm việc sáng thứ Bảy từ 8 giờ đến 11 giờ 30.",
            editor_a,
            "00103",
            False,
            month,
            MessageStatus.APPROVED,
            approver_a,
            "",
        ),
        (
            "Nộp hồ sơ trực tuyến qua VNeID",
            "Người dân có thể nộp hồ sơ đăng ký cư trú trực tuyến, không cần đến trụ sở.",
            officer,
            "01",
            True,
            month,
            MessageStatus.APPROVED,
            approver_city,
            "",
        ),
        (
            "Lịch tiếp công dân tháng này",
            "Chủ tịch UBND phường Ba Đình tiếp công dân vào thứ Năm tuần thứ hai và thứ tư.",
            editor_b,
            "00004",
            False,
            month,
            MessageStatus.PENDING,
            None,
            "",
        ),
        (
            "Khảo sát hài lòng tại quầy",
            "Mời người dân đánh giá thái độ phục vụ của cán bộ Một cửa trên máy tính bảng.",
            editor_a,
            "00103",
            False,
            month,
            MessageStatus.DRAFT,
            None,
            "",
        ),
        (
            "Thông báo nghỉ lễ",
            "Bộ phận Một cửa nghỉ lễ theo quy định.",
            editor_b,
            "00004",
            False,
            month,
            MessageStatus.REJECTED,
            approver_city,
            "Cần ghi rõ ngày nghỉ và ngày làm việc trở lại.",
        ),
    ]
    task = _screens_plan_task()
    for title, text, author, code, subunits, ends, status, reviewer, note in specs:
        if ScreenMessage.objects.filter(title=title).exists():
            ScreenMessage.objects.filter(title=title, plan_task__isnull=True).update(plan_task=task)
            continue
        message = ScreenMessage(
            title=title,
            text=text,
            target_unit=units[code],
            include_subunits=subunits,
            starts_at=now - timedelta(hours=1),
            ends_at=ends,
            plan_task=task,  # the plan counts what its screens task has put out
        )
        message.duration_seconds = readable_duration(message=message, at_least=10)
        message = services.save_message(message=message, user=author, submit=status != MessageStatus.DRAFT)
        if status == MessageStatus.APPROVED:
            services.approve_message(message=message, user=reviewer)
        elif status == MessageStatus.REJECTED:
            services.reject_message(message=message, user=reviewer, reason=note)
    title = "KHẨN CẤP: Tạm dừng nhận hồ sơ"
    if not ScreenMessage.objects.filter(title=title).exists():
        message = ScreenMessage(
            kind=MessageKind.EMERGENCY,
            title=title,
            text="Bộ phận Một cửa tạm dừng tiếp nhận hồ sơ trong 30 phút. Xin lỗi người dân vì sự bất tiện.",
            target_unit=units["01"],
            include_subunits=True,
            starts_at=now - timedelta(days=1, minutes=30),
            ends_at=now - timedelta(days=1),  # ended: the demo does not start in an emergency
            priority=100,
            status=MessageStatus.APPROVED,
            created_by=officer,
            review_note="Tin khẩn cấp mẫu (đã kết thúc).",
        )
        message.duration_seconds = readable_duration(message=message, at_least=30)
        message.full_clean()  # the same length limits as any message
        message.save()
