"""demo/newsroom.py: the demo article as a CMS prints it, only the snippet, a strict CSP."""

import re
from pathlib import Path

from demo import newsroom
from factcheck.domain.pagetext import fold, page_blocks

SEED = Path(__file__).resolve().parents[2] / "seeds" / "italy-signals-peace-talks.txt"


def stored_text() -> str:
    """The seed file's headline and body, as canonical text."""
    head, body = SEED.read_text(encoding="utf-8").split("\n\n", 1)
    title = next(line for line in head.splitlines() if line.startswith("Title: "))[7:]
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    return "\n\n".join([title, *paragraphs])


def test_the_page_carries_the_snippet_and_no_other_script_or_inline_style():
    page = newsroom.article_html("http://127.0.0.1:5000", "site_demo")
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script src="http://127.0.0.1:5000/embed.js" data-site="site_demo" defer>']
    assert "style=" not in page and "<style" not in page
    assert f'<link rel="canonical" href="{newsroom.CANONICAL}">' in page


def test_the_policy_lets_in_factcheck_and_nothing_inline():
    policy = newsroom.csp("http://127.0.0.1:5000")
    assert "script-src 'self' http://127.0.0.1:5000;" in policy
    assert "connect-src http://127.0.0.1:5000;" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_pages_article_text_is_the_stored_text_after_the_matching_fold():
    page = newsroom.article_html("http://127.0.0.1:5000", "site_demo")
    body = page_blocks(page, "div.entry-content")
    title = page_blocks(page, "h1.entry-title")
    shown = "\n\n".join(title + body)
    assert shown != stored_text()  # typography, NBSP: not verbatim…
    assert fold(shown) == fold(stored_text())  # …but the same words
    assert "Advertisement" not in shown and "Read also" not in shown
    assert "Photo: Newsroom archive" not in "\n\n".join(page_blocks(page))
