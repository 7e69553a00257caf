"""What the demo learners answered: a first try with mistakes, then a better one."""

from __future__ import annotations

WAIT_LABEL_OFF_BY_ONE = """def wait_label(minutes):
    if minutes <= 10:
        return "短い"
    if minutes < 30:
        return "普通"
    return "長い"
"""
WAIT_LABEL = """def wait_label(minutes):
    if minutes < 10:
        return "短い"
    if minutes < 30:
        return "普通"
    return "長い"
"""
AVERAGE_WAIT = """def average_wait(times):
    if not times:
        return 0.0
    return sum(times) / len(times)
"""
UNIQUE_SORTED = """def unique_sorted(numbers):
    return sorted(set(numbers))
"""
READ_ROWS = """import csv

def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
"""
TOTAL = """def total_population(rows):
    return sum(int(row["人口"]) for row in rows)
"""
MISSING_NAIVE = """def missing_households(rows):
    return [row["地区"] for row in rows if row["世帯数"] == ""]
"""
MISSING = """def missing_households(rows):
    return [row["地区"] for row in rows if not row["世帯数"].strip()]
"""
CENTER = """def center(values):
    return float(np.mean(values)), float(np.median(values))
"""
Z_SAMPLE_STD = """def z_scores(values):
    return (values - values.mean()) / values.std(ddof=1)
"""
Z = """def z_scores(values):
    return (values - values.mean()) / values.std()
"""
OUTLIERS = """def outliers(values):
    return values[np.abs(z_scores(values)) > 2]
"""
FIT = """def fit_line(x, y):
    a, b = np.polyfit(x, y, 1)
    return float(a), float(b)
"""
PREDICT = """def predict(a, b, x_new):
    return a * np.asarray(x_new) + b
"""
R2 = """def r_squared(x, y):
    a, b = fit_line(x, y)
    residual = y - predict(a, b, x)
    return float(1 - (residual ** 2).sum() / ((y - y.mean()) ** 2).sum())
"""

# notebook → username → attempts (answers by grade id), oldest first.
DEMO_ATTEMPTS: dict[str, dict[str, list[dict[str, str]]]] = {
    "python-basics.ipynb": {
        "sakura-practitioner": [
            {"wait_label": WAIT_LABEL_OFF_BY_ONE, "average_wait": AVERAGE_WAIT},
            {
                "wait_label": WAIT_LABEL,
                "average_wait": AVERAGE_WAIT,
                "unique_sorted": UNIQUE_SORTED,
            },
        ],
        "aoba-practitioner": [
            {
                "wait_label": WAIT_LABEL,
                "average_wait": AVERAGE_WAIT,
                "unique_sorted": UNIQUE_SORTED,
            },
        ],
    },
    "csv-standard-library.ipynb": {
        "sakura-practitioner": [
            {
                "read_rows": READ_ROWS,
                "total_population": TOTAL,
                "missing_households": MISSING_NAIVE,
            },
        ],
        "aoba-practitioner": [
            {"read_rows": READ_ROWS, "total_population": TOTAL, "missing_households": MISSING},
        ],
    },
    "numpy-statistics.ipynb": {
        "sakura-practitioner": [
            {"center": CENTER, "z_scores": Z_SAMPLE_STD, "outliers": OUTLIERS},
            {"center": CENTER, "z_scores": Z, "outliers": OUTLIERS},
        ],
    },
    "small-regression.ipynb": {
        "sakura-practitioner": [{"fit_line": FIT, "predict": PREDICT}],
    },
}
