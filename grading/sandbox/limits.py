"""Resource and time limits for one notebook execution."""

from dataclasses import asdict, dataclass, fields

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Times in seconds, sizes in bytes.

    ``memory``, ``processes``, ``file_size``, ``workdir`` and ``cpu_time`` are applied when a kernel
    starts (pre-started kernels carry the executor's default ones; other values start a kernel on
    demand). The timeouts and output sizes are enforced by the executor while it runs the cells.
    """

    cell_timeout: float = 30.0  # wall time per cell (nbgrader's default); then interrupt, go on
    notebook_timeout: float = 120.0  # wall time for all cells together; then stop
    memory: int = 1 * GIB  # memory cgroup limit when available, and RLIMIT_DATA per process
    processes: int = 64  # processes and threads of the kernel (RLIMIT_NPROC in its own user ns)
    file_size: int = 32 * MIB  # largest file the kernel may write (RLIMIT_FSIZE)
    workdir: int = 64 * MIB  # size of the kernel's private $HOME (its cwd) and of its /tmp
    cpu_time: int = 120  # CPU seconds per process (RLIMIT_CPU)
    output_bytes: int = 2 * MIB  # outputs kept for the whole notebook; the rest is dropped
    cell_output_bytes: int = 512 * KIB  # outputs kept per cell

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"Limits.{field.name} must be a positive number, not {value!r}")
        if self.memory < 64 * MIB:
            raise ValueError("Limits.memory must be at least 64 MiB")

    def kernel_limits(self) -> dict[str, int]:
        """The limits a kernel receives when it starts."""
        return {
            "memory": int(self.memory),
            "processes": int(self.processes),
            "file_size": int(self.file_size),
            "workdir": int(self.workdir),
            "cpu_time": max(1, int(self.cpu_time)),
        }

    def as_dict(self) -> dict:
        return asdict(self)
