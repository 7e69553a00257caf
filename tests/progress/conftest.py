from tests.courses.conftest import aoba, home, make_staff, sakura, staff_factory  # noqa: F401
