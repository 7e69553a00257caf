"""The learning site's fixed scaffolding, ensured after every ``migrate`` (and by ``load_demo``).

* the learning home at the root of the default site (served at ``/learn/``), replacing Wagtail's
  "Welcome" placeholder page;
* the Digital Skill Standards vocabulary;
* page permissions of the role groups on the learning home (trainers: add and edit; lead trainers: also
  publish), narrowed per organisation by ``courses.permissions``;
* the review workflow: a trainer submits, a lead trainer of the same organisation approves;
* images and documents for lesson blocks: trainers upload (and edit their own uploads) and choose them.
  Wagtail grants these per collection, not through the role groups' model permissions.

Idempotent: it only creates what is missing and never undoes a change an administrator made.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms.people.roles import Role, role_group

from .models import LearningHome, OrganisationReviewTask, SkillStandardItem
from .models.taxonomy import SKILL_STANDARD_ITEMS

HOME_TITLE = "学び Manabi"
HOME_SLUG = "learn"
WORKFLOW_NAME = "講師レビュー"
REVIEW_TASK_NAME = "主任講師による承認"
PAGE_PERMISSIONS = {
    Role.TRAINER: ["add_page", "change_page"],
    Role.LEAD_TRAINER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Per collection (the root, so every collection): "add" also lets a trainer edit their own uploads.
COLLECTION_CODENAMES = {
    "image": ["add_image", "choose_image"],
    "document": ["add_document", "choose_document"],
}
COLLECTION_ROLES = (Role.TRAINER, Role.LEAD_TRAINER)
_PERMISSION_NAMES = {
    "add_page": "Can add page",
    "change_page": "Can change page",
    "publish_page": "Can publish any page",
    "lock_page": "Can lock any page",
    "unlock_page": "Can unlock any page",
}


@transaction.atomic
def ensure_learning_site() -> LearningHome:
    home = _ensure_home()
    _ensure_default_site(home)
    _ensure_skill_standards()
    _ensure_page_permissions(home)
    _ensure_collection_permissions()
    _ensure_review_workflow(home)
    return home


def _ensure_home() -> LearningHome:
    home = LearningHome.objects.first()
    if home is not None:
        return home
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = LearningHome(
        title=HOME_TITLE,
        slug=HOME_SLUG,
        introduction="<p>階層別のカリキュラムから、あなたに合った研修を選んで学びましょう。</p>",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def _is_wagtail_placeholder(page: Page) -> bool:
    return page.specific_class is Page and page.depth == 2 and page.numchild == 0


def _ensure_default_site(home: LearningHome) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Manabi",
            root_page=home,
            is_default_site=True,
        )
        return
    if site.root_page_id == home.pk:
        return
    placeholder = site.root_page
    if _is_wagtail_placeholder(placeholder):
        site.root_page = home
        site.save(update_fields=["root_page"])
        placeholder.delete()


def _ensure_skill_standards() -> None:
    if SkillStandardItem.objects.exists():
        return
    SkillStandardItem.objects.bulk_create(
        SkillStandardItem(
            standard=standard, code=code, name=name, description=desc, sort_order=order
        )
        for standard, code, name, desc, order in SKILL_STANDARD_ITEMS
    )


def _page_permission(codename: str) -> Permission:
    content_type = ContentType.objects.get_for_model(Page)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": _PERMISSION_NAMES[codename]},
    )
    return permission


def _ensure_page_permissions(home: LearningHome) -> None:
    for role, codenames in PAGE_PERMISSIONS.items():
        group = role_group(role)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=_page_permission(codename)
            )


def _ensure_collection_permissions() -> None:
    root = Collection.get_first_root_node()
    if root is None:
        return
    models = {"image": get_image_model(), "document": get_document_model()}
    for kind, codenames in COLLECTION_CODENAMES.items():
        content_type = ContentType.objects.get_for_model(models[kind])
        for codename in codenames:
            # Created here if this runs before the images/documents apps' own post-migrate step.
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": codename}
            )
            for role in COLLECTION_ROLES:
                GroupCollectionPermission.objects.get_or_create(
                    group=role_group(role), collection=root, permission=permission
                )


def _ensure_review_workflow(home: LearningHome) -> None:
    if WorkflowPage.objects.filter(page=home).exists():
        return
    task = OrganisationReviewTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = OrganisationReviewTask.objects.create(name=REVIEW_TASK_NAME, active=True)
    task.groups.set([role_group(Role.LEAD_TRAINER)])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.create(page=home, workflow=workflow)


def ensure_after_migrate(sender, **kwargs) -> None:
    ensure_learning_site()
