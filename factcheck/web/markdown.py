"""A small, safe Markdown subset for the API reference's descriptions: paragraphs, `-`/`1.`
lists, `code`, **bold**, *emphasis* and [links](https://…). Everything is escaped first;
only the markup this module writes is HTML, so a description can never inject a tag."""

import re

from markupsafe import Markup, escape

# Inline code first: nothing inside backticks is read as Markdown.
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
# [text](target): an http(s) address, a path on this site, or a fragment. The text and
# target have already been escaped, so neither can close the attribute or the tag.
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|/(?!/)|#)[^)\s]*)\)")
_BULLET = re.compile(r"[-*] +(.*)")
_NUMBERED = re.compile(r"[0-9]{1,3}[.)] +(.*)")
_PLACEHOLDER = "\x00{}\x00"


def _inline(text: str) -> str:
    """One line or paragraph of text as escaped HTML with the inline markup applied."""
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(f"<code>{escape(match[1])}</code>")
        return _PLACEHOLDER.format(len(codes) - 1)

    html = str(escape(_CODE.sub(keep, text.replace("\x00", ""))))
    html = _LINK.sub(lambda m: f'<a href="{m[2]}">{m[1]}</a>', html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _EMPHASIS.sub(r"<em>\1</em>", html)
    return re.sub("\x00([0-9]+)\x00", lambda m: codes[int(m[1])], html)


def _block(lines: list[str]) -> str:
    items = [_BULLET.fullmatch(line) or _NUMBERED.fullmatch(line) for line in lines]
    if all(items):
        tag = "ol" if _NUMBERED.fullmatch(lines[0]) else "ul"
        body = "".join(f"<li>{_inline(item[1])}</li>" for item in items if item)
        return f"<{tag}>{body}</{tag}>"
    return f"<p>{_inline(' '.join(lines))}</p>"


def render(text: str | None) -> Markup:
    """`text` (Markdown) as safe HTML: one block per run of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    # Every piece of text in it went through escape(); only this module's tags are markup.
    return Markup("".join(_block(lines) for lines in blocks if lines))  # noqa: S704


def render_inline(text: str | None) -> Markup:
    """One line (a summary) with the inline markup only: no paragraph around it."""
    return Markup(_inline(" ".join((text or "").split())))  # noqa: S704 (escaped in _inline)
