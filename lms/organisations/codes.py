"""Japan's local-government codes (全国地方公共団体コード) and the 47 prefectures."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PREFECTURES = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
]  # fmt: skip
PREFECTURE_CHOICES = [(f"{i:02d}", name) for i, name in enumerate(PREFECTURES, start=1)]


def check_digit(first_five: str) -> int:
    """The sixth digit of a local-government code: 11 minus the weighted sum mod 11, last digit kept."""
    weighted = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return (11 - weighted % 11) % 10


def with_check_digit(first_five: str) -> str:
    return f"{first_five}{check_digit(first_five)}"


def validate_local_government_code(value: str) -> None:
    if len(value) != 6 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A local-government code has exactly 6 digits."), code="format")
    if not 1 <= int(value[:2]) <= 47:
        raise ValidationError(
            _("The first two digits must be a prefecture number from 01 to 47."), code="prefecture"
        )
    if int(value[5]) != check_digit(value[:5]):
        raise ValidationError(
            _("The check digit (the sixth digit) is wrong for this local-government code."),
            code="check_digit",
        )
