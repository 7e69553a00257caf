"""The external certifications every municipality's targets refer to (Microsoft and IPA).

Microsoft's role-based certifications (associate, expert) are valid 12 months and renewable in the last
6; fundamentals and IPA's national exams do not expire.
"""

from django.db import migrations

ALL, MANAGERS, PRACTITIONERS = "all_staff", "managers", "practitioners"

# code, name, issuer, level, validity months, renewal window months, tiers, exam URL
CATALOGUE = [
    ("AZ-900", "Microsoft Certified: Azure Fundamentals (AZ-900)", "Microsoft", "fundamentals",
     None, None, [MANAGERS, PRACTITIONERS], "https://learn.microsoft.com/credentials/certifications/azure-fundamentals/"),
    ("AI-900", "Microsoft Certified: Azure AI Fundamentals (AI-900)", "Microsoft", "fundamentals",
     None, None, [ALL, MANAGERS, PRACTITIONERS], "https://learn.microsoft.com/credentials/certifications/azure-ai-fundamentals/"),
    ("AZ-104", "Microsoft Certified: Azure Administrator Associate (AZ-104)", "Microsoft", "associate",
     12, 6, [PRACTITIONERS], "https://learn.microsoft.com/credentials/certifications/azure-administrator/"),
    ("AI-102", "Microsoft Certified: Azure AI Engineer Associate (AI-102)", "Microsoft", "associate",
     12, 6, [PRACTITIONERS], "https://learn.microsoft.com/credentials/certifications/azure-ai-engineer/"),
    ("DP-100", "Microsoft Certified: Azure Data Scientist Associate (DP-100)", "Microsoft", "associate",
     12, 6, [PRACTITIONERS], "https://learn.microsoft.com/credentials/certifications/azure-data-scientist/"),
    ("AZ-305", "Microsoft Certified: Azure Solutions Architect Expert (AZ-305)", "Microsoft", "expert",
     12, 6, [PRACTITIONERS], "https://learn.microsoft.com/credentials/certifications/azure-solutions-architect/"),
    ("IPA-IP", "ITパスポート試験", "IPA（情報処理推進機構）", "national_exam",
     None, None, [ALL, MANAGERS], "https://www3.jitec.ipa.go.jp/JitesCbt/"),
    ("IPA-SG", "情報セキュリティマネジメント試験", "IPA（情報処理推進機構）", "national_exam",
     None, None, [MANAGERS, PRACTITIONERS], "https://www.ipa.go.jp/shiken/kubun/sg.html"),
    ("IPA-FE", "基本情報技術者試験", "IPA（情報処理推進機構）", "national_exam",
     None, None, [PRACTITIONERS], "https://www.ipa.go.jp/shiken/kubun/fe.html"),
]  # fmt: skip


def seed(apps, schema_editor):
    Certification = apps.get_model("certification", "Certification")
    for order, (code, name, issuer, level, months, window, tiers, url) in enumerate(CATALOGUE):
        Certification.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": "external",
                "issuer": issuer,
                "level": level,
                "validity_months": months,
                "renewal_window_months": window,
                "tiers": tiers,
                "exam_url": url,
                "sort_order": order,
            },
        )


def unseed(apps, schema_editor):
    Certification = apps.get_model("certification", "Certification")
    Certification.objects.filter(code__in=[row[0] for row in CATALOGUE], holdings=None).delete()


class Migration(migrations.Migration):
    dependencies = [("certification", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
