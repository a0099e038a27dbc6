from .articles import NewsArticlePage, NewsArticleTag, NewsIndexPage
from .categories import Category
from .ratings import Rating
from .stories import ModelStoryFigure, ModelStoryGalleryImage, ModelStoryIndexPage, ModelStoryPage, ModelStoryTag

__all__ = [
    "Category",
    "ModelStoryFigure",
    "ModelStoryGalleryImage",
    "ModelStoryIndexPage",
    "ModelStoryPage",
    "ModelStoryTag",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsIndexPage",
    "Rating",
]
