"""PNG frames for image-only LED controllers, and the RSS ticker feed."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image

import screens
from screens.frames import BOLD, REGULAR, render_frame

from .conftest import auth

PHRASE = "Ủy ban nhân dân phường Tây Hồ"


def test_fonts_and_licence_are_shipped():
    folder = Path(screens.__file__).parent / "fonts"
    assert REGULAR.is_file() and BOLD.is_file()
    licence = (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream" in licence and "Permission is hereby granted" in licence


def test_the_font_has_every_vietnamese_letter():
    from PIL import ImageFont

    letters = (
        "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
        "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
    )
    for path in (REGULAR, BOLD):
        font = ImageFont.truetype(str(path), 24)
        missing = bytes(font.getmask("\uffff"))  # the .notdef box
        assert [c for c in letters if bytes(font.getmask(c)) == missing] == []


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def test_render_vietnamese_at_native_size():
    png = render_frame(item={"kind": "announcement", "title": PHRASE, "text": ""}, width=192, height=96, led=True)
    image = _image(png)
    assert image.format == "PNG" and image.size == (192, 96)
    grey = image.convert("L")
    lit = grey.width * grey.height - grey.histogram()[grey.getpixel((0, 0))]
    assert lit > 200  # the words are drawn, not an empty panel


def test_frame_endpoint_renders_the_item(client, screens, make_message, units):
    message = make_message(title=PHRASE, text="Làm việc sáng thứ Bảy", target_unit=units["ward_a"])
    screen = screens["a_led"]
    response = client.get(f"/screens/{screen.pk}/frame.png?item=m{message.pk}", **auth(screen))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = _image(response.content)
    assert image.size == (192, 96)
    assert image.convert("L").getextrema()[1] > 100  # bright text on a dark panel
    tv = screens["a_tv"]
    response = client.get(f"/screens/{tv.pk}/frame.png?item=m{message.pk}", **auth(tv))
    assert _image(response.content).size == (1920, 1080)


def test_frame_unknown_item_is_404(client, screens, make_message, units):
    other = make_message(target_unit=units["ward_b"])
    screen = screens["a_led"]
    for item in ("m999999", f"m{other.pk}", "", "news-1"):
        assert client.get(f"/screens/{screen.pk}/frame.png?item={item}", **auth(screen)).status_code == 404


def test_frame_needs_the_token(client, screens, make_message, units):
    message = make_message(target_unit=units["ward_a"])
    screen = screens["a_led"]
    assert client.get(f"/screens/{screen.pk}/frame.png?item=m{message.pk}").status_code == 401
    response = client.get(f"/screens/{screen.pk}/frame.png?item=m{message.pk}", **auth(screens["b_tv"]))
    assert response.status_code == 403


def test_rss_lists_the_screens_items(client, screens, make_message, units):
    make_message(title=PHRASE, text="Nội dung", target_unit=units["ward_a"])
    make_message(title="Phường khác", target_unit=units["ward_b"])
    screen = screens["a_led"]
    response = client.get(f"/screens/{screen.pk}/feed.rss?token={screen.token}")
    assert response.status_code == 200 and "rss" in response["Content-Type"]
    titles = [node.text for node in ET.fromstring(response.content).iter("title")]
    assert PHRASE in titles and "Phường khác" not in titles


def test_rss_refuses_bad_tokens(client, screens):
    screen = screens["a_led"]
    assert client.get(f"/screens/{screen.pk}/feed.rss").status_code == 401
    assert client.get(f"/screens/{screen.pk}/feed.rss?token={screens['b_tv'].token}").status_code == 403
