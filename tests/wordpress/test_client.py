"""The WordPress connector's client and the Factcheck plugin against a real WordPress
(tests/wordpress/conftest.py): accounts and capabilities, posts in (pages, modified_after),
lookups by URL, writing content back (a revision), WordPress down, and the post page the
plugin renders (the widget's script tag and the article root, never in REST), escaped."""

import html
import re
import secrets
import urllib.request
from datetime import UTC, datetime
from urllib.parse import unquote

import pytest

from factcheck import outbound
from factcheck.connectors import ConnectorError
from factcheck.connectors.wordpress import Post, WordPressClient
from factcheck.domain.outbound import parse_allowance
from factcheck.domain.pagetext import page_text

ERROR = (
    "<!-- wp:paragraph -->\n"
    '<p>The "Prime Minister" Georgia Maloney met <a href="https://example.com/envoy">the '
    "envoy from Georgia Maloney's office</a> in Rome.</p>\n"
    "<!-- /wp:paragraph -->"
)
EMBED = (
    '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video",'
    '"providerNameSlug":"youtube"} -->\n'
    '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
    '<div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n'
    "</div></figure>\n<!-- /wp:embed -->"
)
SHORTCODE = '<!-- wp:shortcode -->\n[gallery ids="1,2"]\n<!-- /wp:shortcode -->'
ENDING = "<!-- wp:paragraph -->\n<p>It's the end -- for now.</p>\n<!-- /wp:paragraph -->"
MARKUP = "\n\n".join([ERROR, EMBED, SHORTCODE, ENDING])


def unique(prefix: str) -> str:
    return f"{prefix} {secrets.token_hex(3)}"


@pytest.fixture(scope="module")
def story(wordpress) -> dict:
    """A post with block markup: a link in the paragraph with the error, an embed, a
    shortcode and straight quotes that WordPress's typography filter curls when rendering."""
    return wordpress.create_post(unique('The "talks" story'), MARKUP)


# -- accounts ------------------------------------------------------------------------------
def test_check_accepts_the_admin_and_lists_its_capabilities(wordpress):
    account = wordpress.client().check()
    assert account.id > 0
    assert {"edit_others_posts", "unfiltered_html", "edit_posts"} <= account.capabilities


def test_a_wrong_application_password_is_an_auth_error_that_says_so(wordpress):
    wrong = "abcd efgh ijkl mnop qrst uvwx"
    with pytest.raises(ConnectorError) as refused:
        wordpress.client(app_password=wrong).check()
    error = refused.value
    assert error.kind == "auth"
    assert "Wrong user or Application Password" in str(error)
    # WordPress 6.1 answers rest_not_logged_in for a wrong pair (incorrect_password only
    # when something asked for the current user before its REST server reset it).
    assert "did not accept “admin” with this Application Password" in str(error)
    assert "not the account's login password" in str(error)
    assert "abcd" not in str(error) and "abcd" not in repr(error)
    assert wordpress.app_password not in str(error)


def test_an_unknown_user_is_an_auth_error_naming_the_user(wordpress):
    with pytest.raises(ConnectorError) as refused:
        wordpress.client(user="nobody-here").check()
    assert refused.value.kind == "auth"
    assert "“nobody-here”" in str(refused.value)
    assert str(refused.value).startswith("Wrong user or Application Password")


def test_an_author_lacks_the_capabilities_and_the_error_names_them_and_why(wordpress):
    client = wordpress.client(user=wordpress.author_user, app_password=wordpress.author_password)
    with pytest.raises(ConnectorError) as refused:
        client.check()
    message = str(refused.value)
    assert refused.value.kind == "capability"
    assert "“author”" in message
    assert "unfiltered_html" in message and "edit_others_posts" in message
    assert "strips" in message  # why unfiltered_html matters
    assert wordpress.author_password not in message


def test_the_password_is_in_no_repr_and_spaces_in_it_do_not_matter(wordpress):
    grouped = " ".join(re.findall(".{1,4}", wordpress.app_password))
    client = wordpress.client(app_password=grouped)
    assert client.check().capabilities
    assert wordpress.app_password not in repr(client)
    assert grouped not in repr(client) and "Basic" not in repr(client)


# -- posts in ------------------------------------------------------------------------------
def test_a_post_carries_its_source_and_its_rendered_html(wordpress, story):
    post = wordpress.client().get_post(story["id"])
    assert isinstance(post, Post)
    assert (post.id, post.slug, post.link, post.status) == (
        story["id"],
        story["slug"],
        story["link"],
        "publish",
    )
    assert post.title == story["title"]["raw"] and '"talks"' in post.title
    assert post.raw == MARKUP  # byte for byte: block comments, the shortcode, straight quotes
    assert "&#8220;Prime Minister&#8221;" in post.rendered  # texturized when rendered
    assert '<a href="https://example.com/envoy">' in post.rendered
    assert "[gallery" not in post.rendered
    assert post.modified_gmt == story["modified_gmt"]
    assert post.date_gmt == datetime.fromisoformat(story["date_gmt"]).replace(tzinfo=UTC)
    text = page_text(post.rendered)
    assert text.startswith("The “Prime Minister” Georgia Maloney met the envoy from ")
    assert text.endswith("It’s the end — for now.")


def test_a_missing_post_is_not_found(wordpress):
    doomed = wordpress.create_post(unique("Doomed"), "<p>Soon gone.</p>")
    wordpress.delete_post(doomed["id"])
    with pytest.raises(ConnectorError) as missing:
        wordpress.client().get_post(doomed["id"])
    assert missing.value.kind == "not_found"


@pytest.fixture(scope="module")
def dated(wordpress) -> list[dict]:
    """Five posts last modified an hour apart in 2001, in order (GMT times)."""
    posts = []
    for hour in range(5):
        post = wordpress.create_post(unique(f"Dated {hour}"), f"<p>Number {hour}.</p>")
        wordpress.set_modified(post["id"], f"2001-01-01T0{hour}:00:00")
        posts.append(post)
    return posts


def counting(monkeypatch) -> list[str]:
    urls: list[str] = []
    real = outbound.request

    def spy(method, url, *args, **kwargs):
        urls.append(url)
        return real(method, url, *args, **kwargs)

    monkeypatch.setattr(outbound, "request", spy)
    return urls


def test_changed_posts_walks_every_page_oldest_change_first(wordpress, dated, monkeypatch):
    urls = counting(monkeypatch)
    ids = [post["id"] for post in dated]
    seen = list(wordpress.client(per_page=2).changed_posts(None))
    mine = [post for post in seen if post.id in ids]
    assert [post.id for post in mine] == ids
    assert [post.modified_gmt for post in mine] == [f"2001-01-01T0{h}:00:00" for h in range(5)]
    assert len({post.id for post in seen}) == len(seen)  # no post twice
    assert len(urls) >= 3 and all("per_page=2" in url for url in urls)
    assert [int(re.search(r"[?&]page=(\d+)", url)[1]) for url in urls] == list(
        range(1, len(urls) + 1)
    )
    assert all("context=edit" in url and "status=publish" in url for url in urls)


def test_changed_posts_after_a_time_is_strictly_after_it_in_gmt(wordpress, dated):
    # The site's zone is Europe/Kyiv (GMT+2 in January): read as local time, 01:00 would
    # be 23:00 GMT the day before and every dated post would come back.
    ids = [post["id"] for post in dated]
    client = wordpress.client(per_page=2)
    after = [p.id for p in client.changed_posts("2001-01-01T01:00:00") if p.id in ids]
    assert after == ids[2:]
    zoned = [p.id for p in client.changed_posts("2001-01-01T05:30:00+02:00") if p.id in ids]
    assert zoned == ids[4:]
    assert [p for p in client.changed_posts("2001-01-01T04:00:00") if p.id in ids] == []


def test_changed_posts_leaves_drafts_out(wordpress):
    draft = wordpress.create_post(unique("Draft"), "<p>Not yet.</p>", status="draft")
    assert draft["id"] not in {p.id for p in wordpress.client().changed_posts(None)}


# -- the post at a URL ---------------------------------------------------------------------
def test_find_by_url_reads_the_permalink_and_the_plain_link(wordpress, story):
    client = wordpress.client()
    link = story["link"]
    assert link.startswith(wordpress.base_url + "/20")  # pretty permalinks
    variants = [
        link,
        link.rstrip("/"),
        link + "?utm_source=x#comments",
        link.replace("http://127.0.0.1", "HTTP://127.0.0.1"),
        f"{wordpress.base_url}/?p={story['id']}",
        f"{wordpress.base_url}/?p={story['id']}&utm=1",
    ]
    for url in variants:
        found = client.find_by_url(url)
        assert found is not None and found.id == story["id"], url


def test_find_by_url_reads_a_cyrillic_slug_encoded_or_not(wordpress):
    post = wordpress.create_post(unique("Переговори в Римі"), "<p>Текст.</p>")
    assert post["slug"].startswith("%d0%9f%d0%b5")  # WordPress stores it percent-encoded
    client = wordpress.client()
    upper = re.sub(r"%[0-9a-f]{2}", lambda m: m[0].upper(), post["link"])
    for url in [post["link"], unquote(post["link"]), upper]:
        found = client.find_by_url(url)
        assert found is not None and found.id == post["id"], url


def test_find_by_url_finds_nothing_that_is_not_that_published_post(wordpress, story):
    client = wordpress.client()
    draft = wordpress.create_post(unique("Hidden draft"), "<p>Draft.</p>", status="draft")
    other_host = story["link"].replace("127.0.0.1", "localhost")
    wrong_date = re.sub(r"/\d{4}/", "/1999/", story["link"])
    for url in [
        f"{wordpress.base_url}/?p=99999999",
        f"{wordpress.base_url}/?p={draft['id']}",
        f"{wordpress.base_url}/2001/01/01/no-such-slug/",
        f"{wordpress.base_url}/",
        other_host,
        wrong_date,
        "mailto:editor@example.com",
        "not a url",
    ]:
        assert client.find_by_url(url) is None, url


# -- writing back --------------------------------------------------------------------------
def test_update_content_writes_the_source_and_wordpress_records_a_revision(wordpress):
    post = wordpress.create_post(unique("To fix"), MARKUP)
    before = wordpress.revisions(post["id"])
    fixed = MARKUP.replace("Georgia Maloney met", "Giorgia Meloni met", 1)
    updated = wordpress.client().update_content(post["id"], fixed)
    assert updated.raw == fixed
    assert "Giorgia Meloni met" in updated.rendered
    assert wordpress.raw(post["id"]) == fixed  # every other byte as it was
    after = wordpress.revisions(post["id"])
    assert len(after) > len(before)
    assert after[0]["content"] == fixed


IFRAME = '<p>Watch:</p><iframe src="https://player.example/v/1" title="Clip"></iframe>'


def test_without_unfiltered_html_wordpress_strips_markup_on_save(wordpress):
    # Why check() insists on unfiltered_html: the same content, saved by an author, loses
    # its iframe; saved by the admin, it keeps every byte.
    mine = wordpress.rest(
        "POST",
        "/wp/v2/posts",
        {"title": unique("Author's"), "content": IFRAME, "status": "publish"},
        author=True,
    )
    assert "<iframe" not in wordpress.raw(mine["id"])
    updated = wordpress.client().update_content(mine["id"], IFRAME)
    assert updated.raw == IFRAME == wordpress.raw(mine["id"])


def test_the_plugins_screen_links_to_the_settings(wordpress):
    links = wordpress.php_json(
        "echo wp_json_encode(apply_filters('plugin_action_links_factcheck/factcheck.php',"
        " array()));"
    )
    assert links == [
        f'<a href="{wordpress.base_url}/wp-admin/options-general.php?page=factcheck">Settings</a>'
    ]


def test_an_author_may_not_update_an_admins_post(wordpress, story):
    client = wordpress.client(user=wordpress.author_user, app_password=wordpress.author_password)
    with pytest.raises(ConnectorError) as refused:
        client.update_content(story["id"], "<p>Vandalism.</p>")
    assert refused.value.kind == "capability"
    assert f"edit post {story['id']}" in str(refused.value)
    assert wordpress.raw(story["id"]) == MARKUP


# -- where WordPress is and is not ---------------------------------------------------------
def test_wordpress_stopped_is_unreachable_and_back_when_it_starts(wordpress):
    client = wordpress.client(timeout=3.0)
    wordpress.stop()
    try:
        with pytest.raises(ConnectorError) as down:
            client.check()
        assert down.value.kind == "unreachable"
        assert str(down.value) == (
            f"WordPress at {wordpress.base_url} is unreachable ({outbound.NOT_DELIVERED})."
        )
    finally:
        wordpress.start()
    assert client.check().id > 0


@pytest.mark.parametrize("allow", ["", "127.0.0.1:1", "localhost"])
def test_loopback_without_an_allowance_for_its_port_is_refused(wordpress, allow):
    client = wordpress.client(allowance=parse_allowance(allow))
    with pytest.raises(ConnectorError) as refused:
        client.check()
    assert refused.value.kind == "invalid"
    assert "FACTCHECK_OUTBOUND_ALLOW" in str(refused.value)


def test_a_redirecting_address_is_named_never_followed(wordpress):
    moved = WordPressClient(
        wordpress.base_url + "/wp-admin",
        wordpress.user,
        wordpress.app_password,
        allowance=wordpress.allowance,
    )
    with pytest.raises(ConnectorError) as refused:
        moved.check()
    assert refused.value.kind == "invalid"
    assert f"redirects to {wordpress.base_url}/wp-login.php" in str(refused.value)


@pytest.mark.parametrize("url", ["ftp://example.com", "http://example.com/?x=1", ""])
def test_a_base_url_that_is_not_a_site_address_is_invalid(url):
    with pytest.raises(ConnectorError) as refused:
        WordPressClient(url, "u", "p", allowance=parse_allowance(""))
    assert refused.value.kind == "invalid"


# -- the plugin on the post page -----------------------------------------------------------
FACTCHECK = "http://factcheck.test:5000"


def script_tags(page: str) -> list[str]:
    return [tag for tag in re.findall(r"<script\b[^>]*>", page) if "embed.js" in tag]


def test_the_post_page_carries_the_widget_and_the_article_root(wordpress, story):
    wordpress.configure_plugin(FACTCHECK, "site_Ab-c_123", "uk")
    page = wordpress.page(story["id"])
    assert script_tags(page) == [
        f'<script src="{FACTCHECK}/embed.js" data-site="site_Ab-c_123" data-lang="uk" defer>'
    ]
    rendered = wordpress.client().get_post(story["id"]).rendered
    root = f'<div data-factcheck-article="{story["link"]}">'
    assert page.count("data-factcheck-article") == 1
    assert root + rendered + "</div>" in page  # the root holds exactly content.rendered
    assert page_text(page, "[data-factcheck-article]") == page_text(rendered)
    assert "data-factcheck-article" not in rendered  # never in REST


def test_without_a_language_there_is_no_data_lang(wordpress, story):
    wordpress.configure_plugin(FACTCHECK + "/", "site_xyz", "")
    [tag] = script_tags(wordpress.page(story["id"]))
    assert tag == f'<script src="{FACTCHECK}/embed.js" data-site="site_xyz" defer>'


def test_only_single_posts_get_the_widget_and_the_root(wordpress, story):
    wordpress.configure_plugin(FACTCHECK, "site_xyz", "")
    with urllib.request.urlopen(wordpress.base_url + "/") as answer:
        home = answer.read().decode()
    assert story["id"] and "data-factcheck-article" not in home
    assert script_tags(home) == []
    wordpress.configure_plugin("", "", "")
    page = wordpress.page(story["id"])
    assert script_tags(page) == []  # not set up: no script
    assert "data-factcheck-article" in page


HOSTILE = '"><script>alert(1)</script>'


def test_hostile_settings_are_escaped_on_the_post_page(wordpress, story):
    wordpress.configure_plugin(
        'http://x.test/"><script>alert(2)</script>', HOSTILE, 'en"><img src=x onerror=alert(3)>'
    )
    page = wordpress.page(story["id"])
    assert "<script>alert" not in page and "<img src=x" not in page
    [tag] = script_tags(page)
    site = html.unescape(re.search(r'data-site="([^"]*)"', tag)[1])
    assert site == HOSTILE  # escaped, so it reads back as it was stored
    assert re.fullmatch(
        r'<script src="[^"<>]*" data-site="[^"<>]*" data-lang="[^"<>]*" defer>', tag
    )


def test_the_settings_page_escapes_and_carries_a_nonce(wordpress):
    wordpress.configure_plugin(HOSTILE, HOSTILE, HOSTILE)
    form = wordpress.php(
        "require_once ABSPATH . 'wp-admin/includes/admin.php';\n"
        "factcheck_admin_init();\nfactcheck_render_settings_page();"
    )
    assert "<script>alert" not in form
    assert form.count('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"') == 3
    assert "name='option_page' value='factcheck'" in form
    assert re.search(r'name="_wpnonce" value="[0-9a-f]{10}"', form)
    assert 'action="' + wordpress.base_url + '/wp-admin/options.php"' in form
    wordpress.configure_plugin("", "", "")


def test_the_settings_page_refuses_an_author(wordpress):
    out = wordpress.php(
        "wp_set_current_user(get_user_by('login', 'author')->ID);\n"
        "add_filter('wp_die_handler', function () {\n"
        "  return function ($message) { echo 'REFUSED: ' . $message; exit(0); };\n});\n"
        "factcheck_render_settings_page();"
    )
    assert out.startswith("REFUSED: Sorry, you are not allowed")


def test_saving_settings_keeps_only_well_formed_values(wordpress):
    saved = wordpress.php_json(
        "require_once ABSPATH . 'wp-admin/includes/admin.php';\n"
        "update_option('factcheck_settings', array('url' => 'https://old.test',"
        " 'site_key' => 'site_old', 'language' => 'en'));\n"
        "$bad = factcheck_sanitize_settings(array('url' => 'javascript:alert(1)',"
        " 'site_key' => '\"><script>', 'language' => 'en\"><b>'));\n"
        "$good = factcheck_sanitize_settings(array('url' => ' https://fc.example.com/ ',"
        " 'site_key' => 'site_AbC-1_2', 'language' => 'pt-BR'));\n"
        "echo wp_json_encode(array($bad, $good, count(get_settings_errors('factcheck_settings'))));"
    )
    bad, good, errors = saved
    assert bad == {"url": "https://old.test", "site_key": "site_old", "language": "en"}
    assert good == {
        "url": "https://fc.example.com",
        "site_key": "site_AbC-1_2",
        "language": "pt-BR",
    }
    assert errors == 3
    wordpress.configure_plugin("", "", "")
