"""Generate saved web pages around an article: navigation, cookie banner, share
buttons, related links, comments and footer, scripts and styles.

Three templates: a news site with ``<article>``, a blog of ``<div>``s with
class names, and a think-tank page with no semantic tags at all.
"""

from __future__ import annotations

import html
from pathlib import Path

from tests.samples.articles import Article, strip_markers

# Text that must never reach the reading text.
BOILERPLATE = [
    "Home", "World News", "Subscribe now", "Sign in",
    "We use cookies to improve your experience", "Accept all cookies", "Manage preferences",
    "Share on Facebook", "Share on X", "Copy link",
    "Related stories", "Markets rally as oil prices fall", "Ten recipes for the summer",
    "Most read", "Celebrity chef opens new restaurant",
    "Contact us", "Privacy policy", "All rights reserved",
    "window.dataLayer", "font-family",
    "Leave a comment", "Great article, thanks for sharing",
]

_NAV = """<header class="site-header"><nav class="main-nav"><ul>
<li><a href="/">Home</a></li><li><a href="/world">World News</a></li>
<li><a href="/subscribe">Subscribe now</a></li><li><a href="/login">Sign in</a></li></ul></nav></header>"""
_COOKIES = """<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience
on our site and to show you relevant advertising.</p><button>Accept all cookies</button>
<button>Manage preferences</button></div>"""
_SHARE = """<div class="share-buttons social"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
<a href="#">Copy link</a></div>"""
_RELATED = """<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Markets rally as oil prices fall</a></li>
<li><a href="/b">Ten recipes for the summer</a></li></ul>
<h3>Most read</h3><ol><li><a href="/c">Celebrity chef opens new restaurant</a></li></ol></aside>"""
_COMMENTS = """<section id="comments" class="comments"><h3>Leave a comment</h3>
<div class="comment"><p>Great article, thanks for sharing</p></div></section>"""
_FOOTER = """<footer class="site-footer"><a href="/contact">Contact us</a> | <a href="/privacy">Privacy policy</a>
<p>&copy; 2026 Northern Policy Review. All rights reserved.</p></footer>"""
_SCRIPT = """<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>"""
_STYLE = """<style>body { font-family: Georgia, serif; } .cookie-consent { position: fixed; }</style>"""


def _body(article: Article, tag: str = "p") -> str:
    e = html.escape
    parts = []
    for number, (heading, paragraphs) in enumerate(article.sections):
        parts.append(f"<h2>{e(heading)}</h2>")
        parts.extend(f"<{tag}>{e(strip_markers(p))}</{tag}>" for p in paragraphs)
        if number == 0:
            parts.append("<ul>" + "".join(f"<li>{e(item)}</li>" for item in article.items) + "</ul>")
            head, *rows = article.table
            parts.append("<table><thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in head) + "</tr></thead><tbody>"
                         + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
                         + "</tbody></table>")
    return "\n".join(parts)


def _head(article: Article) -> str:
    e = html.escape
    return f"""<head><meta charset="utf-8"><title>{e(article.title)} | {e(article.source)}</title>
<meta property="og:title" content="{e(article.title)}">
<meta property="og:site_name" content="{e(article.source)}">
<meta property="article:published_time" content="{article.date}T08:30:00+00:00">
<meta name="author" content="{e(article.author)}">
{_STYLE}{_SCRIPT}</head>"""


def news_page(article: Article) -> str:
    e = html.escape
    return f"""<!DOCTYPE html><html lang="en">{_head(article)}<body>{_COOKIES}{_NAV}
<main><article><h1>{e(article.title)}</h1>{_SHARE}
{_body(article)}
</article>{_RELATED}{_COMMENTS}</main>{_FOOTER}{_SCRIPT}</body></html>"""


def blog_page(article: Article) -> str:
    e = html.escape
    return f"""<!DOCTYPE html><html>{_head(article)}<body>{_NAV}<div class="wrapper"><div class="sidebar">{_RELATED}</div>
<div class="post-content entry"><h1 class="entry-title">{e(article.title)}</h1>{_SHARE}
{_body(article)}
{_SHARE}</div>{_COMMENTS}</div>{_FOOTER}{_COOKIES}</body></html>"""


def plain_page(article: Article) -> str:
    """No semantic tags or telling class names: only the text decides."""
    e = html.escape
    return f"""<html>{_head(article)}<body><div>{_NAV.replace('header', 'div').replace('nav', 'div')}</div>
<div><div>{_COOKIES.replace('cookie', 'x')}</div><div><h1>{e(article.title)}</h1>
{_body(article)}</div><div>{_SHARE.replace('share', 'y').replace('social', 'z')}</div>
<div>{_RELATED.replace('aside', 'div').replace('related', 'w')}</div></div>
<div>{_FOOTER.replace('footer', 'div')}</div></body></html>"""


TEMPLATES = {"news": news_page, "blog": blog_page, "plain": plain_page}


def make_html(path: Path, article: Article, template: str = "news") -> Path:
    path.write_text(TEMPLATES[template](article), encoding="utf-8")
    return path
