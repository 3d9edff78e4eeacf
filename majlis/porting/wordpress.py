"""WordPress's export (WXR): an RSS feed whose `<item>`s are posts, each with its
`<wp:comment>`s; the `wp:` namespace's version (1.0 to 1.2) depends on the WordPress."""

from __future__ import annotations

from xml.etree import ElementTree

from majlis.porting.records import (
    Comment,
    Export,
    ImportFormatError,
    State,
    Thread,
    html_to_text,
    parse_datetime,
    parse_xml,
    text_of,
)

WP_PREFIX = "{http://wordpress.org/export/"
# What wp:comment_approved holds; anything else is refused as not WXR.
STATES = {
    "1": State.APPROVED,
    "0": State.PENDING,
    "spam": State.SPAM,
    "trash": State.DELETED,
    "post-trashed": State.DELETED,
}
# Pingbacks and trackbacks are links from other sites, not comments.
COMMENT_TYPES = {"", "comment"}
NO_DATE = "0000-00-00 00:00:00"


def parse(path) -> Export:
    root = parse_xml(path)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportFormatError("not a WordPress export: no <rss><channel>")
    wp = _wp_namespace(channel)
    export = Export(threads=[], comments=[])
    for number, item in enumerate(channel.findall("item"), start=1):
        post_id = text_of(item, f"{wp}post_id")
        comments = item.findall(f"{wp}comment")
        if not comments:
            continue
        if not post_id:
            raise ImportFormatError(f"item #{number}: has comments but no wp:post_id")
        where = f"post {post_id}"
        date = _date(item, f"{wp}post_date", where)
        export.threads.append(
            Thread(
                key=post_id,
                title=text_of(item, "title"),
                url=text_of(item, "link"),
                created_at=date,
            )
        )
        for element in comments:
            if text_of(element, f"{wp}comment_type") not in COMMENT_TYPES:
                export.skipped += 1
                continue
            export.comments.append(_comment(element, wp, post_id, where))
    return export


def _comment(element: ElementTree.Element, wp: str, post_id: str, where: str) -> Comment:
    comment_id = text_of(element, f"{wp}comment_id")
    if not comment_id:
        raise ImportFormatError(f"{where}: a comment without wp:comment_id")
    where = f"comment {comment_id}"
    approved = text_of(element, f"{wp}comment_approved")
    if approved not in STATES:
        raise ImportFormatError(f"{where}: unknown wp:comment_approved {approved!r}")
    created = _date(element, f"{wp}comment_date", where)
    if created is None:
        raise ImportFormatError(f"{where}: has no date")
    parent = text_of(element, f"{wp}comment_parent", "0")
    return Comment(
        source_id=comment_id,
        thread_key=post_id,
        parent_id=None if parent == "0" else parent,
        author_name=text_of(element, f"{wp}comment_author"),
        author_email=text_of(element, f"{wp}comment_author_email"),
        body=html_to_text(text_of(element, f"{wp}comment_content")),
        created_at=created,
        state=STATES[approved],
    )


def _date(element: ElementTree.Element, name: str, where: str):
    """The UTC date (`name`_gmt), or the site's local one where WordPress left it unset."""
    for candidate in (f"{name}_gmt", name):
        value = text_of(element, candidate)
        if value and value != NO_DATE:
            return parse_datetime(value, where)
    return None


def _wp_namespace(channel: ElementTree.Element) -> str:
    for element in channel.iter():
        if element.tag.startswith(WP_PREFIX):
            namespace = element.tag.partition("}")[0] + "}"
            if namespace.rstrip("}/").rpartition("/")[2][:1].isdigit():
                return namespace
    raise ImportFormatError("not a WordPress export: no wp: elements")
