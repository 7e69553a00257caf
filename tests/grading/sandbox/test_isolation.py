"""Does each submission run alone: no network, no host files, no secrets, no neighbours, no privileges?"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grading.sandbox import Limits

from .conftest import PROJECT, SECRET_NAME, code_cells, hostile, line_starting, text

pytestmark = pytest.mark.kernel


@pytest.fixture
def host_listener() -> Iterator[int]:
    """A TCP service on the host's loopback that the test process itself can reach."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    port = server.getsockname()[1]
    socket.create_connection(("127.0.0.1", port), timeout=2).close()  # reachable from the host
    yield port
    server.close()


def host_port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def test_network_is_cut_off_even_from_host_loopback_services(executor, host_listener):
    """Can a submission reach PostgreSQL, Redis, any service on the host's loopback, or the outside?"""
    reachable_from_host = [port for port in (5432, 6379) if host_port_open(port)]
    result = executor.execute(hostile("network-refused"), env={"PROBE_PORT": str(host_listener)})
    output = text(code_cells(result.notebook)[0])
    for port in (5432, 6379, host_listener):
        assert (
            line_starting(output, f"tcp 127.0.0.1:{port} ") == f"tcp 127.0.0.1:{port} ECONNREFUSED"
        )
    assert "interfaces ['lo']" in output
    assert "route to 192.0.2.1 ENETUNREACH" in output
    assert result.sandboxed is True
    # Where PostgreSQL and Redis run (they do on the development machines and in CI), the host
    # reaches them while the kernel is refused.
    for port in reachable_from_host:
        assert f"tcp 127.0.0.1:{port} ECONNREFUSED" in output


def test_project_files_shadow_and_service_environment_are_invisible(executor):
    """Can a submission read /etc/shadow, the project's files, /root, or the service's secrets?"""
    project_file = str(PROJECT / "pyproject.toml")
    result = executor.execute(hostile("read-host-files"), env={"PROJECT_FILE": project_file})
    output = text(code_cells(result.notebook)[0])
    assert line_starting(output, "/etc/shadow ") == "/etc/shadow FileNotFoundError"
    assert line_starting(output, project_file) == f"{project_file} FileNotFoundError"
    assert line_starting(output, "/root/.bashrc ") == "/root/.bashrc FileNotFoundError"
    assert "secret visible False" in output
    assert SECRET_NAME not in output
    root = line_starting(output, "root ")
    assert "'work'" not in root
    assert "'root'" not in root
    assert not line_starting(output, "uid ").startswith("uid 0 ")


def test_other_kernels_and_earlier_files_are_invisible(executor):
    """Can a submission see other kernels (running meanwhile) or files an earlier one left behind?"""
    neighbour = threading.Thread(
        target=executor.execute,
        args=(new_notebook(cells=[new_code_cell("import time\ntime.sleep(2)")]),),
    )
    neighbour.start()
    try:
        outputs = [text(code_cells(executor.execute(hostile("neighbours-invisible")).notebook)[0])]
        outputs.append(
            text(code_cells(executor.execute(hostile("neighbours-invisible")).notebook)[0])
        )
    finally:
        neighbour.join()
    for output in outputs:
        assert "marker in cwd False marker in tmp False" in output
        assert "cwd /home/learner []" in output
        assert "manabi PermissionError" in output
        assert "connection files ['/run/kernel/kernel.json']" in output
        assert "processes [1]" in output


def test_no_place_is_shared_between_kernels(executor):
    """Every writable place is the kernel's own: nothing written there reaches the next kernel."""
    for _ in range(2):
        output = text(code_cells(executor.execute(hostile("shared-places")).notebook)[0])
        assert "found []" in output
        assert "writable ['/dev/shm', '/tmp', '/run/kernel', '.']" in output
        assert "ptys ['ptmx']" in output


def test_kernel_has_no_capabilities_and_cannot_make_namespaces(executor):
    """Does the kernel hold any capability, or may it gain privileges or new user namespaces?"""
    output = text(code_cells(executor.execute(hostile("privileges-dropped")).notebook)[0])
    assert "CapEff 0000000000000000 CapBnd 0000000000000000" in output
    assert "NoNewPrivs 1" in output
    assert "unshare user namespace refused" in output
    assert "pid 1" in output


def test_ipython_history_does_not_leak_between_submissions(executor):
    """Can a submission find an earlier submission's code in IPython's history?"""
    executor.execute(hostile("history-write"))
    output = text(code_cells(executor.execute(hostile("history-read")).notebook)[0])
    assert "history hits 0" in output
    assert "history files []" in output


def test_numpy_random_numbers_differ_between_kernels(executor):
    """Forked kernels inherit the fork server's memory: do they all draw the same random numbers?"""
    first = text(code_cells(executor.execute(hostile("numpy-random")).notebook)[0]).split()
    second = text(code_cells(executor.execute(hostile("numpy-random")).notebook)[0]).split()
    assert first[0] == "numpy"
    assert second[0] == "numpy"
    assert first[1] != second[1]  # numpy's global generator, re-seeded in each kernel
    assert first[3] != second[3]  # Python's random module


def test_pool_hands_out_a_fresh_kernel_every_time(executor):
    """Does any state (globals, builtins) of one submission survive into the next?"""
    results = [executor.execute(hostile("fresh-kernel")) for _ in range(3)]
    for result in results:
        assert text(code_cells(result.notebook)[0]) == "seen before False False\n"
    assert len({result.kernel_id for result in results}) == 3


def test_pre_started_kernels_serve_default_limits_without_waiting(executor):
    """With default limits and environment, a submission takes a kernel the pool started earlier."""
    executor.execute(new_notebook(cells=[new_code_cell("1")]))  # the pool refills meanwhile
    result = executor.execute(new_notebook(cells=[new_code_cell("1")]), Limits())
    assert "started on demand" not in result.log
