"""Disqus's XML export: `<thread>` elements for pages and `<post>` elements for comments,
tied together by their `dsq:id` attributes."""

from __future__ import annotations

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

NS = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def parse(path) -> Export:
    root = parse_xml(path)
    if root.tag != f"{NS}disqus":
        raise ImportFormatError(f"not a Disqus export: the root element is <{_local(root.tag)}>")
    threads = []
    for number, element in enumerate(root.findall(f"{NS}thread"), start=1):
        if not element.get(DSQ_ID):
            raise ImportFormatError(f"thread #{number}: has no dsq:id")
        where = f"thread {element.get(DSQ_ID)} (thread #{number})"
        created = text_of(element, f"{NS}createdAt")
        threads.append(
            Thread(
                key=element.get(DSQ_ID),
                title=text_of(element, f"{NS}title") or text_of(element, f"{NS}link"),
                url=text_of(element, f"{NS}link"),
                created_at=parse_datetime(created, where) if created else None,
            )
        )
    comments = []
    for number, element in enumerate(root.findall(f"{NS}post"), start=1):
        source_id = element.get(DSQ_ID)
        where = f"post {source_id} (post #{number})"
        thread = element.find(f"{NS}thread")
        if not source_id or thread is None or not thread.get(DSQ_ID):
            raise ImportFormatError(f"post #{number}: needs a dsq:id and a thread")
        parent = element.find(f"{NS}parent")
        author = element.find(f"{NS}author")
        if text_of(element, f"{NS}isSpam") == "true":
            state = State.SPAM
        elif text_of(element, f"{NS}isDeleted") == "true":
            state = State.DELETED
        else:
            state = State.APPROVED
        comments.append(
            Comment(
                source_id=source_id,
                thread_key=thread.get(DSQ_ID),
                parent_id=parent.get(DSQ_ID) if parent is not None else None,
                author_name=text_of(author, f"{NS}name") or text_of(author, f"{NS}username"),
                author_email=text_of(author, f"{NS}email"),
                body=html_to_text(text_of(element, f"{NS}message")),
                created_at=parse_datetime(text_of(element, f"{NS}createdAt"), where),
                state=state,
            )
        )
    return Export(threads=threads, comments=comments)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
