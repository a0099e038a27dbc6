"""Signal handlers and hooks wired in CampaignSiteConfig.ready(): page cache purging, the Wagtail
page mark for the page cache, the cached shell's version, and giving back a successful login's attempt."""

from django.apps import apps
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django_tasks.signals import task_finished
from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Site
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from campaign_site import cache as page_cache
from campaign_site import purge, scheduler, security, translations
from campaign_site.templatetags.site_tags import SHELL_VERSION, forget_shell


def mark_wagtail_page(page, request, serve_args, serve_kwargs):
    """before_serve_page: this request serves a Wagtail page, which the page cache may keep."""
    request.page_cache_page = page


def on_page_published_or_unpublished(sender, instance, **kwargs):
    purge.purge_page(instance)


def on_pre_page_move(sender, instance, **kwargs):
    # Before the move: the old URLs and the old listings. Descendants change URL too: purge all.
    purge.purge_page(instance, everything=instance.numchild > 0)


def on_post_page_move(sender, instance, **kwargs):
    purge.purge_page(instance, everything=instance.numchild > 0)


def on_page_slug_changed(sender, instance, instance_before, **kwargs):
    purge.purge_page(instance_before, everything=instance.numchild > 0)


def on_setting_changed(sender, instance, **kwargs):
    # The cached header, footer and SiteIdentity values (templatetags/site_tags.py). A new row needs
    # nothing dropped: whatever is cached was read from this row, which the first read creates.
    if not kwargs.get("created"):
        forget_shell()
    page_cache.purge_all()  # site settings show in every page's header and footer


def on_copied_for_translation(sender, source_obj, target_obj, **kwargs):
    """A site's home page translated (the start of the English tree): the city-wide roles get their
    page permissions and the approval workflow there at once, as the next `setup_roles` would."""
    from wagtail.models import Page

    from campaign_site.access.roles import ensure_roles

    if isinstance(target_obj, Page) and Site.objects.filter(root_page_id=source_obj.pk).exists():
        ensure_roles(root_page=Page.objects.get(pk=source_obj.pk))


def on_logged_in(sender, request, user, **kwargs):
    security.login_succeeded(request, user.get_username())


def on_task_finished(sender, task_result, **kwargs):
    """The age of the last finished background job, for /healthz/ready."""
    from django_tasks import TaskResultStatus

    scheduler.record_finished(
        name=task_result.task.module_path, succeeded=task_result.status == TaskResultStatus.SUCCESSFUL
    )


def connect() -> None:
    task_finished.connect(on_task_finished, dispatch_uid="campaign_site.task_finished")
    hooks.register("before_serve_page", mark_wagtail_page)
    page_published.connect(on_page_published_or_unpublished, dispatch_uid="campaign_site.purge.published")
    page_unpublished.connect(on_page_published_or_unpublished, dispatch_uid="campaign_site.purge.unpublished")
    pre_page_move.connect(on_pre_page_move, dispatch_uid="campaign_site.purge.pre_move")
    post_page_move.connect(on_post_page_move, dispatch_uid="campaign_site.purge.post_move")
    page_slug_changed.connect(on_page_slug_changed, dispatch_uid="campaign_site.purge.slug")
    for model in apps.get_models():
        if issubclass(model, BaseSiteSetting | BaseGenericSetting):
            uid = f"campaign_site.purge.{model._meta.label}"
            post_save.connect(on_setting_changed, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(on_setting_changed, sender=model, dispatch_uid=f"{uid}.delete")
    SHELL_VERSION.forget_on_change(Site)  # a site's hostname or root page: the shell's links and menu
    user_logged_in.connect(on_logged_in, dispatch_uid="campaign_site.logged_in")
    copy_for_translation_done.connect(on_copied_for_translation, dispatch_uid="campaign_site.translated_root")
    translations.connect()
