"""Code that runs inside the sandbox, under the kernel environment's Python.

Nothing here may import Django or the ``grading`` package: the executor copies this directory, as the
package ``manabi_kernel``, into a read-only directory of the sandbox. It needs only the standard library
and, for ``kernel.py``, ipykernel.
"""
