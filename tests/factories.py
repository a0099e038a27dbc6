"""Test data through factory-boy / wagtail-factories: one factory per model the suite builds.

Sequences start at 1; the conftest fixtures reset them so numbering (titles, slugs, dates) starts
again in every test, as the suite's assertions expect. Pages are created under `parent` and
published through a revision, as an editor would; `publish=False` leaves a draft.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.rich_text import RichText
from wagtail_factories.factories import MP_NodeFactory

from bulletins.models import FeedSource
from news.models import Category, ModelStoryPage, NewsArticlePage, NewsIndexPage
from plans.choices import IndicatorMode, IndicatorUnit, TaskStatus
from plans.models import CampaignPlanPage, PlanIndicator, PlanTask
from screens.models import MessageStatus, ScreenMessage
from surveys.models import Poll, PollChoice


def aware(year, month, day, hour=9, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def paragraph(html: str):
    return ("paragraph", RichText(html))


class FromOne:
    """Sequences count 1, 2, 3… (a person's numbering, as the titles read)."""

    @classmethod
    def _setup_next_sequence(cls):
        return 1


class PublishedPageFactory(FromOne, MP_NodeFactory):
    """A page added under `parent`, its many-to-many relations written, then published (or a draft).

    Built on wagtail-factories' tree factory rather than its PageFactory, so that each page type
    keeps its own sequence (a PageFactory subclass shares one counter with every other page).
    """

    class Meta:
        abstract = True

    _relations: tuple[str, ...] = ()  # many-to-many fields, written after the page exists
    _children: tuple[str, ...] = ()  # inline (ParentalKey) children, added before the page is saved

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        children = {name: kwargs.pop(name) for name in cls._children if name in kwargs}
        page = model_class(**kwargs)
        for name, items in children.items():
            for item in items:
                getattr(page, name).add(item)
        parent.add_child(instance=page)
        return page

    @classmethod
    def _create(cls, model_class, *args, publish=True, **kwargs):
        relations = {name: kwargs.pop(name) for name in cls._relations if name in kwargs}
        page = super()._create(model_class, *args, **kwargs)
        if relations:
            for name, values in relations.items():
                getattr(page, name).set(list(values))
            page.save()  # writes the relations, as the admin does for a draft
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            model_class.objects.filter(pk=page.pk).update(live=False)
        return model_class.objects.get(pk=page.pk)


# -- news ------------------------------------------------------------------------------------
class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = "Tin CCHC"
    slug = "tin-cchc"


class NewsIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsIndexPage

    title = "Tin tức"
    slug = "tin-tuc"


class NewsArticlePageFactory(PublishedPageFactory):
    class Meta:
        model = NewsArticlePage

    _relations = ("units", "tags")

    title = factory.Sequence(lambda n: f"Bài viết số {n}")
    slug = factory.Sequence(lambda n: f"bai-viet-{n}")
    lead = factory.Sequence(lambda n: f"Tóm tắt bài viết số {n} về cải cách hành chính.")
    category = factory.SubFactory(CategoryFactory)
    published_at = factory.Sequence(lambda n: aware(2026, 3, 1) + dt.timedelta(days=n))
    body = factory.Sequence(lambda n: [paragraph(f"<p>Nội dung bài số {n}.</p>")])


class ModelStoryPageFactory(PublishedPageFactory):
    class Meta:
        model = ModelStoryPage

    _children = ("figures",)

    title = factory.Sequence(lambda n: f"Mô hình {n}")
    slug = factory.Sequence(lambda n: f"mo-hinh-{n}")
    lead = factory.Sequence(lambda n: f"Mô hình số {n}.")
    model_name = factory.Sequence(lambda n: f"Mô hình thứ {n}")


# -- plans -----------------------------------------------------------------------------------
class CampaignPlanPageFactory(MP_NodeFactory):
    """A plan of `year`; published through a revision when live, else saved as a never-live page."""

    class Meta:
        model = CampaignPlanPage

    year = 2026
    live = True
    title = factory.LazyAttribute(lambda o: f"Kế hoạch thông tin, tuyên truyền CCHC năm {o.year}")
    slug = factory.LazyAttribute(lambda o: f"ke-hoach-{o.year}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        plan = super()._create(model_class, *args, **kwargs)
        if plan.live:
            plan.save_revision().publish()
        return model_class.objects.get(pk=plan.pk)


class PlanTaskFactory(DjangoModelFactory):
    class Meta:
        model = PlanTask

    content = "Đăng tin về cải cách hành chính"
    status = TaskStatus.IN_PROGRESS


class PlanIndicatorFactory(DjangoModelFactory):
    class Meta:
        model = PlanIndicator

    name = "100% TTHC được công khai"
    target_value = Decimal(100)
    unit = IndicatorUnit.PERCENT
    mode = IndicatorMode.MANUAL


# -- surveys ---------------------------------------------------------------------------------
SATISFACTION_CHOICES = (("Rất hài lòng", True), ("Hài lòng", True), ("Không hài lòng", False))


class PollFactory(DjangoModelFactory):
    """A poll with its choices ((label, is_positive) pairs) saved in one go, as the admin form does."""

    class Meta:
        model = Poll

    question = factory.Sequence(lambda n: f"Đánh giá số {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))

    @classmethod
    def _create(cls, model_class, *args, choices=SATISFACTION_CHOICES, **kwargs):
        poll = model_class(*args, **kwargs)
        for order, (label, positive) in enumerate(choices):
            poll.choices.add(PollChoice(label=label, is_positive=positive, sort_order=order))
        poll.save()
        return poll


# -- screens ---------------------------------------------------------------------------------
class ScreenMessageFactory(DjangoModelFactory):
    """An approved message, running from five minutes ago until tomorrow."""

    class Meta:
        model = ScreenMessage

    title = "Thông báo"
    text = "Nội dung"
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=5))
    ends_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=1))
    status = MessageStatus.APPROVED


# -- bulletins -------------------------------------------------------------------------------
class FeedSourceFactory(FromOne, DjangoModelFactory):
    class Meta:
        model = FeedSource

    name = factory.Sequence(lambda n: f"Báo thử {n}")
    credit_label = factory.Sequence(lambda n: f"Baothu{n}.vn")
    url = factory.Sequence(lambda n: f"https://baothu{n}.vn/rss.xml")
