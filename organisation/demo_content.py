"""The demo's organisation pages, in Vietnamese and in English. Every sentence is written for this
demo from the facts in the seeds (the one-stop office, Đề án 06, the two-level local government since
1 July 2025); names are invented, and phone numbers (024 0000 …) and addresses on demo.* are
clearly not real ones."""

INDEX = {
    "vi": {
        "title": "Cơ cấu tổ chức",
        "slug": "co-cau-to-chuc",
        "intro": (
            "<p>Sơ đồ tổ chức của chính quyền thành phố và các phường, xã; chức năng, nhiệm vụ, địa chỉ, "
            "giờ làm việc của từng đơn vị, Bộ phận Một cửa và đầu mối liên hệ về cải cách hành chính.</p>"
        ),
        "search_description": "Sơ đồ tổ chức, lãnh đạo và thông tin liên hệ của thành phố và các phường, xã.",
    },
    "en": {
        "title": "Organisation and contacts",
        "slug": "organisation",
        "intro": (
            "<p>The organisation chart of the city government and its wards and communes: what each unit "
            "does, where and when it receives people, its one-stop office and the officials to contact "
            "about administrative reform.</p>"
        ),
        "search_description": "The organisation chart, leaders and contacts of the city and its wards.",
    },
}

# unit code → {language: page fields and people}
UNITS = {
    "01": {
        "vi": {
            "title": "Ủy ban nhân dân Thành phố Hà Nội",
            "slug": "thanh-pho-ha-noi",
            "functions": (
                "<p>Ủy ban nhân dân Thành phố là cơ quan hành chính nhà nước ở địa phương, chỉ đạo và kiểm "
                "tra công tác cải cách hành chính của các sở, ngành và các phường, xã.</p>"
                "<ul><li>Ban hành kế hoạch cải cách hành chính và kế hoạch thông tin, tuyên truyền hằng năm.</li>"
                "<li>Công bố, công khai thủ tục hành chính; theo dõi việc giải quyết hồ sơ đúng hạn.</li>"
                "<li>Triển khai Đề án 06 về dữ liệu dân cư, định danh điện tử và dịch vụ công trực tuyến.</li>"
                "<li>Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về thủ tục hành chính.</li></ul>"
            ),
            "address": "Số 12 Lê Lai, phường Hoàn Kiếm, Hà Nội",
            "office_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00",
            "one_stop_location": "Bộ phận Một cửa của các sở, ngành và Trung tâm Phục vụ hành chính công Thành phố",
            "one_stop_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00\nSáng thứ Bảy: 8:00–12:00",
            "people": [
                (
                    "leader",
                    "Nguyễn Văn Minh",
                    "Phó Chủ tịch Ủy ban nhân dân Thành phố",
                    "Chỉ đạo công tác cải cách hành chính",
                    "",
                    "",
                ),
                (
                    "focal",
                    "Trần Thị Hồng",
                    "Chuyên viên Sở Nội vụ",
                    "Đầu mối thông tin, tuyên truyền cải cách hành chính",
                    "024 0000 0101",
                    "dau-moi.cchc@demo.cchc.hanoi.gov.vn",
                ),
            ],
        },
        "en": {
            "title": "Hanoi People's Committee",
            "slug": "hanoi",
            "functions": (
                "<p>The People's Committee is the city's state administration. It directs and checks the "
                "administrative reform work of the city departments and of every ward and commune.</p>"
                "<ul><li>Adopts the yearly administrative reform plan and its communication plan.</li>"
                "<li>Publishes the administrative procedures and follows whether case files are settled on time.</li>"
                "<li>Carries out Project 06 on population data, electronic identity and online public services.</li>"
                "<li>Receives and handles citizens' and businesses' feedback on procedures.</li></ul>"
            ),
            "address": "12 Le Lai Street, Hoan Kiem Ward, Hanoi",
            "office_hours": "Monday to Friday: 8:00–12:00 and 13:30–17:00",
            "one_stop_location": (
                "The one-stop offices of the city departments and the City Public Administration Service Centre"
            ),
            "one_stop_hours": "Monday to Friday: 8:00–12:00 and 13:30–17:00\nSaturday morning: 8:00–12:00",
            "people": [
                ("Vice-Chairperson of the City People's Committee", "Directs administrative reform"),
                ("Officer, Department of Home Affairs", "Contact for administrative reform communication"),
            ],
        },
    },
    "00103": {
        "vi": {
            "title": "Ủy ban nhân dân phường Tây Hồ",
            "slug": "phuong-tay-ho",
            "functions": (
                "<p>Ủy ban nhân dân phường giải quyết thủ tục hành chính của người dân trên địa bàn theo cơ chế "
                "một cửa, một cửa liên thông và tuyên truyền cải cách hành chính tới từng tổ dân phố.</p>"
                "<ul><li>Tiếp nhận hồ sơ tại Bộ phận Một cửa, trả kết quả đúng hẹn và xin lỗi khi trễ hẹn.</li>"
                "<li>Hướng dẫn người dân nộp hồ sơ trực tuyến, quét mã QR tra cứu "
                "và thanh toán không dùng tiền mặt.</li>"
                "<li>Đưa thông báo lên màn hình, bảng tin công cộng của phường.</li></ul>"
            ),
            "address": "Trụ sở Ủy ban nhân dân phường Tây Hồ, Hà Nội",
            "office_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00",
            "one_stop_location": "Tầng 1, trụ sở Ủy ban nhân dân phường Tây Hồ",
            "one_stop_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00\nSáng thứ Bảy: 8:00–11:30",
            "people": [
                ("leader", "Lê Quang Huy", "Chủ tịch Ủy ban nhân dân phường", "", "024 0000 0301", ""),
                (
                    "leader",
                    "Phạm Thu Trang",
                    "Phó Chủ tịch Ủy ban nhân dân phường",
                    "Phụ trách cải cách hành chính, Bộ phận Một cửa",
                    "024 0000 0302",
                    "",
                ),
                (
                    "focal",
                    "Vũ Ngọc Anh",
                    "Công chức Văn phòng",
                    "Đầu mối tiếp nhận phản ánh về thủ tục hành chính",
                    "024 0000 0303",
                    "motcua@tayho.demo.cchc.hanoi.gov.vn",
                ),
            ],
        },
        "en": {
            "title": "Tay Ho Ward People's Committee",
            "slug": "tay-ho-ward",
            "functions": (
                "<p>The ward People's Committee settles residents' administrative procedures through the "
                "one-stop and joined-up one-stop mechanism, and explains administrative reform to every "
                "residential group.</p>"
                "<ul><li>Receives case files at the one-stop office, returns results on the promised day and "
                "apologises when late.</li>"
                "<li>Helps people file online, look up files by QR code and pay without cash.</li>"
                "<li>Shows announcements on the ward's public screens and notice boards.</li></ul>"
            ),
            "address": "Tay Ho Ward People's Committee, Hanoi",
            "office_hours": "Monday to Friday: 8:00–12:00 and 13:30–17:00",
            "one_stop_location": "Ground floor, Tay Ho Ward People's Committee",
            "one_stop_hours": "Monday to Friday: 8:00–12:00 and 13:30–17:00\nSaturday morning: 8:00–11:30",
            "people": [
                ("Chairperson of the Ward People's Committee", ""),
                ("Vice-Chairperson of the Ward People's Committee", "Administrative reform and the one-stop office"),
                ("Civil servant, Ward Office", "Contact for feedback on administrative procedures"),
            ],
        },
    },
    "00004": {
        "vi": {
            "title": "Ủy ban nhân dân phường Ba Đình",
            "slug": "phuong-ba-dinh",
            "functions": (
                "<p>Ủy ban nhân dân phường tổ chức thực hiện thủ tục hành chính cấp xã, công khai thủ tục và "
                "kết quả giải quyết hồ sơ, lấy ý kiến đánh giá mức độ hài lòng của người dân.</p>"
                "<ul><li>Bộ phận Một cửa có máy lấy số tự động và ki-ốt tra cứu thông tin.</li>"
                "<li>Cán bộ hướng dẫn người dân kích hoạt tài khoản định danh điện tử VNeID.</li></ul>"
            ),
            "address": "Trụ sở Ủy ban nhân dân phường Ba Đình, Hà Nội",
            "office_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00",
            "one_stop_location": "Tầng 1, trụ sở Ủy ban nhân dân phường Ba Đình",
            "one_stop_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00",
            "people": [
                ("leader", "Đặng Minh Châu", "Chủ tịch Ủy ban nhân dân phường", "", "024 0000 0401", ""),
                (
                    "focal",
                    "Ngô Thị Mai",
                    "Công chức Văn hóa – Xã hội",
                    "Đầu mối thông tin, tuyên truyền",
                    "024 0000 0402",
                    "tuyentruyen@badinh.demo.cchc.hanoi.gov.vn",
                ),
            ],
        },
        "en": {
            "title": "Ba Dinh Ward People's Committee",
            "slug": "ba-dinh-ward",
            "functions": (
                "<p>The ward People's Committee carries out the commune-level procedures, publishes them and "
                "the results of case files, and asks residents how satisfied they are.</p>"
                "<ul><li>Its one-stop office has a queue-ticket machine and an information kiosk.</li>"
                "<li>Staff help residents activate their VNeID electronic identity account.</li></ul>"
            ),
            "address": "Ba Dinh Ward People's Committee, Hanoi",
            "office_hours": "Monday to Friday: 8:00–12:00 and 13:30–17:00",
            "one_stop_location": "Ground floor, Ba Dinh Ward People's Committee",
            "one_stop_hours": "Monday to Friday: 8:00–12:00 and 13:30–17:00",
            "people": [
                ("Chairperson of the Ward People's Committee", ""),
                ("Civil servant for culture and social affairs", "Contact for information and communication"),
            ],
        },
    },
    "SNV": {
        "vi": {
            "title": "Sở Nội vụ Hà Nội",
            "slug": "so-noi-vu",
            "functions": (
                "<p>Sở Nội vụ là cơ quan thường trực tham mưu cho Ủy ban nhân dân Thành phố về cải cách hành "
                "chính: xây dựng kế hoạch, theo dõi Chỉ số cải cách hành chính (PAR Index) và Chỉ số hài lòng "
                "(SIPAS), tổng hợp báo cáo.</p>"
            ),
            "address": "Trụ sở Sở Nội vụ Hà Nội",
            "office_hours": "Thứ Hai đến thứ Sáu: 8:00–12:00 và 13:30–17:00",
            "one_stop_location": "",
            "one_stop_hours": "",
            "people": [
                (
                    "focal",
                    "Hoàng Đức Long",
                    "Trưởng phòng Cải cách hành chính",
                    "",
                    "024 0000 0201",
                    "caicach@snv.demo.cchc.hanoi.gov.vn",
                ),
            ],
        },
    },
}

HOME_EN = {
    "title": "Administrative reform in Hanoi",
    "intro": (
        "The communication portal of Hanoi's administrative reform: how the city government is organised, "
        "where each ward receives people, and whom to contact. News, daily press bulletins, plans and "
        "satisfaction polls are published in Vietnamese."
    ),
}
