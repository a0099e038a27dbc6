"""StreamField blocks for articles and model stories, each with its own template.

Rich text offers no image or raw-HTML feature: images go through `ImageBlock`, whose alt text is
required, so an image without alt text cannot be saved, let alone published.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4", "superscript", "subscript"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        form_classname = "title"
        template = "news/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Photo credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "news/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "news/blocks/document.html"


class KeyFigureBlock(blocks.StructBlock):
    """A headline number: "84,57% hồ sơ giải quyết đúng hạn"."""

    value = blocks.DecimalBlock(label=_("Value"), max_digits=14, decimal_places=2)
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=30, help_text=_("e.g. %, hồ sơ, ngày"))
    label = blocks.CharBlock(label=_("What it measures"), max_length=200)
    as_of = blocks.DateBlock(label=_("As of"), required=False)

    class Meta:
        icon = "pick"
        label = _("Key figure")
        template = "news/blocks/key_figure.html"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("Table caption"), max_length=200)
    table = TableBlock(label=_("Table"), table_options={"renderer": "text"})

    class Meta:
        icon = "table"
        label = _("Table")
        template = "news/blocks/table.html"


class EmbedWithTitleBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Address of the video or post"))
    title = blocks.CharBlock(label=_("Title for screen readers"), max_length=200)

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "news/blocks/embed.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=RICH_TEXT_FEATURES)
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    table = TableWithCaptionBlock()
    document = DocumentLinkBlock()
    embed = EmbedWithTitleBlock()
    key_figure = KeyFigureBlock()

    class Meta:
        label = _("Body")
