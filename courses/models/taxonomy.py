"""IPA's Digital Skill Standards (デジタルスキル標準) as a fixed vocabulary curricula are tagged with."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillStandard(models.TextChoices):
    DSS_L = "dss_l", _("DX Literacy Standard (DSS-L)")
    DSS_P = "dss_p", _("DX Promotion Skill Standard (DSS-P)")


class SkillStandardItem(models.Model):
    """One item of DSS-L (e.g. "What: data") or one role of DSS-P (e.g. data scientist)."""

    standard = models.CharField(_("standard"), max_length=10, choices=SkillStandard.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["standard", "sort_order", "code"]
        verbose_name = _("digital skill standard item")
        verbose_name_plural = _("digital skill standard items")

    def __str__(self) -> str:
        return f"{self.get_standard_display()}: {self.name}"

    @property
    def short_standard(self) -> str:
        return "DSS-L" if self.standard == SkillStandard.DSS_L else "DSS-P"


# (standard, code, name, description, order): the items of DSS-L and the five roles of DSS-P.
SKILL_STANDARD_ITEMS = [
    (SkillStandard.DSS_L, "l-why", "Why：DX の背景", "社会・顧客・競争環境の変化と DX の必要性", 1),
    (SkillStandard.DSS_L, "l-what-data", "What：データ", "社会におけるデータ、データを読む・説明する・扱う", 2),
    (SkillStandard.DSS_L, "l-what-tech", "What：デジタル技術", "AI、クラウド、ネットワークなどの基礎", 3),
    (SkillStandard.DSS_L, "l-how-use", "How：活用方法・事例", "データ・デジタル技術の活用事例と使い方", 4),
    (SkillStandard.DSS_L, "l-how-care", "How：留意点", "セキュリティ、モラル、コンプライアンス", 5),
    (SkillStandard.DSS_L, "l-mind", "マインド・スタンス", "変化への適応、顧客・ユーザー視点、試行錯誤", 6),
    (SkillStandard.DSS_P, "p-business-architect", "ビジネスアーキテクト", "DX の目的設定から実現までを一貫して推進する", 1),
    (SkillStandard.DSS_P, "p-designer", "デザイナー", "利用者視点でサービスや業務を設計する", 2),
    (SkillStandard.DSS_P, "p-data-scientist", "データサイエンティスト", "データを活用した業務変革・新サービスを実現する", 3),
    (SkillStandard.DSS_P, "p-software-engineer", "ソフトウェアエンジニア", "デジタル技術を使ったシステムやサービスを実装する", 4),
    (SkillStandard.DSS_P, "p-cybersecurity", "サイバーセキュリティ", "サイバーセキュリティリスクを抑える仕組みを整える", 5),
]  # fmt: skip
