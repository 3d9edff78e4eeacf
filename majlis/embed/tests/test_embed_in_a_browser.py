"""The embed on a newsroom's page of another origin, in a real browser (Playwright driving
Debian's Chromium, with the fixtures of majlis/tests/browsing.py): the host page allows nothing but
Majlis's origin in its Content-Security-Policy, and must report no violation."""

from __future__ import annotations

import base64
import json

import pytest

from majlis.articles.models import Article
from majlis.comments.forms import form_token
from majlis.comments.models import Comment, Status
from majlis.embed.tests.host import host_site
from majlis.sites.models import Site
from majlis.tests.browsing import TIMEOUT_MS, VIOLATIONS

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture says so
    expect = None

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def host(live_server):
    with host_site(live_server.url) as site:
        yield site


@pytest.fixture
def news(host):
    site = Site.objects.create(key="news", name="The News", auto_register=True)
    site.set_origins([host.origin])
    return site


@pytest.fixture
def story(news):
    return Article.objects.create(
        site=news, key="bridge", title="Old bridge to close", language="en", url=""
    )


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.add_init_script(VIOLATIONS)
    yield page
    context.close()


def snippet(majlis: str, key: str, **data: str) -> str:
    attributes = "".join(f' data-majlis-{name}="{value}"' for name, value in data.items())
    return (
        '<p>The article itself.</p><div id="majlis-comments"></div>'
        f'<script src="{majlis}/embed.js" async data-majlis-article="{key}"{attributes}></script>'
    )


def shadow_html(page) -> str:
    return page.evaluate("document.getElementById('majlis-comments').shadowRoot.innerHTML")


def no_violations(page) -> None:
    assert page.evaluate("window.__violations") == []


def approve(comment: Comment, moderator) -> Comment:
    from majlis.comments import actions

    actions.approve(comment, actor=moderator)
    return comment


def submit(article, body: str, **fields) -> Comment:
    from majlis.comments import actions

    return actions.submit(
        article,
        author_name=fields.pop("author_name", "Reader"),
        author_email=fields.pop("author_email", "reader@example.org"),
        body=body,
        **fields,
    )


def test_it_reads_the_approved_comments_threaded_and_paged_with_the_count(
    tab, host, live_server, story, moderator, settings
):
    settings.MAJLIS = {**settings.MAJLIS, "PAGE_SIZE": 1}
    first = approve(submit(story, "First <script>alert(1)</script> thought."), moderator)
    reply = approve(submit(story, "A reply to it.", parent=first), moderator)
    later = approve(submit(story, "A later thread."), moderator)
    submit(story, "Still waiting for a moderator.")
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))

    embed = tab.locator("#majlis-comments")
    expect(embed.get_by_role("heading", name="3 comments")).to_be_visible()
    top = embed.locator(f'li[data-id="{first.pk}"]')
    expect(top.locator("> article .comment-body")).to_have_text(
        "First <script>alert(1)</script> thought."
    )
    # The reply sits in its parent's nested list.
    expect(top.locator(f'ol.nested > li[data-id="{reply.pk}"]')).to_contain_text("A reply to it.")
    expect(embed.get_by_text("A later thread.")).to_have_count(0)
    embed.get_by_role("button", name="Load more comments").click()
    expect(embed.get_by_text("A later thread.")).to_be_visible()
    expect(embed.get_by_role("button", name="Load more comments")).to_be_hidden()
    assert embed.locator(f'li[data-id="{later.pk}"]').count() == 1
    expect(embed.get_by_text("Still waiting")).to_have_count(0)
    html = shadow_html(tab)
    assert "reader@example.org" not in html
    assert "<script>alert" not in html
    assert "Every comment is read by a moderator" in html
    # The host page's own markup is untouched, and its CSP was kept.
    assert tab.locator("body > p").inner_text() == "The article itself."
    no_violations(tab)


def test_a_posted_comment_is_held_for_moderation_on_its_article_and_site(
    tab, host, live_server, story
):
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    posts = []
    tab.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    embed = tab.locator("#majlis-comments")
    embed.get_by_label("Name").fill("Layla")
    embed.get_by_label("Email").fill("layla@example.org")
    embed.get_by_label("Comment", exact=True).fill("Will the ferry run more often?")
    embed.get_by_role("button", name="Post comment").click()
    expect(embed.get_by_role("status")).to_contain_text("awaits moderation")
    expect(embed.get_by_label("Comment", exact=True)).to_have_value("")

    comment = Comment.objects.get(body="Will the ferry run more often?")
    assert comment.status == Status.PENDING
    assert (comment.article, comment.article.site.key) == (story, "news")
    assert comment.author_email == "layla@example.org"
    [post] = posts
    assert len(post.headers["idempotency-key"]) == 32
    assert json.loads(post.post_data)["website"] == ""
    no_violations(tab)


def test_a_reply_is_posted_under_its_parent(tab, host, live_server, story, moderator):
    parent = approve(submit(story, "The first word.", author_name="Omar"), moderator)
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    embed = tab.locator("#majlis-comments")
    embed.locator(f'li[data-id="{parent.pk}"] .reply').click()
    expect(embed.locator(".replying")).to_contain_text("Replying to Omar")
    embed.get_by_label("Name").fill("Sara")
    embed.get_by_label("Email").fill("sara@example.org")
    embed.get_by_label("Comment", exact=True).fill("And a second one.")
    embed.get_by_role("button", name="Post comment").click()
    expect(embed.get_by_role("status")).to_contain_text("awaits moderation")
    expect(embed.locator(".replying")).to_be_hidden()
    assert Comment.objects.get(body="And a second one.").parent == parent


def test_a_sorani_article_reads_right_to_left_in_sorani(tab, host, live_server, news, moderator):
    article = Article.objects.create(site=news, key="pird", title="پرد", language="ckb")
    approve(submit(article, "بیرۆکەیەکی باشە."), moderator)
    tab.goto(host.page("/pird", snippet(live_server.url, "pird")))
    root = tab.locator("#majlis-comments .majlis")
    expect(root).to_have_attribute("dir", "rtl")
    expect(root).to_have_attribute("lang", "ckb")
    expect(root.get_by_role("button", name="ناردنی لێدوان")).to_be_visible()
    expect(root.get_by_text("Post comment")).to_have_count(0)
    # Mirrored: the form's fields line up on the right.
    direction = root.locator(".comment-form").evaluate("e => getComputedStyle(e).direction")
    assert direction == "rtl"
    no_violations(tab)


def test_an_unknown_article_registers_itself_from_the_page(tab, host, live_server, news):
    canonical = f'<link rel="canonical" href="{host.origin}/2027/budget">'
    url = host.page("/budget", snippet(live_server.url, "budget-2027"), head=canonical)
    tab.goto(url)
    heading = tab.locator("#majlis-comments").get_by_role("heading", name="0 comments")
    expect(heading).to_be_visible()
    article = news.articles.get(key="budget-2027")
    assert (article.title, article.url, article.language) == (
        "The newsroom",
        f"{host.origin}/2027/budget",
        news.language,
    )


def test_render_draws_another_article_in_place_of_the_first(
    tab, host, live_server, story, news, moderator
):
    other = Article.objects.create(site=news, key="ferry", title="Ferry", language="en")
    approve(submit(story, "About the bridge."), moderator)
    approve(submit(other, "About the ferry."), moderator)
    tab.goto(host.page("/app", snippet(live_server.url, "bridge")))
    embed = tab.locator("#majlis-comments")
    expect(embed.get_by_text("About the bridge.")).to_be_visible()
    # A single-page site navigates, then draws the thread of the new article.
    tab.evaluate(
        "Majlis.render(document.getElementById('majlis-comments'),"
        " {article: 'ferry', title: 'Ferry', language: 'en'})"
    )
    expect(embed.get_by_text("About the ferry.")).to_be_visible()
    expect(embed.get_by_text("About the bridge.")).to_have_count(0)
    assert (
        tab.evaluate(
            "document.getElementById('majlis-comments').shadowRoot.querySelectorAll('.majlis').length"
        )
        == 1
    )
    no_violations(tab)


def test_count_js_fills_in_the_counts_of_a_list(tab, host, live_server, story, news, moderator):
    other = Article.objects.create(site=news, key="pird", title="پرد", language="ckb")
    for n in range(3):
        approve(submit(story, f"Comment {n}."), moderator)
    approve(submit(other, "یەک."), moderator)
    body = (
        '<ul><li><span data-majlis-count="bridge">…</span></li>'
        '<li><span data-majlis-count="pird" data-majlis-language="ckb">…</span></li>'
        '<li><span data-majlis-count="unknown">no count</span></li></ul>'
        f'<script src="{live_server.url}/count.js" async></script>'
    )
    requests = []
    tab.on("request", lambda r: requests.append(r.url) if "/counts" in r.url else None)
    tab.goto(host.page("/list", body))
    expect(tab.locator('[data-majlis-count="bridge"]')).to_have_text("3")
    expect(tab.locator('[data-majlis-count="pird"]')).to_have_text("1 لێدوان")
    expect(tab.locator('[data-majlis-count="unknown"]')).to_have_text("no count")
    assert len(requests) == 2  # one per language asked for
    no_violations(tab)


def test_a_page_of_another_sites_origin_is_refused(tab, host, live_server, news, story):
    # The page's origin belongs to another site than the one it names.
    news.set_origins(["https://news.example"])
    other = Site.objects.create(key="other", name="Other paper")
    other.set_origins([host.origin])
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge", site="news")))
    embed = tab.locator("#majlis-comments")
    expect(embed.get_by_role("alert")).to_contain_text(
        f"{host.origin} is not one of the origins of the site The News"
    )
    expect(embed.get_by_role("button", name="Post comment")).to_have_count(0)
    # Nor can a script of that page post, with a valid form token and all.
    answer = tab.evaluate(
        """async ([url, token]) => {
          const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
            body: JSON.stringify({author_name: "X", author_email: "x@example.org", body: "Hi",
                                  token})});
          return [r.status, (await r.json()).detail];
        }""",
        [f"{live_server.url}/api/v1/articles/bridge/comments?site=news", form_token(story)],
    )
    assert answer[0] == 403
    assert "is not one of the origins" in answer[1]
    assert not Comment.objects.exists()


def test_signed_in_readers_post_with_their_token_and_no_name_or_email(
    tab, host, live_server, story
):
    # A token as the newsroom's server would sign it; only its payload is read here.
    claims = {"sub": "42", "name": "Layla <b>ئاوات</b>", "email": "layla@example.org"}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    token = f"eyJhbGciOiJIUzI1NiJ9.{payload}.c2lnbmF0dXJl"
    sent = []

    def answer(route) -> None:
        if route.request.method != "POST":
            route.continue_()
            return
        sent.append(route.request.post_data_json)
        route.fulfill(
            status=202,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": host.origin},
            body='{"id": 1, "status": "pending"}',
        )

    tab.route("**/api/v1/articles/bridge/comments*", answer)
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge", sso=token)))
    embed = tab.locator("#majlis-comments")
    expect(embed.locator(".commenting-as")).to_have_text("Commenting as Layla <b>ئاوات</b>")
    expect(embed.get_by_label("Name")).to_be_hidden()
    expect(embed.get_by_label("Email")).to_be_hidden()
    embed.get_by_label("Comment", exact=True).fill("Signed in.")
    embed.get_by_role("button", name="Post comment").click()
    expect(embed.get_by_role("status")).to_contain_text("awaits moderation")
    [body] = sent
    assert body["sso"] == token
    assert "author_name" not in body
    assert "author_email" not in body


def test_text_size_and_order_change_in_place_without_breaking_the_policy(
    tab, host, live_server, story, moderator
):
    approve(submit(story, "The older one."), moderator)
    approve(submit(story, "The newer one."), moderator)
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    embed = tab.locator("#majlis-comments")
    body = embed.locator(".comment-body").first
    expect(body).to_have_text("The older one.")
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    normal = body.evaluate(size)
    embed.get_by_role("button", name="Larger text").click()
    embed.get_by_role("button", name="Larger text").click()
    assert body.evaluate(size) > normal
    assert tab.evaluate("localStorage.getItem('majlis.textScale')") == "1.25"

    embed.get_by_role("button", name="Newest first").click()
    expect(embed.locator(".comment-body").first).to_have_text("The newer one.")
    expect(embed.locator(".comment-body")).to_have_count(2)
    no_violations(tab)


def test_the_host_pages_css_does_not_reach_the_thread(tab, host, live_server, story, moderator):
    approve(submit(story, "Styled by Majlis alone."), moderator)
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    # The page's own rules for every element, and styles on the host element that would be
    # inherited, set through the CSSOM (which the page's policy allows).
    tab.evaluate(
        """() => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync("* { color: rgb(255, 0, 0) !important; text-transform: uppercase; }");
          document.adoptedStyleSheets = [sheet];
          const host = document.getElementById("majlis-comments");
          host.style.letterSpacing = "10px";
          host.style.textAlign = "center";
        }"""
    )
    body = tab.locator("#majlis-comments .comment-body")
    expect(body).to_have_text("Styled by Majlis alone.")
    assert tab.locator("body > p").evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"
    style = body.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.color, s.textTransform, s.letterSpacing, s.textAlign]; }"
    )
    assert style[0] != "rgb(255, 0, 0)"
    assert style[1:] == ["none", "normal", "start"]
    no_violations(tab)


def test_a_reader_reports_a_comment_from_the_newsrooms_page(
    tab, host, live_server, story, moderator
):
    from majlis.reports.models import Report

    comment = approve(submit(story, "Follow my link for cheap watches."), moderator)
    tab.goto(host.page("/bridge", snippet(live_server.url, "bridge")))
    embed = tab.locator("#majlis-comments")
    item = embed.locator(f'li[data-id="{comment.pk}"]')
    item.get_by_role("button", name="Report").click()
    form = item.locator("form.report-form")
    expect(form.locator(".notice-fields")).to_be_hidden()
    form.get_by_role("radio", name="Illegal content", exact=False).check()
    expect(form.locator(".notice-fields")).to_be_visible()
    form.get_by_role("radio", name="Promotion").check()
    expect(form.locator(".notice-fields")).to_be_hidden()
    form.get_by_role("button", name="Send report").click()
    expect(item.get_by_role("status")).to_contain_text("Your report has been received")

    report = Report.objects.get()
    assert (report.comment, report.reason, report.notifier_email) == (comment, "promotion", "")
    reader_id = tab.evaluate("localStorage.getItem('majlis.readerId')")
    assert len(reader_id) == 32
    no_violations(tab)
