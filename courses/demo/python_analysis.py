"""Demo course: Python によるデータ分析 (cloud and AI practitioners).

The two 演習 lessons get their notebook exercise blocks from the grading app's demo loader
(``courses.demo.exercises.attach_exercise``); until then they show the instructions.
"""

from courses.stream_builders import LessonBody, question

from .spec import CourseSpec, LessonSpec

PYTHON_JUPYTER = (
    LessonBody("python-data-analysis/python-jupyter")
    .markdown("""
Python は、読みやすい文法と豊富なライブラリを持ち、データ分析で最もよく使われているプログラミング言語の一つです。この講座では、ブラウザ上でコードと説明文を組み合わせて書ける **Jupyter Notebook** を使います。

## Jupyter Notebook の基本

- ノートブックは**セル**の集まりです。コードを書くコードセルと、説明を書く Markdown セルがあります。
- セルを選んで `Shift + Enter` を押すと実行され、結果がすぐ下に表示されます。
- セルは**実行した順**に結果が積み重なります。上から順に実行し直すと、同じ結果が得られるように書きましょう。

## 変数と基本のデータ型
""")
    .code(
        """population = 52340          # 整数 (int)
area_km2 = 28.6             # 小数 (float)
city = "さくら市"            # 文字列 (str)

density = population / area_km2
print(f"{city}の人口密度は {density:.1f} 人/km² です")""",
        caption="変数と計算、f 文字列による表示",
    )
    .markdown("""
## リストと辞書

複数の値をまとめるには、順番を持つ**リスト**と、名前（キー）で値を引く**辞書**を使います。
""")
    .code(
        """monthly_visitors = [1523, 1388, 1450]          # リスト
print(sum(monthly_visitors) / len(monthly_visitors))  # 平均

office = {"name": "北支所", "staff": 6, "open": "8:30"}  # 辞書
print(office["name"], "の職員数:", office["staff"])

for count in monthly_visitors:                 # 繰り返し
    if count > 1400:
        print(count, "件：混雑")""",
        caption="リスト、辞書、for 文と if 文",
    )
    .quiz(
        [
            question(
                "Jupyter Notebook でセルを実行するキー操作はどれですか。",
                [
                    ("Shift + Enter", True, "正解です。セルが実行され、次のセルに移ります。"),
                    ("Ctrl + S", False, "これはノートブックの保存です。"),
                    ("Tab", False, "Tab は入力の補完やインデントに使います。"),
                ],
            ),
            question(
                '`office = {"name": "北支所", "staff": 6}` から職員数を取り出す書き方はどれですか。',
                [
                    ('office["staff"]', True, "正解です。辞書はキーで値を取り出します。"),
                    ("office[1]", False, "辞書は番号ではなくキーで値を取り出します。"),
                    ("office.staff", False, "Python の辞書では、この書き方で値を取り出せません。"),
                ],
            ),
        ],
        title="理解度チェック：Python の基本",
    )
    .data
)

EXERCISE_BASICS = (
    LessonBody("python-data-analysis/exercise-python-basics")
    .markdown("""
この演習では、前のレッスンで学んだ変数、リスト、辞書、繰り返しを使って、小さな集計プログラムを完成させます。

## 進め方

1. ノートブックをダウンロードするか、この画面の演習パネルで開きます。
2. `# YOUR CODE HERE` と書かれたセルに、指示どおりのコードを書きます。
3. 自分でセルを実行し、結果を確かめます。テスト用のセルがエラーにならなければ、ひとまず正しく動いています。
4. 提出すると自動採点され、すべてのテストに合格するとこのレッスンが完了になります。

## 注意

- 問題文のセルや、テスト用のセルは書き換えないでください。採点は講師が用意した元のノートブックに基づいて行われます。
- 無限ループなど終わらない処理は、時間制限で打ち切られます。
""")
    .data
)

PANDAS = (
    LessonBody("python-data-analysis/pandas-basics")
    .markdown("""
表形式のデータを扱うには、ライブラリ **pandas** が便利です。表は `DataFrame` という形で扱います。

## CSV を読み込んで眺める
""")
    .code(
        """import pandas as pd

df = pd.read_csv("counter_visits.csv")   # 年月,窓口,受付件数
df.head()          # 先頭の5行
df.info()          # 列の型と欠損値の数
df.describe()      # 数値列の要約統計量""",
        caption="CSV の読み込みと概要の確認",
    )
    .markdown("""
## 集計する

`groupby` を使うと、窓口ごと・月ごとなどのグループ単位で集計できます。
""")
    .code(
        """by_office = df.groupby("窓口")["受付件数"].agg(["sum", "mean"])
print(by_office.sort_values("sum", ascending=False))

# 条件で行を絞り込む
busy = df[df["受付件数"] > 1400]""",
        caption="groupby による集計と条件での絞り込み",
    )
    .markdown("""
## 欠損値に気をつける

空欄のセルは `NaN`（欠損値）として読み込まれます。`df.isna().sum()` で列ごとの欠損の数を確かめ、除くのか（`dropna`）、値を補うのか（`fillna`）を、データの意味を考えて決めましょう。欠損を 0 で埋めると、平均などの集計結果が変わってしまうことがあります。
""")
    .data
)

EXERCISE_CSV = (
    LessonBody("python-data-analysis/exercise-csv")
    .markdown("""
この演習では、窓口の受付件数を記録した CSV ファイルを読み込み、窓口ごとの合計と月平均を求めます。標準ライブラリの `csv` モジュールを使う問題と、集計結果を辞書で返す関数を書く問題があります。

## ヒント

- `csv.DictReader` を使うと、各行を列名をキーにした辞書として読めます。
- 読み込んだ値は文字列なので、件数は `int()` で整数に変換してから足し合わせます。
- 関数は、同じ入力に対していつも同じ結果を返すように書きましょう（テストは複数の入力で確かめます）。

提出後の自動採点ですべてのテストに合格すると、このレッスンが完了になります。

## 結果を確かめる

集計結果が正しいかどうかは、元の CSV を表計算ソフトで開き、一つの窓口について手で合計してみると確かめられます。プログラムの結果と手計算が一致しないときは、見出し行を数えていないか、空欄の行を読み飛ばしていないかを確認しましょう。
""")
    .data
)

COURSE = CourseSpec(
    slug="python-data-analysis",
    title="Python によるデータ分析",
    summary="Jupyter Notebook と Python の基本から、pandas による集計まで、ノートブックの演習で手を動かして学びます。",
    objectives="Jupyter Notebook でコードを実行し、結果を確かめられる\n変数、リスト、辞書、繰り返しを使った処理を書ける\npandas で CSV を読み込み、グループごとに集計できる",
    minutes=120,
    prerequisites=("data-basics",),
    lessons=[
        LessonSpec("python-jupyter", "Python と Jupyter の準備",
                   "ノートブックの使い方と Python の基本文法。", 25, PYTHON_JUPYTER),
        LessonSpec("exercise-python-basics", "演習: Python の基本",
                   "変数、リスト、辞書を使ったノートブック演習。", 30, EXERCISE_BASICS),
        LessonSpec("pandas-basics", "pandas で表を集計する",
                   "CSV の読み込み、groupby、欠損値。", 25, PANDAS),
        LessonSpec("exercise-csv", "演習: CSV ファイルの集計",
                   "窓口の受付件数を集計するノートブック演習。", 40, EXERCISE_CSV),
    ],
)  # fmt: skip
