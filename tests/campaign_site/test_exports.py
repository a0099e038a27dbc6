"""The shared export writers (campaign_site/exports.py): UTF-8 CSV that Excel reads, XLSX, and no cell
that a spreadsheet would run as a formula, whatever app built the rows."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from campaign_site.exports import XLSX_TYPE, csv_response, safe_cell, xlsx_response

ROWS = [["Đơn vị", "Số phiếu", "Ghi chú"], ["Phường Tây Hồ", 84, '=HYPERLINK("x")'], ["-", 0.5, "@SUM(A1)"]]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_that_starts_like_a_formula_is_quoted(start):
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("value", ["Phường 1", "", "1=1", " =1", 42, -3, 0.5, None, dt.date(2026, 3, 4)])
def test_every_other_value_is_kept(value):
    assert safe_cell(value) == value


def test_csv_is_utf8_with_a_bom_and_safe_cells():
    response = csv_response(iter(ROWS), "bao-cao")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [
        ["Đơn vị", "Số phiếu", "Ghi chú"],
        ["Phường Tây Hồ", "84", '\'=HYPERLINK("x")'],
        ["'-", "0.5", "'@SUM(A1)"],
    ]


def test_xlsx_keeps_numbers_and_quotes_formulas():
    response = xlsx_response(iter(ROWS), "bao-cao", sheet="Một tên trang tính dài hơn ba mươi mốt ký tự")
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    (sheet,) = workbook.worksheets
    assert sheet.title == "Một tên trang tính dài hơn ba m"  # Excel's 31-character limit
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == ["Phường Tây Hồ", 84, '\'=HYPERLINK("x")']
    assert values[2] == ["'-", 0.5, "'@SUM(A1)"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
