"""System checks of grading's settings: the sandbox may be off only in development (DEBUG on)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


def sandbox_setting_problem() -> str:
    """Why this process may not grade with the executor settings in its environment ("" if it may).

    The worker refuses to start an executor for the same reason (``grading.execution``)."""
    from grading.sandbox.config import ExecutorConfig

    try:
        config = ExecutorConfig.from_env()
    except ValueError as error:
        return str(error)
    if not config.sandbox and not settings.DEBUG:
        return _(
            "MANABI_SANDBOX=off runs learners' code without the sandbox and is allowed only in "
            "development (DEBUG on). Remove MANABI_SANDBOX or set it to on."
        )
    return ""


@checks.register("grading")
def check_sandbox_setting(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problem = sandbox_setting_problem()
    return [checks.Error(problem, id="grading.E001")] if problem else []
