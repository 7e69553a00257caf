"""Demo courses owned by one municipality: visible only to its own staff (fictional procedures)."""

from courses.stream_builders import LessonBody, question

from .spec import CourseSpec, LessonSpec

SAKURA_NETWORKS = (
    LessonBody("sakura-security-procedures/networks")
    .markdown("""
さくら市では、情報セキュリティポリシーに基づき、業務に応じて三つのネットワークと端末を使い分けています。

| ネットワーク | 使う業務 | 主な注意 |
|---|---|---|
| マイナンバー利用事務系 | 住民記録、税、福祉などの基幹業務 | 二要素認証でログインする。外部記録媒体は原則使用しない |
| LGWAN 接続系 | 文書管理、財務会計、庁内メール、グループウェア | インターネットのファイルは無害化してから取り込む |
| インターネット接続系 | Web 閲覧、外部とのメール、オンライン会議 | 住民の個人情報を保存しない |

インターネットから入手したファイルを LGWAN 接続系で使うときは、情報政策課が用意したファイル無害化の仕組みを通します。USB メモリでの受け渡しはしないでください。

在宅勤務やモバイル端末からの接続は、情報政策課が許可した端末と接続方法に限ります。
""")
    .data
)

SAKURA_CONTACTS = (
    LessonBody("sakura-security-procedures/incident-contacts")
    .markdown("""
情報セキュリティに関する事故や、その疑いに気づいたときは、次の順に連絡します。時間外でも、緊急の場合は当番の連絡先へ電話してください。

1. **所属長**に口頭で報告する（不在のときは次の職位の職員）。
2. **総務部 情報政策課 システム係**（内線 2145）へ電話で連絡する。
3. 情報政策課の指示に従い、「情報セキュリティ事故報告書」を当日中に提出する。

個人情報の漏えいが疑われる場合は、情報政策課が総務課と連携し、本人への連絡や公表の要否を判断します。職員個人の判断で住民に連絡したり、事実を伏せたりしないでください。
""")
    .quiz(
        [
            question(
                "さくら市で、インターネットから入手したファイルを LGWAN 接続系で使うときの正しい方法はどれですか。",
                [
                    (
                        "情報政策課のファイル無害化の仕組みを通して取り込む",
                        True,
                        "正解です。無害化により、マルウェアの持ち込みを防ぎます。",
                    ),
                    (
                        "USB メモリにコピーして移す",
                        False,
                        "USB メモリでの受け渡しは禁止されています。",
                    ),
                    (
                        "私用メールで自分宛てに送る",
                        False,
                        "私用メールの利用は情報の持ち出しにあたります。",
                    ),
                ],
            ),
        ],
        title="理解度チェック：さくら市の実施手順",
    )
    .data
)

AOBA_BACKGROUND = (
    LessonBody("aoba-counter-dx/background")
    .markdown("""
あおば町では、転入・転出の時期に住民課の窓口が混雑し、住民が複数の申請書に同じ氏名や住所を何度も書く負担が課題になっていました。職員も、手書きの申請書を読み取り、システムに入力し直す作業に多くの時間を使っていました。

そこで町は、業務の見える化と ECRS の検討を行い、**「書かない窓口」**を段階的に導入することにしました。

- 住民は、窓口で職員の質問に答えるだけで、職員がシステムで申請書を作成する。
- 一度聞き取った情報は、関連する手続（国民健康保険、児童手当など）の申請書にも反映する。
- 住民は作成された申請書の内容を確認し、署名するだけにする。

導入前の業務量調査では、転入手続一件あたりの住民の窓口滞在時間は平均で約70分でした。この数字を改革の効果を測る基準にしています。
""")
    .data
)

AOBA_STEPS = (
    LessonBody("aoba-counter-dx/counter-steps")
    .markdown("""
書かない窓口では、次の手順で受付を行います。

1. 受付で来庁の目的を聞き取り、必要な手続の一覧（手続ナビ）を作る。
2. 本人確認書類（マイナンバーカードなど）で本人確認を行い、基本情報を読み取る。
3. 手続ナビに沿って質問し、システムで申請書を作成する。
4. 画面または印刷した申請書を住民に確認してもらい、署名を受ける。
5. 関連する課の手続は、住民課の窓口から担当課へ回付し、住民が庁内を移動する回数を減らす。

聞き取りのときは、専門用語を避け、住民が答えやすい順に質問しましょう。申請書の内容の確認は、住民が自分のペースで読めるよう、急かさずに行います。
""")
    .data
)

SAKURA_COURSE = CourseSpec(
    slug="sakura-security-procedures",
    title="さくら市 情報セキュリティ実施手順",
    summary="さくら市の職員向けに、ネットワークの使い分けと事故発生時の連絡手順を確認します。",
    objectives="業務に応じたネットワークと端末を使い分けられる\n事故に気づいたときの連絡先と手順を説明できる",
    minutes=20,
    organisation_slug="sakura",
    prerequisites=("information-security",),
    lessons=[
        LessonSpec("networks", "ネットワークと端末の使い分け",
                   "三つのネットワークとファイルの取り込み方。", 10, SAKURA_NETWORKS),
        LessonSpec("incident-contacts", "事故が起きたときの連絡先と手順",
                   "所属長と情報政策課への報告の流れ。", 10, SAKURA_CONTACTS),
    ],
)  # fmt: skip

AOBA_COURSE = CourseSpec(
    slug="aoba-counter-dx",
    title="あおば町 書かない窓口の取り組み",
    summary="あおば町住民課の「書かない窓口」の背景と、窓口での受付手順を学びます。",
    objectives="書かない窓口を導入した背景と目的を説明できる\n書かない窓口の受付手順に沿って対応できる",
    minutes=20,
    organisation_slug="aoba",
    prerequisites=("bpr",),
    lessons=[
        LessonSpec("background", "取り組みの背景", "窓口の課題と改革の方針。", 10, AOBA_BACKGROUND),
        LessonSpec("counter-steps", "窓口での受付手順", "聞き取りから回付までの流れ。", 10, AOBA_STEPS),
    ],
)  # fmt: skip
