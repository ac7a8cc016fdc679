"""The page: self-contained, no way out to another host, every model name inert."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st
from viewmodels import AS_OF, HOSTILE

from graphkit.model import Model
from graphkit.view import render_view, select_view
from graphkit.view.html import script_json, vis_data

ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "p", "main",
                "div", "aside", "h2", "ul", "li", "svg", "span", "line", "circle", "rect",
                "polygon", "ol", "br", "script"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


def test_hostile_names_add_no_tag_attribute_or_script(hostile: Model) -> None:
    page = render_view(hostile, as_of=AS_OF)
    p = parse(page)
    assert {t for t, _ in p.tags} <= ALLOWED_TAGS
    assert [t for t, _ in p.tags].count("script") == 3
    for tag, attrs in p.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        assert "href" not in attrs and "src" not in attrs, (tag, attrs)
    data = p.scripts[0]
    assert "<" not in data and ">" not in data  # nothing in the JSON can close its block
    outside = page.replace(data, "")
    for text in HOSTILE:
        if any(c in text for c in "<>\"'&"):
            assert text not in outside
    # the title is the organisation's name, as text
    assert p.tags[[t for t, _ in p.tags].index("title")]
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL)
    assert title is not None
    assert "<" not in title.group(1) and "&lt;img src=x onerror=" in title.group(1)


def test_graph_data_reads_back_unchanged(hostile: Model) -> None:
    page = render_view(hostile, as_of=AS_OF)
    p = parse(page)
    data = json.loads(p.scripts[0])
    expected = vis_data(select_view(hostile, as_of=AS_OF))
    assert data == json.loads(json.dumps(expected))
    labels = {n["title"].splitlines()[0] for n in data["nodes"]}
    assert "Person: <script>alert(1)</script>" in labels


def test_page_is_self_contained_and_locked_by_csp(small: Model) -> None:
    page = render_view(small, as_of=AS_OF)
    p = parse(page)
    assert not any(t in ("link", "iframe", "img", "object", "embed", "base", "form")
                   for t, _ in p.tags)
    csp = next(a["content"] for t, a in p.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp is not None and "default-src 'none'" in csp and "connect-src 'none'" in csp
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    for body in p.scripts[1:]:  # the vis-network library and the page's own script
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert digest in hashes
    assert len(hashes) == 2  # the JSON block is data, never run
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", page)


def test_legend_lists_the_kinds_drawn(small: Model) -> None:
    p = parse(render_view(small, as_of=AS_OF))
    text = " ".join(" ".join(p.text).split())
    for name in ("Person", "Role", "Asset", "Risk", "Duty (process or control)",
                 "holds as deputy", "inherits", "delegation", "Leaver",
                 "faded: not in force on 2026-06-01"):
        assert name in text
    only_people = parse(render_view(small, as_of=AS_OF, kinds=["person"]))
    text = " ".join(" ".join(only_people.text).split())
    assert "Role" not in text and "owner (accountable)" not in text


@given(st.text())
def test_script_json_never_closes_a_script(value: str) -> None:
    out = script_json({"label": value})
    assert json.loads(out) == {"label": value}
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
