"""The legal-reference parser over the shapes real Vietnamese texts use, and what it must not take."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.references import find_references, key_of

# (text, the reference as found, its key)
POSITIVE = [
    ("Nghị định số 61/2018/NĐ-CP", "Nghị định số 61/2018/NĐ-CP", "61/2018/nd-cp"),
    ("theo Nghị định 61/2018/NĐ-CP của Chính phủ", "Nghị định 61/2018/NĐ-CP", "61/2018/nd-cp"),
    ("Nghị định 61/2018/ND-CP", "Nghị định 61/2018/ND-CP", "61/2018/nd-cp"),
    ("nghị định số 61/2018/nđ-cp", "nghị định số 61/2018/nđ-cp", "61/2018/nd-cp"),
    ("nghi dinh so 61/2018/nd-cp", "nghi dinh so 61/2018/nd-cp", "61/2018/nd-cp"),
    ("NGHỊ ĐỊNH SỐ 61/2018/NĐ-CP", "NGHỊ ĐỊNH SỐ 61/2018/NĐ-CP", "61/2018/nd-cp"),
    ("NĐ 61/2018", "NĐ 61/2018", "61/2018/nd-cp"),
    ("ND 61/2018 về một cửa", "ND 61/2018", "61/2018/nd-cp"),
    ("Nghị định 61/2018 đã quy định", "Nghị định 61/2018", "61/2018/nd-cp"),
    ("Nghị định 61-2018-NĐ-CP", "Nghị định 61-2018-NĐ-CP", "61/2018/nd-cp"),
    ("Nghị định số 61 / 2018 / NĐ - CP", "Nghị định số 61 / 2018 / NĐ - CP", "61/2018/nd-cp"),
    ("Nghị định 61/2018/NĐ–CP", "Nghị định 61/2018/NĐ–CP", "61/2018/nd-cp"),  # en dash
    ("Nghị định số: 61/2018/NĐ-CP", "Nghị định số: 61/2018/NĐ-CP", "61/2018/nd-cp"),
    ("(Nghị định số 61/2018/NĐ-CP)", "Nghị định số 61/2018/NĐ-CP", "61/2018/nd-cp"),
    ("61/2018/NĐ-CP", "61/2018/NĐ-CP", "61/2018/nd-cp"),
    ("Nghị định số 107/2021/NĐ-CP sửa đổi", "Nghị định số 107/2021/NĐ-CP", "107/2021/nd-cp"),
    ("Nghị định 42/2022/NĐ-CP", "Nghị định 42/2022/NĐ-CP", "42/2022/nd-cp"),
    ("Nghị định 30/2020/NĐ-CP.", "Nghị định 30/2020/NĐ-CP", "30/2020/nd-cp"),
    ("Nghị định 13/2023/NĐ-CP,", "Nghị định 13/2023/NĐ-CP", "13/2023/nd-cp"),
    ("Quyết định 06/QĐ-TTg", "Quyết định 06/QĐ-TTg", "6/qd-ttg"),
    ("Quyết định số 06/QĐ-TTg ngày 06/01/2022", "Quyết định số 06/QĐ-TTg", "6/qd-ttg"),
    ("quyet dinh 06/qd-ttg", "quyet dinh 06/qd-ttg", "6/qd-ttg"),
    ("QĐ 06/QĐ-TTg", "QĐ 06/QĐ-TTg", "6/qd-ttg"),
    ("Quyết định 6/QĐ-TTg", "Quyết định 6/QĐ-TTg", "6/qd-ttg"),
    ("Quyết định số 468/QĐ-TTg", "Quyết định số 468/QĐ-TTg", "468/qd-ttg"),
    ("Quyết định số 1291/QĐ-UBND ngày 1/7/2025", "Quyết định số 1291/QĐ-UBND", "1291/qd-ubnd"),
    ("Kế hoạch số 28/KH-UBND", "Kế hoạch số 28/KH-UBND", "28/kh-ubnd"),
    ("ke hoach so 28/kh-ubnd", "ke hoach so 28/kh-ubnd", "28/kh-ubnd"),
    ("Kế hoạch 28/KH-UBND - Hà Nội", "Kế hoạch 28/KH-UBND", "28/kh-ubnd"),
    ("Thông báo số 79/TB-VPCP", "Thông báo số 79/TB-VPCP", "79/tb-vpcp"),
    ("79/TB-VPCP", "79/TB-VPCP", "79/tb-vpcp"),
    ("Luật số 80/2015/QH13", "Luật số 80/2015/QH13", "80/2015/qh13"),
    ("Luật Ban hành văn bản 80/2015/QH13", "80/2015/QH13", "80/2015/qh13"),
    ("Chỉ thị 08/CT-TTg", "Chỉ thị 08/CT-TTg", "8/ct-ttg"),
    ("Nghị quyết 76/NQ-CP;", "Nghị quyết 76/NQ-CP", "76/nq-cp"),
    ("Nghị quyết số 76/NQ-CP", "Nghị quyết số 76/NQ-CP", "76/nq-cp"),
    ("Thông tư số 01/2018/TT-VPCP", "Thông tư số 01/2018/TT-VPCP", "1/2018/tt-vpcp"),
    ("Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", "Thông tư liên tịch số 01/2015/TTLT-BNV-BTC", "1/2015/ttlt-bnv-btc"),
    ("Công văn số 1234/UBND-KSTTHC", "Công văn số 1234/UBND-KSTTHC", "1234/ubnd-kstthc"),
    ("Hướng dẫn 05/HD-BNV", "Hướng dẫn 05/HD-BNV", "5/hd-bnv"),
    ("Chỉ thị số 26/CT-TTg ngày 05/9/2016", "Chỉ thị số 26/CT-TTg", "26/ct-ttg"),
    ("căn cứ 2101/QĐ-TTg", "2101/QĐ-TTg", "2101/qd-ttg"),
]

NEGATIVE = [
    "ngày 22/3/2024",
    "Thứ tư, 04/03/2020 11:04",
    "22/3",
    "1/7/2025",
    "Kế hoạch số 28",
    "Quyết định 06",
    "Quyết định 22/3/2024 của UBND",
    "84,57%",
    "8.429/9.682 hồ sơ",
    "tỷ lệ 87,05%",
    "Số điện thoại 024.3825.1234",
    "0912-345-678",
    "1900 1234",
    "24/7",
    "3/4 số hộ",
    "100/TTHC",
    "COVID-19",
    "mã hồ sơ 000.00.20.H26-240322-0001",
    "Điều 5 khoản 2/Điều 7",
    "ISO 9001:2015",
    "Nghị định",
    "NĐ-CP",
    "phòng 2/KH",
    "",
]


@pytest.mark.parametrize(("text", "found", "key"), POSITIVE)
def test_recognises_reference(text, found, key):
    refs = find_references(text)
    assert [(ref.text, ref.key) for ref in refs] == [(found, key)]
    assert text[refs[0].start : refs[0].end] == found


@pytest.mark.parametrize("text", NEGATIVE)
def test_ignores_non_reference(text):
    assert find_references(text) == []


def test_table_sizes():
    assert len(POSITIVE) >= 40
    assert len(NEGATIVE) >= 20


def test_several_references_in_one_text_in_order():
    text = "Thực hiện Nghị định 61/2018/NĐ-CP, Quyết định 06/QĐ-TTg và Kế hoạch số 28/KH-UBND ngày 22/3/2024."
    assert [ref.key for ref in find_references(text)] == ["61/2018/nd-cp", "6/qd-ttg", "28/kh-ubnd"]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("61/2018/NĐ-CP", "61/2018/nd-cp"),
        ("số 61/2018/NĐ-CP", "61/2018/nd-cp"),
        (" 61 / 2018 / nd-cp ", "61/2018/nd-cp"),
        ("06/QĐ-TTg", "6/qd-ttg"),
        ("80/2015/QH13", "80/2015/qh13"),
        ("61/2018", ""),
        ("Nghị định", ""),
        ("", ""),
    ],
)
def test_register_key_of_typed_number(typed, key):
    assert key_of(typed) == key


@given(st.text(alphabet="0123456789/.,-%: ", max_size=40))
def test_numbers_and_punctuation_alone_are_never_references(text):
    """Dates, phone numbers, percentages, fractions: no letters, never a document."""
    assert find_references(text) == []


@given(st.integers(1, 99999), st.integers(1945, 2099))
def test_every_decree_number_round_trips(number, year):
    refs = find_references(f"Nghị định số {number}/{year}/NĐ-CP")
    assert [ref.key for ref in refs] == [f"{number}/{year}/nd-cp"]
    assert key_of(f"{number:02d}/{year}/NĐ-CP") == refs[0].key
