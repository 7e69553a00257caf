import pytest
from django.urls import reverse

from lms.people.roles import Role
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_japanese_by_default(client) -> None:
    """Does a first visit get the Japanese UI, with lang="ja" for screen readers?"""
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in body
    assert "すべての職員にデジタルの力を" in body
    assert "本文へスキップ" in body


def test_language_switch_gives_english(client) -> None:
    """Does the language switch turn the UI into English and remember it?"""
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Digital skills for every member of staff" in body
    assert "Digital skills for every member of staff" in client.get("/").content.decode()


def test_login_logout_and_password_change(client) -> None:
    """Can a member of staff log in, change their password, and log out?"""
    profile = StaffProfileFactory()
    login = client.post(reverse("login"), {"username": profile.user.username, "password": PASSWORD})
    assert login.status_code == 302
    assert profile.organisation.name in client.get("/").content.decode()

    bad = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert bad.status_code == 200
    assert "field-error" in bad.content.decode()
    changed = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Kaizen-2026-Manabi",
            "new_password2": "Kaizen-2026-Manabi",
        },
    )
    assert changed.status_code == 302
    profile.user.refresh_from_db()
    assert profile.user.check_password("Kaizen-2026-Manabi")

    client.post(reverse("logout"))
    assert client.get(reverse("password_change")).status_code == 302


def test_wrong_password_gets_a_message(client) -> None:
    """Does a failed login say so, in Japanese, without revealing which part was wrong?"""
    StaffProfileFactory(user__username="tanaka")
    response = client.post(reverse("login"), {"username": "tanaka", "password": "nope"})
    assert response.status_code == 200
    assert "正しい" in response.content.decode()


def test_django_admin_is_for_platform_admins_only(client) -> None:
    """Is Django's admin closed to an organisation admin (even one marked staff) and open to a superuser?"""
    org_admin = StaffProfileFactory(user__roles=(Role.ORG_ADMIN,)).user
    org_admin.is_staff = True
    org_admin.save()
    client.force_login(org_admin)
    assert client.get("/django-admin/").status_code == 302
    assert client.get("/django-admin/organisations/organisation/").status_code == 302
    platform = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(platform)
    assert client.get("/django-admin/").status_code == 200


def test_the_platform_admin_role_opens_django_admin_without_superuser(client) -> None:
    """Is "platform admin" one rule: does the platform_admin group (not superuser, not staff) open the
    admin, through its own login form too, while an organisation admin's login there is refused?"""
    platform = UserFactory(roles=(Role.PLATFORM_ADMIN,))
    assert not platform.is_superuser
    assert not platform.is_staff
    login = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": platform.username, "password": PASSWORD},
    )
    assert login.status_code == 302, login.content.decode()
    assert client.get("/django-admin/").status_code == 200
    organisations = client.get("/django-admin/organisations/organisation/")
    assert organisations.status_code == 200

    client.logout()
    org_admin = StaffProfileFactory(user__roles=(Role.ORG_ADMIN, Role.HR)).user
    refused = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": org_admin.username, "password": PASSWORD},
    )
    assert refused.status_code == 200
    assert "プラットフォーム管理者" in refused.content.decode()
    assert client.get("/django-admin/").status_code == 302


def test_trainer_reaches_the_cms_and_a_learner_does_not(client) -> None:
    """Do trainers log in to Wagtail at /cms/, while learners are turned away?"""
    trainer = StaffProfileFactory(user__roles=(Role.TRAINER,)).user
    response = client.post("/cms/login/", {"username": trainer.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/cms/").status_code == 200

    client.logout()
    learner = StaffProfileFactory(user__roles=(Role.LEARNER,)).user
    client.force_login(learner)
    assert client.get("/cms/").status_code in (302, 403)


def test_platform_admin_manages_organisations_and_staff_in_django_admin(client) -> None:
    """Can a platform admin list organisations, departments and staff in Django's admin?"""
    profile = StaffProfileFactory()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in ("/django-admin/organisations/organisation/", "/django-admin/people/staffprofile/",
                "/django-admin/organisations/department/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        profile.employee_number in client.get("/django-admin/people/staffprofile/").content.decode()
    )


@pytest.mark.parametrize(
    "path",
    [
        "/hr/sakura/targets/9223372036854775808/",  # one past the largest bigint
        "/hr/sakura/targets/99999999999999999999/",
        "/certifications/holdings/9223372036854775808/evidence/",
    ],
)
def test_ids_beyond_the_database_range_are_not_found(client, path) -> None:
    """Does an id too large for any primary key give a Japanese 404 page, not a server error?"""
    client.force_login(StaffProfileFactory(user__roles=(Role.HR,)).user)
    response = client.get(path)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_error_pages_are_in_japanese(client, settings) -> None:
    """Do 404 and 403 use the site's own pages, and is the 500 page standalone (no database)?"""
    from django.template.loader import get_template

    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
    page = get_template("500.html").render({})
    assert "エラーが発生しました" in page
    assert 'lang="en"' in page
    client.force_login(StaffProfileFactory(user__roles=(Role.LEARNER,)).user)
    forbidden = client.get("/platform/totals/")  # platform admins only
    assert forbidden.status_code == 403
    assert "このページを開く権限がありません" in forbidden.content.decode()
