"""One HR journey in a real browser: log in, import a roster, create a target, see its chart, get the CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from lms.people.models import StaffProfile
from lms.people.roles import Role, sync_roles
from tests.factories import PASSWORD, OrganisationFactory, StaffProfileFactory, UserFactory
from tests.reports.factories import department_tree

ROSTER = (
    "職員番号,氏名,氏名（カナ）,メールアドレス,所属,職名,階層\r\n"
    "500001,髙﨑 花子,タカサキ ハナコ,takasaki@example.jp,総務部/情報政策課/DX推進係,主任,クラウド・AI実践者\r\n"
    "500002,山田 太郎,ヤマダ タロウ,yamada@example.jp,総務部/情報政策課/DX推進係,主事,クラウド・AI実践者\r\n"
    "500003,佐藤 次郎,サトウ ジロウ,,市民部/市民課/窓口係,係長,管理職・現場リーダー\r\n"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hr_imports_a_roster_creates_a_target_and_downloads_the_csv(
    live_server, browser_page, tmp_path
) -> None:
    """Can HR do the whole journey in Chromium, with a Shift_JIS roster holding 髙﨑?"""
    sync_roles()
    organisation = OrganisationFactory(slug="browser-city", name="ブラウザ市")
    units = department_tree(organisation)
    StaffProfileFactory(
        organisation=organisation,
        department=units["人事係"],
        user=UserFactory(username="browser-hr", roles=(Role.LEARNER, Role.HR)),
    )
    roster = tmp_path / "名簿.csv"
    roster.write_bytes(ROSTER.encode("cp932"))
    page = browser_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "browser-hr")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"{live_server.url}/hr/")
    assert "/hr/browser-city/" in page.url
    assert page.locator("h1").inner_text().startswith("人事ダッシュボード")

    page.click("text=名簿の取り込み")
    page.set_input_files("input[type=file]", str(roster))
    page.click("text=ファイルを確認")
    page.wait_for_selector("text=取り込みの内容")
    assert "cp932" in page.content()
    assert page.locator("text=髙﨑").count() >= 1
    page.click("button[name=apply]")
    page.wait_for_selector("text=反映しました")
    assert StaffProfile.objects.filter(organisation=organisation).count() == 4
    assert get_user_model().objects.get(username="browser-city-500001").last_name == "髙﨑"

    page.click("text=概要と目標")
    page.click("text=目標を作成")
    page.fill("input[name=name]", "AZ-305 を保有する職員を2名")
    page.check("label:has-text('AZ-305') input")
    page.check("input[name=scope][value=tier]")
    page.select_option("select[name=tier]", "practitioners")
    page.fill("input[name=target_count]", "2")
    page.fill("input[name=start_date]", "2026-04-01")
    page.fill("input[name=deadline]", "2028-03-31")
    page.click("text=目標を保存")
    page.wait_for_selector("h1:has-text('AZ-305 を保有する職員を2名')")

    chart = page.locator("svg.chart--burnup")
    assert chart.is_visible()
    assert chart.get_attribute("role") == "img"
    assert "バーンアップ" in page.locator("svg.chart--burnup title").text_content()
    assert page.locator("table").first.is_visible()

    with page.expect_download() as download_info:
        page.click("text=職員一覧（CSV）")
    download = download_info.value
    path = download.path()
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "職員番号"
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["500001"] == "髙﨑\u3000花子"
    assert download.suggested_filename.endswith(".csv")
