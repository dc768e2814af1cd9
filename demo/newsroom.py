"""A pretend newsroom on its own origin, carrying only Factcheck's embed snippet.

`make run` starts it beside the app: http://127.0.0.1:5001/2024/01/10/italy-signals-peace-talks/
is the seeded demo article as a WordPress theme would print it (curly quotes, an ad box,
a "read also" box, a captioned image, the theme's classes), under a strict
Content-Security-Policy that lets in Factcheck's script and API and nothing inline.
Standard library only:

    python demo/newsroom.py --factcheck http://127.0.0.1:5000 --site site_xxx [--port 5001]
"""

import argparse
import html
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_PATH = "/2024/01/10/italy-signals-peace-talks/"
CANONICAL = "http://127.0.0.1:5001" + ARTICLE_PATH

# The seeded article (seeds/italy-signals-peace-talks.txt) after a CMS's typography
# filter: curly quotes and apostrophes, an en dash, an ellipsis character, a no-break space.
PARAGRAPHS = [
    "Wednesday, 10\u00a0January 2024",
    "Italian Defence Minister Guido Crosetto states he has seen signals from Russia and Ukraine"
    " that it is time for diplomacy to pave the way for peace.",
    "According to Reuters, Crosetto stated in parliament that the Ukrainian counteroffensive of"
    " 2023 did not produce the desired result and that the military situation should be viewed"
    " realistically.",
    "\u201cFrom this perspective \u2026 it would seem that the time has come for incisive"
    " diplomacy, alongside military support, because there are a number of important signals"
    " coming from both sides,\u201d Crosetto said.",
    "Crosetto explained that Russia is gradually demonstrating a willingness to negotiate and"
    " defend its economy, while Ukraine\u2019s position, in his opinion, looks less"
    " uncompromising than before.",
    "AD",
    "\u201cAll of this must be taken into consideration on the path towards negotiations to stop"
    " the conflict and the subsequent process of normalisation of relations, not only of Russia"
    " with Ukraine, but also with Western countries,\u201d he said.",
    "\u201cIn Ukraine, the domestic front appears to be no longer as united as in the past in"
    " supporting President Zelenskyy\u2019s policy, highlighting some divergences in the"
    " political discourse,\u201d the Italian Defence Minister noted.",
    "Notably, during President Volodymyr Zelenskyy\u2019s visit to Vilnius on Wednesday, he said"
    " that there was no pressure from partners to stop defending Ukraine and freeze the conflict.",
    "READ-ALSO",
    "Crosetto, a strong supporter of Kyiv and a senior member of Prime Minister Georgia"
    " Maloney\u2019s Brothers of Italy party, reiterated that any peace talks must clearly"
    " recognise Russia\u2019s aggression against Ukraine in February 2022.",
    "\u201cThe full territorial integrity and recognised borders of Ukraine remain the goal of the"
    " entire international community,\u201d he said.",
    "On Wednesday, the Lower House of the Italian parliament voted in favour of a resolution to"
    " continue military support for Ukraine.",
    "Prior to that, the Italian Council of Ministers supported the extension for another year"
    " \u2013 until the end of 2024 \u2013 of the powers that allow Italy to provide military and"
    " military-technical assistance to Ukraine.",
]
TITLE = (
    "Italy Sees \u201cImportant Signals\u201d for Starting Peace Talks between Russia and Ukraine"
)
PICTURE = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='640' height='300'%3E"
    "%3Crect width='640' height='300' fill='%23b9c4cf'/%3E%3C/svg%3E"
)

STYLESHEET = """
body { margin: 0; font: 18px/1.6 Georgia, serif; color: #222; background: #fdfcf9; }
.site-header { background: #13294b; color: #fff; padding: 12px 24px; font: 700 22px sans-serif; }
.site-header nav a { color: #cfe0ff; margin-right: 16px; font: 400 15px sans-serif; }
.site-main { max-width: 720px; margin: 0 auto; padding: 24px; }
.entry-title { font-size: 34px; line-height: 1.2; }
.entry-meta { color: #666; font: 14px sans-serif; }
.wp-block-image img { width: 100%; height: auto; }
.wp-element-caption { color: #666; font-size: 14px; }
.ad-slot { border: 1px dashed #aaa; padding: 24px; text-align: center; color: #999; }
.read-also { border-left: 4px solid #13294b; padding: 4px 12px; font: 15px sans-serif; }
.factcheck-note { font: 14px sans-serif; color: #555; border-top: 1px solid #ddd; }
"""


def csp(factcheck: str) -> str:
    """The strict policy a newsroom keeps, plus the two lines Factcheck's widget needs."""
    return (
        f"default-src 'self'; script-src 'self' {factcheck}; connect-src {factcheck}; "
        "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'"
    )


def _block(text: str) -> str:
    if text == "AD":
        return '<div class="ad-slot ad-inline" id="div-gpt-ad-2">Advertisement</div>'
    if text == "READ-ALSO":
        return (
            '<aside class="read-also"><strong>Read also:</strong> '
            '<a href="/2024/01/09/">Zelenskyy in Vilnius: \u201cno pressure from partners\u201d</a>'
            "</aside>"
        )
    return f"<p>{html.escape(text, quote=False)}</p>"


def article_html(
    factcheck: str, site: str, *, canonical: str = CANONICAL, stylesheet: str = "/newsroom.css"
) -> str:
    """The demo article as a CMS prints it, with the embed snippet and nothing else of ours."""
    body = "\n".join(_block(text) for text in PARAGRAPHS)
    e = html.escape
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(TITLE)} \u2013 The Demo Newsroom</title>
<link rel="canonical" href="{e(canonical)}">
<link rel="stylesheet" href="{e(stylesheet)}">
<script src="{e(factcheck)}/embed.js" data-site="{e(site)}" defer></script>
</head>
<body class="post-template-default single single-post postid-4821 single-format-standard">
<header class="site-header">The Demo Newsroom
<nav><a href="/">Home</a><a href="/world/">World</a><a href="/politics/">Politics</a></nav>
</header>
<main id="main" class="site-main">
<article id="post-4821"
 class="post-4821 post type-post status-publish format-standard hentry category-world">
<header class="entry-header">
<h1 class="entry-title">{e(TITLE)}</h1>
<div class="entry-meta"><span class="posted-on">10 January 2024</span>
<span class="byline">by <span class="author vcard">Newsroom staff</span></span></div>
</header>
<figure class="wp-block-image size-large"><img src="{PICTURE}" alt="Guido Crosetto in parliament">
<figcaption class="wp-element-caption">Guido Crosetto in parliament.
Photo: Newsroom archive</figcaption>
</figure>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer">
<p class="factcheck-note">If you notice an error, select the text and press Ctrl+Enter to report it
to the editors. <a href="#" data-factcheck-report-link>Report an error</a></p>
</footer>
</article>
</main>
</body>
</html>
"""


def handler(factcheck: str, site: str) -> type[BaseHTTPRequestHandler]:
    class Newsroom(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/":
                self.send_response(302)
                self.send_header("Location", ARTICLE_PATH)
                self.end_headers()
                return
            if path == ARTICLE_PATH:
                self._send(article_html(factcheck, site), "text/html; charset=utf-8")
            elif path == "/newsroom.css":
                self._send(STYLESHEET, "text/css; charset=utf-8")
            elif path == "/favicon.ico":
                self.send_response(204)
                self.end_headers()
            else:
                self.send_error(404)

        def _send(self, text: str, mimetype: str) -> None:
            data = text.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", mimetype)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", csp(factcheck))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Newsroom


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factcheck", default="http://127.0.0.1:5000", help="the app's origin")
    parser.add_argument("--site", required=True, help="the demo site's key")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    options = parser.parse_args(argv)
    if not options.site.startswith("site_"):
        sys.exit("newsroom: no demo site key (does `flask --app app seed` print 'demo site: …'?)")
    server = ThreadingHTTPServer(
        (options.host, options.port), handler(options.factcheck, options.site)
    )
    print(
        f"  The demo newsroom is at http://{options.host}:{options.port}{ARTICLE_PATH}", flush=True
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
