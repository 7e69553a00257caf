"""Small text helpers for page fields written one item per line."""


def lines_of(text: str) -> list[str]:
    return [line.strip(" ・-*\t") for line in (text or "").splitlines() if line.strip(" ・-*\t")]
