"""A part of docs/benchmarks.md that one bench writes and another keeps: `python -m bench` rewrites the whole file but
carries over what `python -m bench.backends` wrote between its markers."""

BEGIN = "<!-- bench.backends: begin -->"
END = "<!-- bench.backends: end -->"


def section_of(text: str) -> str | None:
    """The marked part of `text`, markers included, or None."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        return None
    return text[start : end + len(END)]


def with_section(text: str, section: str) -> str:
    """`text` with its marked part replaced by `section` (markers included), or `section` added at the end."""
    old = section_of(text)
    if old is not None:
        return text.replace(old, section)
    return f"{text.rstrip()}\n\n{section}\n"


def kept(new: str, old: str) -> str:
    """The freshly written `new`, with the marked part of the `old` file carried over."""
    section = section_of(old)
    return new if section is None else with_section(new, section)
