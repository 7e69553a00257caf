"""Demo data, loaded by ``manage.py load_demo``. Each feature adds its loader to ``DEMO_LOADERS``.

Every loader is idempotent: running ``load_demo`` again changes nothing.
"""

DEMO_PASSWORD = "manabi-demo"  # noqa: S105 (documented demo password, demo data only)

# Dotted paths of functions ``load(out)``, run in this order inside one transaction each.
DEMO_LOADERS = [
    "lms.demo.people.load",
    "courses.demo.load",
    "grading.demo.load",
    "lms.reports.demo.load",
]
