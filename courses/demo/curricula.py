"""The three tiers' demo curricula and the courses in each."""

from lms.people.tiers import Tier

from . import (
    bpr,
    cloud,
    data_basics,
    dx_projects,
    ebpm,
    generative_ai,
    local_courses,
    machine_learning,
    python_analysis,
    security,
)
from .spec import CurriculumSpec

CURRICULA = [
    CurriculumSpec(
        slug="digital-basics",
        title="全職員向け デジタル基礎",
        tier=Tier.ALL_STAFF,
        audience="すべての職員。住民の情報を守り、デジタルの道具とデータを日々の業務で安全に使うための基礎を身につけます。",
        goals="住民の情報を守る行動が身についている\n生成AIをルールに沿って安全に使える\nデータを集計しやすい形で扱い、数字を正しく読める",
        hours=2.5,
        skill_codes=("l-why", "l-what-data", "l-what-tech", "l-how-care", "l-mind"),
        courses=[
            security.COURSE,
            generative_ai.COURSE,
            data_basics.COURSE,
            local_courses.SAKURA_COURSE,
        ],
    ),
    CurriculumSpec(
        slug="dx-leadership",
        title="管理職・現場リーダー向け DX推進",
        tier=Tier.MANAGERS,
        audience="課長・係長などの管理職と、業務改善を率いる現場リーダー。DXの目的を定め、チームで改革を進める力を身につけます。",
        goals="住民にとっての価値からDXの目的を設定できる\nエビデンスに基づいて施策を企画し、効果を検証できる\n業務を見える化し、改革を現場に定着させられる",
        hours=3,
        skill_codes=("l-why", "l-mind", "p-business-architect", "p-designer"),
        courses=[dx_projects.COURSE, ebpm.COURSE, bpr.COURSE, local_courses.AOBA_COURSE],
    ),
    CurriculumSpec(
        slug="cloud-ai-practice",
        title="クラウド・AI実践者向け",
        tier=Tier.PRACTITIONERS,
        audience="情報政策・DX推進の担当者や、データ分析・システム企画を担う職員。クラウドとデータ分析、機械学習を手を動かして学びます。",
        goals="クラウドを安全かつ経済的に利用する設計ができる\nPython と pandas でデータを集計・分析できる\n機械学習モデルを作り、その評価と限界を説明できる",
        hours=5,
        skill_codes=("l-what-tech", "p-data-scientist", "p-software-engineer", "p-cybersecurity"),
        courses=[cloud.COURSE, python_analysis.COURSE, machine_learning.COURSE],
    ),
]
