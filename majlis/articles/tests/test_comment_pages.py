"""The article page shows its thread a page at a time, with links that work without script."""

from __future__ import annotations

import re

import pytest

URL = "/articles/bridge-repairs/"


@pytest.fixture
def small_pages(settings):
    settings.MAJLIS = {**settings.MAJLIS, "THREAD_PAGE_SIZE": 2}


@pytest.fixture
def five_threads(make_comment, small_pages):
    """Five top-level comments; the second has a reply."""
    made = [make_comment(f"thread {n}", status="approved") for n in range(5)]
    reply = make_comment("a reply to thread 1", status="approved", parent=made[1])
    return made, reply


def _shown(html: str) -> list[str]:
    return re.findall(r"<p>(thread \d|a reply to thread \d)</p>", html)


@pytest.mark.django_db
class TestCommentPages:
    def test_the_first_page_shows_the_oldest_threads_with_their_replies(self, client, five_threads):
        html = client.get(URL).content.decode()
        assert _shown(html) == ["thread 0", "thread 1", "a reply to thread 1"]
        # The heading counts every approved comment, not those on the page.
        assert "6 comments" in html

    def test_a_plain_link_leads_to_newer_comments_and_back(self, client, five_threads):
        html = client.get(URL).content.decode()
        newer = re.search(r'<a rel="next" href="([^"]+)"[^>]*>Newer comments</a>', html)
        assert newer.group(1) == f"{URL}?page=2#comments"
        assert 'rel="prev"' not in html
        second = client.get(URL, {"page": 2}).content.decode()
        assert _shown(second) == ["thread 2", "thread 3"]
        assert re.search(
            r'<a rel="prev" href="/articles/bridge-repairs/#comments"[^>]*>Older comments</a>',
            second,
        )
        third = client.get(URL, {"page": 3}).content.decode()
        assert _shown(third) == ["thread 4"]
        assert 'rel="next"' not in third

    def test_newest_first_pages_towards_older_comments(self, client, five_threads):
        html = client.get(URL, {"order": "newest"}).content.decode()
        assert _shown(html) == ["thread 4", "thread 3"]
        link = re.search(r'<a rel="next" href="([^"]+)"[^>]*>Older comments</a>', html)
        assert link.group(1) == f"{URL}?page=2&amp;order=newest#comments"
        second = client.get(URL, {"order": "newest", "page": 2}).content.decode()
        assert _shown(second) == ["thread 2", "thread 1", "a reply to thread 1"]

    def test_the_next_link_tells_the_script_it_can_load_more(self, client, five_threads):
        html = client.get(URL).content.decode()
        assert re.search(r'<a rel="next"[^>]* data-next data-load-more="Load more comments"', html)

    def test_replies_are_nested_under_their_parent_on_every_page(self, client, five_threads):
        (_, parent, *_), reply = five_threads
        html = client.get(URL, {"order": "newest", "page": 2}).content.decode()
        parent_li = html.index(f'id="comment-{parent.pk}"')
        nested = html.index('<ol class="thread nested">', parent_li)
        assert parent_li < nested < html.index(f'id="comment-{reply.pk}"')
        # Every list the loop opens, it closes.
        assert html.count("<ol") == html.count("</ol>")
        assert html.count('<li class="comment"') == html.count("</li>")

    def test_a_reply_link_stays_on_its_page(self, client, five_threads):
        made, _ = five_threads
        html = client.get(URL, {"page": 2, "order": "newest"}).content.decode()
        href = f"{URL}?page=2&amp;order=newest&amp;reply={made[2].pk}#comment-form"
        assert f'href="{href}"' in html
        page = client.get(URL, {"page": 2, "order": "newest", "reply": made[2].pk})
        assert f'name="parent_id" value="{made[2].pk}"' in page.content.decode()
        assert _shown(page.content.decode())[0] == "thread 2"

    def test_a_link_to_a_comment_finds_its_page(self, client, five_threads):
        _, reply = five_threads
        response = client.get(URL, {"comment": reply.pk})
        assert response.status_code == 302
        assert response["Location"] == f"{URL}#comment-{reply.pk}"
        response = client.get(URL, {"comment": reply.pk, "order": "newest"})
        assert response["Location"] == f"{URL}?page=2&order=newest#comment-{reply.pk}"

    def test_each_comment_links_to_itself_wherever_it_ends_up(self, client, five_threads):
        made, _ = five_threads
        html = client.get(URL, {"page": 3}).content.decode()
        assert f'href="?comment={made[4].pk}#comment-{made[4].pk}"' in html

    def test_a_link_to_an_unpublished_comment_shows_the_first_page(self, client, make_comment):
        held = make_comment("held")
        response = client.get(URL, {"comment": held.pk})
        assert response["Location"] == f"{URL}#comment-{held.pk}"

    @pytest.mark.parametrize("page", ["0", "two", "²", "4", "9" * 30])
    def test_a_page_that_does_not_exist_is_404(self, client, five_threads, page):
        assert client.get(URL, {"page": page}).status_code == 404

    def test_an_empty_thread_has_its_one_page(self, client, article):
        response = client.get(URL)
        assert response.status_code == 200
        assert "0 comments" in response.content.decode()
        assert 'rel="next"' not in response.content.decode()

    def test_the_ids_are_never_localised(self, client, five_threads, settings):
        settings.USE_THOUSAND_SEPARATOR = True
        made, _ = five_threads
        html = client.get(URL).content.decode()
        assert f'id="comment-{made[0].pk}"' in html
        assert "," not in re.search(r'id="comment-[^"]*"', html).group(0)

    def test_dates_follow_the_articles_language(self, client, make_comment, article):
        article.language = "tr"
        article.save()
        comment = make_comment("yorum", status="approved")
        html = client.get(URL).content.decode()
        assert f'datetime="{comment.created_at.isoformat()}"' in html
        months = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos")
        months += ("Eylül", "Ekim", "Kasım", "Aralık")
        assert any(f" {month} " in html for month in months)

    def test_the_page_links_speak_the_articles_language(self, client, article, five_threads):
        article.language = "ar"
        article.save()
        html = client.get(URL, {"page": 2}).content.decode()
        assert ">تعليقات أحدث</a>" in html
        assert ">تعليقات أقدم</a>" in html
        assert 'data-load-more="عرض مزيد من التعليقات"' in html
