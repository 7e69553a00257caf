"""Demo course: 機械学習入門 (cloud and AI practitioners)."""

from courses.stream_builders import LessonBody, question

from .spec import CourseSpec, LessonSpec

WHAT_IS_ML = (
    LessonBody("machine-learning-intro/what-is-ml")
    .markdown("""
機械学習は、データからパターンを学習し、新しいデータについて予測や分類を行う技術です。人がルールを一つひとつ書く代わりに、**例（データ）からルールを導く**点が特徴です。

## 学習の種類

| 種類 | 内容 | 行政での例 |
|---|---|---|
| 教師あり学習 | 正解つきのデータから、入力と正解の関係を学ぶ | 過去の問い合わせと担当課の組合せから、新しい問い合わせの担当課を推定する |
| 教師なし学習 | 正解のないデータから、似たものの集まりや構造を見つける | アンケートの自由記述を、内容の近いグループに分ける |
| 強化学習 | 試行錯誤を通じて、報酬が大きくなる行動を学ぶ | （行政での利用はまだ限られる） |

教師あり学習は、数値を予測する**回帰**（例：来月の窓口件数）と、カテゴリを当てる**分類**（例：問い合わせの担当課）に分けられます。

## 学習とテストを分ける

モデルの性能は、学習に使わなかったデータで確かめます。学習データにだけ当てはまりすぎて、新しいデータで外れる状態を**過学習**といいます。データを学習用とテスト用に分け、テスト用データでの成績を見るのが基本です。

## 使う前に考えること

- 学習データに偏りがあると、予測も偏ります（例：特定の地域のデータが少ない）。
- 予測の根拠を住民に説明できるか、誤ったときに誰がどう対応するかを決めておきます。
- 個人に関するデータを使う場合は、目的と利用範囲を明確にし、必要な手続を踏みます。
""")
    .data
)

EXERCISE_NUMPY = (
    LessonBody("machine-learning-intro/exercise-numpy")
    .markdown("""
機械学習の前に、データの基本的な性質を数字でつかむ力が欠かせません。この演習では、数値計算のライブラリ **NumPy** を使って、平均、標準偏差、相関係数を求めます。
""")
    .code(
        """import numpy as np

temperature = np.array([28.1, 30.4, 33.0, 35.2, 31.8])   # 最高気温
heatstroke = np.array([3, 5, 9, 14, 7])                  # 熱中症の搬送件数

print(temperature.mean(), temperature.std())
print(np.corrcoef(temperature, heatstroke)[0, 1])        # 相関係数""",
        caption="NumPy による要約統計量と相関係数",
    )
    .markdown("""
相関係数は -1 から 1 の値をとり、1 に近いほど「一方が大きいと他方も大きい」関係が強いことを示します。-1 に近ければ「一方が大きいと他方は小さい」関係、0 に近ければ直線的な関係がほとんどないことを示します。ただし、相関は因果関係を意味しません。

標準偏差は、データが平均からどれくらい散らばっているかを表します。同じ平均でも、標準偏差が大きければ日によるばらつきが大きいということです。

演習のノートブックでは、関数の中で NumPy の配列を受け取り、指定された統計量を返すコードを書きます。提出後の自動採点ですべてのテストに合格すると、このレッスンが完了になります。
""")
    .data
)

REGRESSION = (
    LessonBody("machine-learning-intro/regression")
    .markdown("""
回帰は、ある数値（目的変数）を、他の数値（説明変数）から予測する方法です。最も基本的な**線形回帰**は、データに最もよく当てはまる直線（や平面）を求めます。
""")
    .code(
        """from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

X = df[["最高気温", "休日"]]        # 説明変数
y = df["来場者数"]                  # 目的変数
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)

model = LinearRegression().fit(X_train, y_train)
predicted = model.predict(X_test)
print("平均絶対誤差:", mean_absolute_error(y_test, predicted))
print("係数:", dict(zip(X.columns, model.coef_)))""",
        caption="scikit-learn による線形回帰と評価",
    )
    .markdown("""
## 評価の指標

- **平均絶対誤差（MAE）**：予測と実際の差の絶対値の平均。「平均して何人ずれるか」と読めるため、説明しやすい指標です。
- **二乗平均平方根誤差（RMSE）**：大きな外れをより重く評価します。
- **決定係数（R²）**：データのばらつきのうち、モデルで説明できる割合。1 に近いほど当てはまりがよいことを示します。

## 係数を読む

線形回帰の係数は「説明変数が1増えると、予測がどれだけ変わるか」を表します。係数の向きや大きさが常識に合わない場合は、データの誤りや、重要な説明変数の見落としを疑いましょう。
""")
    .quiz(
        [
            question(
                "学習データでは非常によく当たるのに、新しいデータでは外れてしまう状態を何と呼びますか。",
                [
                    ("過学習", True, "正解です。テスト用データで性能を確かめることで気づけます。"),
                    ("欠損値", False, "欠損値はデータが空欄になっていることです。"),
                    ("相関", False, "相関は二つの数値の関係の強さです。"),
                ],
            ),
            question(
                "来月の窓口の来庁者数を予測したいとき、当てはまる手法はどれですか。",
                [
                    ("回帰", True, "正解です。数値を予測するのは回帰です。"),
                    ("分類", False, "分類はカテゴリを当てる手法です。"),
                    (
                        "クラスタリング",
                        False,
                        "クラスタリングは正解のないデータをグループに分ける教師なし学習です。",
                    ),
                ],
            ),
        ],
        title="理解度チェック：機械学習入門",
    )
    .data
)

EXERCISE_REGRESSION = (
    LessonBody("machine-learning-intro/exercise-regression")
    .markdown("""
最後の演習では、小さなデータセットで回帰モデルを作り、テスト用データで評価します。

## 課題の流れ

1. データを学習用とテスト用に分ける（乱数の種を固定して、結果を再現できるようにする）。
2. 学習用データで線形回帰モデルを学習させる。
3. テスト用データで予測し、平均絶対誤差を求める。
4. 係数を確認し、その意味を Markdown セルに一文で書く。

自動採点では、コードの結果が決められた範囲に入っているかを確かめます。すべてのテストに合格すると、このレッスンが完了になります。

## 考えてみよう

平均絶対誤差が小さくても、それで十分かどうかは使い道によって決まります。たとえば施設の来場者数の予測で「平均して20人ずれる」ことが、職員の配置を決めるうえで許されるのかを、業務の担当者と一緒に確かめましょう。
""")
    .data
)

COURSE = CourseSpec(
    slug="machine-learning-intro",
    title="機械学習入門",
    summary="機械学習の考え方、学習と評価の基本、回帰モデルの作り方と読み方を、ノートブックの演習で学びます。",
    objectives="教師あり学習と教師なし学習、回帰と分類の違いを説明できる\nデータを分けてモデルを評価し、過学習に気づける\n線形回帰モデルを作り、MAE などの指標と係数を読める",
    minutes=120,
    prerequisites=("python-data-analysis",),
    lessons=[
        LessonSpec("what-is-ml", "機械学習とは", "学習の種類、過学習、使う前に考えること。", 20, WHAT_IS_ML),
        LessonSpec("exercise-numpy", "演習: NumPy で統計量を求める",
                   "平均・標準偏差・相関係数のノートブック演習。", 30, EXERCISE_NUMPY),
        LessonSpec("regression", "回帰モデルを作って評価する",
                   "線形回帰、評価指標、係数の読み方。", 30, REGRESSION),
        LessonSpec("exercise-regression", "演習: 小さな回帰モデル",
                   "回帰モデルを作って評価するノートブック演習。", 40, EXERCISE_REGRESSION),
    ],
)  # fmt: skip
