from .items import FeedItem, ItemStatus, StoryToken
from .pages import BulletinIndexPage, BulletinItem, BulletinPage, bulletin_title
from .sources import BulletinSection, FeedSource, KeywordRule

__all__ = [
    "BulletinIndexPage",
    "BulletinItem",
    "BulletinPage",
    "BulletinSection",
    "FeedItem",
    "FeedSource",
    "ItemStatus",
    "KeywordRule",
    "StoryToken",
    "bulletin_title",
]
