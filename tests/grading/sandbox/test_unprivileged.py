"""Does the sandbox hold when the service runs as an ordinary user instead of root?"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import HOSTILE, PROJECT, ensure_kernel_env

pytestmark = pytest.mark.kernel

NOBODY = 65534
SITE_PACKAGES = PROJECT / ".venv" / "lib" / "python3.11" / "site-packages"
SCRIPT = """
import json, os, sys
import nbformat
from grading.sandbox import Executor, ExecutorConfig, Limits

os.environ["MANABI_TEST_SECRET"] = "hunter2"
report = {}
with Executor(ExecutorConfig.from_env(sandbox=True, pool_size=1)) as executor:
    report["describe"] = executor.describe()
    for name in sys.argv[2:]:
        nb = nbformat.read(os.path.join(sys.argv[1], name + ".ipynb"), as_version=4)
        result = executor.execute(nb, Limits(cell_timeout=20), env={"PROJECT_FILE": __file__})
        cells = [c for c in result.notebook.cells if c.cell_type == "code"]
        report[name] = {
            "status": result.status,
            "sandboxed": result.sandboxed,
            "output": "".join(o.get("text", "") for o in cells[0].outputs),
        }
print(json.dumps(report))
"""


def reachable_by_others(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [*path.resolve().parents, path.resolve()])


def test_sandbox_works_for_an_ordinary_user():
    """The executor itself runs as 'nobody': kernels stay isolated, limited and unprivileged."""
    if os.geteuid() != 0:
        pytest.skip(
            "this session already runs as an ordinary user; every other kernel test covers it"
        )
    ensure_kernel_env()
    for needed in (PROJECT, SITE_PACKAGES, PROJECT / "var" / "kernel-env"):
        if not reachable_by_others(needed):
            pytest.skip(f"{needed} is not readable by other users here")
    home = Path(tempfile.mkdtemp(prefix="manabi-nobody-"))  # pytest's tmp_path is private to root
    home.chmod(0o755)
    script = home / "as_nobody.py"
    script.write_text(SCRIPT)
    script.chmod(0o644)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": f"{PROJECT}:{SITE_PACKAGES}",
        "MANABI_SANDBOX_RUN_DIR": f"/tmp/manabi-sandbox-test-{NOBODY}",
    }
    command = [
        "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
        "/usr/bin/python3", str(script), str(HOSTILE),
        "read-host-files", "privileges-dropped", "fork-bomb-counted",
    ]  # fmt: skip
    try:
        finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["describe"].startswith("sandbox: bubblewrap")
    assert f"the service's uid {NOBODY}" in report["describe"]
    files = report["read-host-files"]
    assert files["sandboxed"] is True
    assert "/etc/shadow FileNotFoundError" in files["output"]
    assert f"{script} FileNotFoundError" in files["output"]
    assert "secret visible False" in files["output"]
    privileges = report["privileges-dropped"]["output"]
    assert "CapEff 0000000000000000" in privileges
    assert "unshare user namespace refused" in privileges
    fork = report["fork-bomb-counted"]["output"]
    assert 0 < int(fork.split("fork refused after ")[1].split()[0]) < 64
