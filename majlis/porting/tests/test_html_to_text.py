from __future__ import annotations

from majlis.porting.records import html_to_text


class TestHtmlToText:
    def test_paragraphs_become_blank_lines_and_breaks_newlines(self):
        assert html_to_text("<p>one<br>two</p><p>three</p>") == "one\ntwo\n\nthree"

    def test_tags_go_and_entities_are_read(self):
        assert html_to_text('<a href="x">link</a> &amp; <i>&lt;b&gt;</i>') == "link & <b>"

    def test_markup_written_as_entities_stays_text(self):
        assert html_to_text("&lt;script&gt;alert(1)&lt;/script&gt;") == "<script>alert(1)</script>"

    def test_only_whitespace_is_nothing(self):
        assert html_to_text("<p> </p>\n\n<p>&#32;</p>") == ""
