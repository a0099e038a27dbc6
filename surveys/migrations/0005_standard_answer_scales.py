"""The two standard satisfaction scales, and existing polls linked to the one their choices match.

Existing polls keep their own choices (and their ballots); the link only records which scale they
follow. The scales' text is content, in Vietnamese, as officers would type it.
"""

from django.db import migrations

SCALES = (
    (
        "Mức độ hài lòng (3 mức)",
        "Thang đo ba mức thường dùng khi lấy ý kiến người dân tại Bộ phận Một cửa.",
        (("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False)),
    ),
    (
        "Mức độ hài lòng (5 mức)",
        "Thang đo năm mức như phiếu khảo sát Chỉ số SIPAS; hai mức trên cùng được tính là hài lòng.",
        (
            ("Rất không hài lòng", False),
            ("Không hài lòng", False),
            ("Bình thường", False),
            ("Hài lòng", True),
            ("Rất hài lòng", True),
        ),
    ),
)


def create_scales(apps, schema_editor):
    AnswerScale = apps.get_model("surveys", "AnswerScale")
    AnswerScaleOption = apps.get_model("surveys", "AnswerScaleOption")
    Poll = apps.get_model("surveys", "Poll")
    by_answers = {}
    for name, description, answers in SCALES:
        scale, created = AnswerScale.objects.get_or_create(name=name, defaults={"description": description})
        if created:
            AnswerScaleOption.objects.bulk_create(
                AnswerScaleOption(scale=scale, label=label, is_positive=positive, sort_order=order)
                for order, (label, positive) in enumerate(answers)
            )
        by_answers[tuple(answers)] = scale
    for poll in Poll.objects.filter(scale__isnull=True).prefetch_related("choices"):
        answers = tuple((c.label, c.is_positive) for c in sorted(poll.choices.all(), key=lambda c: c.sort_order or 0))
        if answers in by_answers:
            poll.scale = by_answers[answers]
            poll.save(update_fields=["scale"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_answer_scales")]

    operations = [migrations.RunPython(create_scales, migrations.RunPython.noop)]
