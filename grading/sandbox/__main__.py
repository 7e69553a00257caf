"""``python -m grading.sandbox check`` | ``run NOTEBOOK.ipynb [--timeout S]`` — for operators.

``kernel-env-path`` prints where the kernel environment is expected (the install script asks).
``check`` prints what stops the sandbox from working here (exit 1), or how kernels will be isolated.
``run`` executes one notebook in the sandbox and prints each code cell's status and the log.
"""

import argparse
import sys

import nbformat

from .config import ExecutorConfig, SandboxUnavailableError
from .executor import Executor
from .launcher import preflight
from .limits import Limits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grading.sandbox", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="can notebooks be graded safely here?")
    commands.add_parser("kernel-env-path", help="where the kernel environment is expected")
    run = commands.add_parser("run", help="execute one notebook in the sandbox")
    run.add_argument("notebook")
    run.add_argument("--timeout", type=float, default=30.0, help="seconds per cell")
    args = parser.parse_args(argv)
    config = ExecutorConfig.from_env(pool_size=0)
    if args.command == "kernel-env-path":
        print(config.kernel_env)
        return 0
    problems = preflight(config)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    try:
        with Executor(config) as executor:
            if args.command == "check":
                print(executor.describe())
                return 0
            nb = nbformat.read(args.notebook, as_version=4)
            result = executor.execute(nb, Limits(cell_timeout=args.timeout))
    except SandboxUnavailableError as exc:
        print(exc, file=sys.stderr)
        return 1
    for index, cell in enumerate(result.notebook.cells):
        if cell.cell_type == "code":
            manabi = cell.metadata["manabi"]
            print(f"cell {index}: {manabi['status']} ({manabi['duration_ms']} ms)")
    print(f"{result.status}, sandboxed={result.sandboxed}, {result.executor_version}")
    print(result.log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
