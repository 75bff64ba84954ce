"""Rendering report blocks (:mod:`~escalation_sim.report.blocks`) as one HTML page and its
Markdown twin.

Both renderings walk the same list of blocks, so the two files say the same thing in the same
order. The HTML loads nothing (images are ``data:`` URIs, CSS is inline, a Content-Security-
Policy forbids the rest) and escapes every piece of text; the Markdown neutralises ``<`` and
escapes ``|`` inside table cells.
"""

from __future__ import annotations

import html
import re

from .blocks import Block, FigureBlock, TableBlock

_IDENT = re.compile(r"[\w.\-]+")  # safe inside a Markdown code span
NOTE_LEAD = "Scenario-conditional estimates, not predictions."


CSS = """
:root{--ink:#1d2430;--muted:#5b6676;--line:#d8dde5;--head:#f3f5f8;--warn:#b26b00;--warnbg:#fff6e0}
*{box-sizing:border-box} main{max-width:1080px;margin:0 auto;padding:2rem 1.5rem 3rem}
body{margin:0;background:#fff;color:var(--ink);
 font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:2rem;margin:0 0 .5rem} h3{font-size:1.05rem;margin:1.5rem 0 .4rem}
h2{font-size:1.35rem;margin:2.4rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid #d8dde5}
p.question{font-size:1.2rem;margin:.2rem 0 .8rem}
p.note{border-left:6px solid var(--warn);background:var(--warnbg);padding:.8rem 1rem;
 margin:1.4rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.86rem}
th,td{padding:.35rem .55rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600} tr.sub td:first-child{padding-left:1.8rem}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
td:first-child code{white-space:nowrap}
figure{margin:1.4rem 0} figcaption{color:var(--muted);font-size:.9rem;margin-top:.4rem}
figure img{display:block;max-width:100%;height:auto;border:1px solid var(--line)}
@media print{body{font-size:10.5pt} main{max-width:none;padding:0} h2,h3{break-after:avoid}
 tr,figure{break-inside:avoid} p.note{border:1px solid var(--warn);border-left-width:6px}}
"""
# Defence in depth for text from user files: nothing may load or run; images are data: only.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def _html_block(block: Block, images: dict[str, str]) -> str:
    esc = html.escape
    if isinstance(block, TableBlock):

        def row(cells, tag: str, cls: str = "") -> str:
            out = []
            for i, c in enumerate(cells):
                body = f"<code>{esc(c)}</code>" if tag == "td" and i in block.code else esc(c)
                num = ' class="num"' if i in block.numeric else ""  # headers align too
                out.append(f"<{tag}{num}>{body}</{tag}>")
            return f"<tr{cls}>{''.join(out)}</tr>"

        sub = ' class="sub"'
        rows = "".join(
            row(r, "td", sub if i in block.sub_rows else "") for i, r in enumerate(block.rows)
        )
        return f"<table><thead>{row(block.header, 'th')}</thead><tbody>{rows}</tbody></table>"
    if isinstance(block, FigureBlock):
        return (
            f'<figure><img src="{images[block.name]}" alt="{esc(block.title)}">'
            f"<figcaption><strong>{esc(block.title)}.</strong> {esc(block.caption)}</figcaption>"
            "</figure>"
        )
    if block.kind in ("h1", "h2", "h3"):
        return f"<{block.kind}>{esc(block.text)}</{block.kind}>"
    if block.kind == "note":
        return f'<p class="note" role="note"><strong>{NOTE_LEAD}</strong> {esc(block.text)}</p>'
    cls = ' class="question"' if block.kind == "question" else ""
    return f"<p{cls}>{esc(block.text)}</p>"


def _md(text: str, cell: bool = False) -> str:
    """Markdown-safe text: no raw HTML tags from user files, no table breaks inside a cell."""
    text = text.replace("<", "&lt;")
    return " ".join(text.split()).replace("|", "\\|") if cell else text


def _md_block(block: Block, links: dict[str, str]) -> str:
    if isinstance(block, TableBlock):
        rows = [
            [_md(h, True) for h in block.header],
            ["---:" if i in block.numeric else "---" for i in range(len(block.header))],
        ]
        for r in block.rows:
            code = [i in block.code and _IDENT.fullmatch(c) for i, c in enumerate(r)]
            rows.append([f"`{c}`" if k else _md(c, True) for c, k in zip(r, code, strict=True)])
        return "\n".join(f"| {' | '.join(r)} |" for r in rows)
    if isinstance(block, FigureBlock):
        return f"![{_md(block.title, True)}]({links[block.name]})\n\n*{_md(block.caption)}*"
    if block.kind in ("h1", "h2", "h3"):
        return f"{'#' * int(block.kind[1])} {_md(block.text)}"
    lead = {"question": "**Question:** ", "note": f"> **{NOTE_LEAD}** "}.get(block.kind, "")
    return lead + _md(block.text)


def render(
    blocks: list[Block], images: dict[str, str], links: dict[str, str], title: str
) -> tuple[str, str]:
    """(HTML page, Markdown text) of the same blocks.

    ``images`` maps each figure's name to the ``data:`` URI the page embeds, ``links`` to the
    (relative, URL-quoted) path the Markdown links.
    """
    body = "\n".join(_html_block(b, images) for b in blocks)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} - escalation-sim report</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return page, "\n\n".join(_md_block(b, links) for b in blocks) + "\n"
