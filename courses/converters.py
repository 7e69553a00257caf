"""URL converters of the learning pages' actions."""

from django.urls import register_converter


class DatabaseIdConverter:
    """An id the database can hold: a longer number names nothing (404) instead of overflowing the
    database's integer (a server error)."""

    regex = "[0-9]{1,10}"
    largest = 2**31 - 1  # PostgreSQL's integer

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > self.largest:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "db_id")
