"""URL converters shared by every app."""

from django.urls import register_converter


class DatabaseIdConverter:
    """An id a 64-bit primary key can hold: a longer number names nothing (404) instead of
    overflowing the database's bigint (a server error on PostgreSQL)."""

    regex = "[0-9]{1,19}"
    largest = 2**63 - 1

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.largest:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "id")
