"""The embedded file-system broker, safe with several consumers (kombu's loses messages).

Kombu's file-system transport creates a message's file, then writes it; a consumer polling the folder
can take the file in between and read it empty, and the message is gone (a grade then waits in
"queued" until the stalled-grade sweep sends it again). Under a burst of submissions with two workers
polling every 50 ms this happens. Here a message is written under a name consumers ignore and renamed
into place (atomic), and a consumer claims a file by renaming it within the same folder (atomic; one
consumer wins), so every message is read whole, exactly once. Used by ``CELERY_BROKER_TRANSPORT`` when
the broker URL is ``filesystem://``; file names stay compatible with kombu's own transport.
"""

from __future__ import annotations

import os
import uuid
from contextlib import suppress
from queue import Empty
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import bytes_to_str, str_to_bytes
from kombu.utils.json import dumps, loads

_HIDDEN = "."  # a name starting with a dot is never a message (kombu's consumers skip it too)


class FilesystemChannel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f"{_HIDDEN}{name}.part")
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.rename(partial, final)
        except OSError as exc:
            with suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc

    def _get(self, queue):
        suffix = f".{queue}.msg"
        for name in sorted(os.listdir(self.data_folder_in)):
            if name.startswith(_HIDDEN) or name.partition(".")[2] != suffix[1:]:
                continue
            claimed = os.path.join(self.data_folder_in, f"{_HIDDEN}{name}.{os.getpid()}.claimed")
            try:
                os.rename(os.path.join(self.data_folder_in, name), claimed)
            except OSError:
                continue  # another consumer took it
            try:
                with open(claimed, "rb") as handle:
                    payload = handle.read()
                if self.store_processed:
                    os.replace(claimed, os.path.join(self.processed_folder, name))
                else:
                    os.remove(claimed)
            except OSError as exc:
                raise ChannelError(f"Cannot read file {claimed!r} from queue.") from exc
            return loads(bytes_to_str(payload))
        raise Empty()


class FilesystemTransport(filesystem.Transport):
    Channel = FilesystemChannel
