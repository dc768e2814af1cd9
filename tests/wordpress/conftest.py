"""A real WordPress for the connector tests: Debian's `wordpress` on the machine's MariaDB,
served by PHP's built-in server on a loopback port, with the Factcheck plugin active.

One WordPress per test session (`wordpress`), on a fresh database: installed by its own
`wp_install()` through `php`, environment type `local` (Application Passwords over plain
HTTP), Twenty Twenty-One, pretty permalinks, a site time zone that is not UTC, an admin and
an `author` each with an Application Password. `.ci/wordpress.sh` (`make wordpress-deps`)
installs the packages; without them the tests skip on a laptop and fail in CI.

Each session has its own Debian config file (`/etc/wordpress/config-factcheck-<id>.php`,
picked through `$_SERVER['WORDPRESS_CONFIG']` by the router script and the CLI prelude) and
its own wp-content folder, so sessions from several work trees never share a WordPress.
"""

import base64
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factcheck.connectors.wordpress import WordPressClient
from factcheck.domain.outbound import Allowance, parse_allowance
from tests.conftest import IN_CI
from tests.notify_servers import free_port

WORDPRESS = Path(os.environ.get("FACTCHECK_WORDPRESS_ROOT", "/usr/share/wordpress"))
CONFIG_DIR = Path("/etc/wordpress")
THEME = WORDPRESS / "wp-content" / "themes" / "twentytwentyone"
PLUGIN = Path(__file__).resolve().parents[2] / "integrations" / "wordpress" / "factcheck"
DATABASE = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": ""}
ADMIN = "admin"
AUTHOR = "author"
TIME_ZONE = "Europe/Kyiv"  # not UTC, so local and GMT times differ
PERMALINKS = "/%year%/%monthnum%/%day%/%postname%/"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.wordpress)


def _php_string(value: str) -> str:
    """A PHP single-quoted literal of `value`."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _missing() -> list[str]:
    missing = []
    php = shutil.which("php")
    if php is None:
        missing.append("php (apt-get install php-cli)")
    if not (WORDPRESS / "wp-settings.php").exists():
        missing.append(f"WordPress at {WORDPRESS} (apt-get install wordpress)")
    if not (THEME / "style.css").exists():
        missing.append("Twenty Twenty-One (apt-get install wordpress-theme-twentytwentyone)")
    if php is not None:
        probe = subprocess.run(
            [php, "-r", "exit(extension_loaded('mysqli') ? 0 : 1);"], capture_output=True
        )
        if probe.returncode != 0:
            missing.append("PHP's mysqli (apt-get install php-mysql)")
    if not os.access(CONFIG_DIR, os.W_OK):
        missing.append(f"a writable {CONFIG_DIR} (run as root)")
    return missing


def _require(problem: str) -> None:
    message = (
        f"WordPress tests need {problem}; `make wordpress-deps` (as root) installs what is missing"
    )
    if IN_CI:
        pytest.fail(message + " (CI must run them)")
    pytest.skip(message)


@dataclass
class WordPress:
    """The running WordPress: its URL, two accounts and the helpers the tests use."""

    base_url: str
    user: str
    app_password: str
    author_user: str
    author_password: str
    port: int
    database: str
    config_name: str
    content_dir: Path
    router: Path
    log: Path
    server: subprocess.Popen[bytes] | None = None

    @property
    def outbound_allow(self) -> str:
        """What FACTCHECK_OUTBOUND_ALLOW (app config OUTBOUND_ALLOW) must say to reach it."""
        return f"127.0.0.1:{self.port}"

    @property
    def allowance(self) -> Allowance:
        return parse_allowance(self.outbound_allow)

    # -- running it -----------------------------------------------------------------------
    def php(self, code: str, *, installing: bool = False) -> str:
        """Run `code` in PHP with this WordPress loaded, as the admin; its standard output.
        A PHP error fails the test with PHP's output."""
        host = f"127.0.0.1:{self.port}"
        prelude = f"""<?php
$_SERVER['HTTP_HOST'] = {_php_string(host)};
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['SERVER_PORT'] = '{self.port}';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['WORDPRESS_CONFIG'] = {_php_string(self.config_name)};
"""
        if installing:
            prelude += "define('WP_INSTALLING', true);\n"
            prelude += "function wp_new_blog_notification() {}\n"  # no mail from the install
        prelude += f"require {_php_string(str(WORDPRESS / 'wp-load.php'))};\n"
        if not installing:
            prelude += f"wp_set_current_user(get_user_by('login', '{ADMIN}')->ID);\n"
        script = self.content_dir.parent / f"cli-{secrets.token_hex(4)}.php"
        script.write_text(prelude + code + "\n")
        try:
            done = subprocess.run(
                ["php", "-d", "display_errors=stderr", str(script)],
                capture_output=True,
                cwd=str(WORDPRESS),
                timeout=120,
            )
        finally:
            script.unlink()
        if done.returncode != 0:
            raise AssertionError(
                f"php failed ({done.returncode}):\n{done.stdout.decode()}\n{done.stderr.decode()}"
            )
        return done.stdout.decode()

    def php_json(self, code: str) -> Any:
        """`php()` of code that ends by echoing wp_json_encode(...) — decoded."""
        return json.loads(self.php(code).strip().splitlines()[-1])

    def start(self) -> None:
        """Serve WordPress (again) on its port; returns once it answers."""
        if self.server is not None and self.server.poll() is None:
            return
        env = dict(os.environ, PHP_CLI_SERVER_WORKERS="4")
        with self.log.open("ab") as log:
            self.server = subprocess.Popen(
                ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(WORDPRESS), str(self.router)],
                cwd=str(WORDPRESS),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise AssertionError(f"php -S exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base_url + "/?rest_route=/", timeout=5):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise AssertionError(f"WordPress did not answer on {self.base_url}")

    def stop(self) -> None:
        """Stop serving (WordPress down: connections to its port are refused)."""
        if self.server is None:
            return
        if self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(timeout=10)
        self.server = None

    # -- REST, as a test would click it ---------------------------------------------------
    def rest(
        self,
        method: str,
        route: str,
        body: dict[str, Any] | None = None,
        *,
        params: dict[str, str] | None = None,
        author: bool = False,
    ) -> Any:
        """Call the REST API (`route` like "/wp/v2/posts") as the admin (or the author);
        the decoded JSON, or AssertionError with WordPress's answer."""
        query = urllib.parse.urlencode({"rest_route": route, **(params or {})})
        user, password = (
            (self.author_user, self.author_password) if author else (self.user, self.app_password)
        )
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request = urllib.request.Request(
            f"{self.base_url}/?{query}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            raise AssertionError(f"{method} {route}: {error.code} {error.read()[:500]!r}") from None

    def create_post(self, title: str, content: str, **fields: Any) -> dict[str, Any]:
        """Publish a post through the REST API; WordPress's answer (context=edit)."""
        post: dict[str, Any] = self.rest(
            "POST",
            "/wp/v2/posts",
            {"title": title, "content": content, "status": "publish", **fields},
        )
        return post

    def update_post(self, post_id: int, content: str) -> dict[str, Any]:
        """Edit a post's content in WordPress, as an editor in its own admin would."""
        post: dict[str, Any] = self.rest(
            "POST", f"/wp/v2/posts/{int(post_id)}", {"content": content}
        )
        return post

    def raw(self, post_id: int) -> str:
        """The post's stored content (post_content), read in PHP: works while it is down."""
        content: str = self.php_json(
            f"echo wp_json_encode(get_post({int(post_id)})->post_content);"
        )
        return content

    def revisions(self, post_id: int) -> list[dict[str, Any]]:
        """The post's revisions, newest first: {"id", "content", "title", "modified_gmt"}."""
        found: list[dict[str, Any]] = self.php_json(
            f"""$out = array();
foreach (wp_get_post_revisions({int(post_id)}) as $r) {{
  $out[] = array('id' => $r->ID, 'content' => $r->post_content,
                 'title' => $r->post_title, 'modified_gmt' => $r->post_modified_gmt);
}}
echo wp_json_encode($out);"""
        )
        return found

    def set_modified(self, post_id: int, modified_gmt: str) -> None:
        """Backdate the post's modification time ("2020-01-01T10:00:00", GMT) in the
        database, as if it had been edited then (the local time follows the site's zone)."""
        self.php(
            f"""global $wpdb;
$gmt = str_replace('T', ' ', {_php_string(modified_gmt)});
$wpdb->update($wpdb->posts,
    array('post_modified_gmt' => $gmt, 'post_modified' => get_date_from_gmt($gmt)),
    array('ID' => {int(post_id)}));
clean_post_cache({int(post_id)});"""
        )

    def delete_post(self, post_id: int) -> None:
        """Delete the post for good (no trash)."""
        self.php(f"wp_delete_post({int(post_id)}, true);")

    def permalink(self, post_id: int) -> str:
        link: str = self.php_json(f"echo wp_json_encode(get_permalink({int(post_id)}));")
        return link

    def page(self, post_id: int) -> str:
        """The post's public page as WordPress renders it (anonymous, through the theme)."""
        with urllib.request.urlopen(self.permalink(post_id), timeout=30) as answer:
            html: str = answer.read().decode()
        return html

    def configure_plugin(self, factcheck_url: str, site_key: str, language: str = "") -> None:
        """Store the plugin's settings as they are (no sanitising: the output must escape)."""
        settings = {"url": factcheck_url, "site_key": site_key, "language": language}
        self.php(
            "update_option('factcheck_settings', json_decode("
            f"{_php_string(json.dumps(settings))}, true));"
        )

    def client(self, **overrides: Any) -> WordPressClient:
        """A connector client for the admin (override user, app_password, timeout …)."""
        user = overrides.pop("user", self.user)
        password = overrides.pop("app_password", self.app_password)
        overrides.setdefault("allowance", self.allowance)
        return WordPressClient(self.base_url, user, password, **overrides)


def _config(name: str, base_url: str, database: str, content: Path) -> str:
    salts = "".join(
        f"define('{key}', '{secrets.token_hex(32)}');\n"
        for key in (
            "AUTH_KEY",
            "SECURE_AUTH_KEY",
            "LOGGED_IN_KEY",
            "NONCE_KEY",
            "AUTH_SALT",
            "SECURE_AUTH_SALT",
            "LOGGED_IN_SALT",
            "NONCE_SALT",
        )
    )
    return f"""<?php
// Written by Factcheck's tests/wordpress/conftest.py for one test session ({name}).
define('DB_NAME', '{database}');
define('DB_USER', '{DATABASE["user"]}');
define('DB_PASSWORD', '{DATABASE["password"]}');
define('DB_HOST', '{DATABASE["host"]}:{DATABASE["port"]}');
define('WP_HOME', {_php_string(base_url)});
define('WP_SITEURL', {_php_string(base_url)});
define('WP_CONTENT_DIR', {_php_string(str(content))});
define('WP_CONTENT_URL', {_php_string(base_url + "/wp-content")});
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_DEFAULT_THEME', 'twentytwentyone');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);
{salts}"""


def _router(config_name: str, content: Path) -> str:
    # PHP's built-in server: the files of WordPress as they are, wp-content from this
    # session's folder, and every other path to index.php (pretty permalinks, /wp-json/).
    return f"""<?php
$_SERVER['WORDPRESS_CONFIG'] = {_php_string(config_name)};
$root = {_php_string(str(WORDPRESS))};
$content = {_php_string(str(content))};
$path = rawurldecode((string) parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if (strpos($path, '..') !== false || strpos($path, "\\0") !== false) {{
    http_response_code(400);
    return true;
}}
if (strncmp($path, '/wp-content/', 12) === 0 && !is_file($root . $path)) {{
    $file = $content . substr($path, 11);
    if (is_file($file) && substr($file, -4) !== '.php') {{
        $types = array('css' => 'text/css', 'js' => 'text/javascript', 'svg' => 'image/svg+xml',
                       'png' => 'image/png', 'jpg' => 'image/jpeg', 'woff2' => 'font/woff2');
        $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
        header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
        readfile($file);
        return true;
    }}
    http_response_code(404);
    return true;
}}
$file = $root . $path;
if (is_dir($file) && is_file(rtrim($file, '/') . '/index.php')) {{
    $file = rtrim($file, '/') . '/index.php';
    $path = rtrim($path, '/') . '/index.php';
}}
if (is_file($file)) {{
    if (substr($file, -4) !== '.php') {{
        return false;  // a static file: the built-in server sends it
    }}
}} else {{
    $file = $root . '/index.php';
    $path = '/index.php';
}}
$_SERVER['SCRIPT_FILENAME'] = $file;
$_SERVER['SCRIPT_NAME'] = $path;
$_SERVER['PHP_SELF'] = $path;
chdir(dirname($file));
require $file;
return true;
"""


def _mysql(statement: str) -> None:
    code = (
        "$db = new mysqli('{host}', '{user}', '{password}', '', {port});"
        " if (!$db->query({statement})) {{ fwrite(STDERR, $db->error); exit(1); }}"
    ).format(statement=_php_string(statement), **DATABASE)
    done = subprocess.run(["php", "-r", code], capture_output=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError((done.stdout + done.stderr).decode(errors="replace")[-1000:])


SETUP = """
switch_theme('twentytwentyone');
update_option('timezone_string', '__TIME_ZONE__');
update_option('gmt_offset', '');
update_option('permalink_structure', '__PERMALINKS__');
update_option('blog_public', '0');
global $wp_rewrite;
$wp_rewrite->init();
flush_rewrite_rules(false);
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$activated = activate_plugin('factcheck/factcheck.php');
if (is_wp_error($activated)) { fwrite(STDERR, $activated->get_error_message()); exit(1); }
$admin = get_user_by('login', '__ADMIN__');
$author = wp_insert_user(array(
    'user_login' => '__AUTHOR__', 'user_pass' => wp_generate_password(24),
    'user_email' => 'author@example.com', 'role' => 'author', 'display_name' => 'An Author'));
if (is_wp_error($author)) { fwrite(STDERR, $author->get_error_message()); exit(1); }
$name = array('name' => 'factcheck');
$made = WP_Application_Passwords::create_new_application_password($admin->ID, $name);
$made_author = WP_Application_Passwords::create_new_application_password($author, $name);
if (is_wp_error($made) || is_wp_error($made_author)) {
    fwrite(STDERR, 'no application password');
    exit(1);
}
echo wp_json_encode(array('admin' => $made[0], 'author' => $made_author[0]));
"""


STALE_AFTER = 24 * 3600  # seconds: a session killed before its teardown left these behind


def _remove_stale_sites() -> None:
    """Configs and databases of sessions that died a day ago or more (SIGKILL, a crash)."""
    for config in CONFIG_DIR.glob("config-factcheck-*.php"):
        ident = config.stem.removeprefix("config-factcheck-")
        if len(ident) != 8 or time.time() - config.stat().st_mtime < STALE_AFTER:
            continue
        with contextlib.suppress(RuntimeError, ValueError):
            int(ident, 16)
            _mysql(f"DROP DATABASE IF EXISTS `factcheck_wp_{ident}`")
            config.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    missing = _missing()
    if missing:
        _require(", ".join(missing))
    _remove_stale_sites()
    ident = secrets.token_hex(4)
    database = f"factcheck_wp_{ident}"
    try:
        _mysql(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    except RuntimeError as error:
        _require(f"MariaDB at 127.0.0.1:3306 (root, no password): {error}")
    folder = tmp_path_factory.mktemp("wordpress")
    content = folder / "wp-content"
    for sub in ("plugins", "themes", "uploads", "languages"):
        (content / sub).mkdir(parents=True)
    (content / "plugins" / "factcheck").symlink_to(PLUGIN, target_is_directory=True)
    (content / "themes" / "twentytwentyone").symlink_to(THEME, target_is_directory=True)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    config_name = f"factcheck-{ident}"
    config = CONFIG_DIR / f"config-{config_name}.php"
    config.write_text(_config(config_name, base_url, database, content))
    router = folder / "router.php"
    router.write_text(_router(config_name, content))
    site = WordPress(
        base_url=base_url,
        user=ADMIN,
        app_password="",
        author_user=AUTHOR,
        author_password="",
        port=port,
        database=database,
        config_name=config_name,
        content_dir=content,
        router=router,
        log=folder / "php-server.log",
    )
    try:
        site.php(
            "require_once ABSPATH . 'wp-admin/includes/upgrade.php';\n"
            f"wp_install('Factcheck test newsroom', '{ADMIN}', 'admin@example.com', false, '',"
            f" {_php_string(secrets.token_urlsafe(18))});",
            installing=True,
        )
        setup = (
            SETUP.replace("__TIME_ZONE__", TIME_ZONE)
            .replace("__PERMALINKS__", PERMALINKS)
            .replace("__ADMIN__", ADMIN)
            .replace("__AUTHOR__", AUTHOR)
        )
        passwords = site.php_json(setup)
        site.app_password = passwords["admin"]
        site.author_password = passwords["author"]
        site.start()
        yield site
    finally:
        site.stop()
        config.unlink(missing_ok=True)
        with contextlib.suppress(RuntimeError):
            _mysql(f"DROP DATABASE IF EXISTS `{database}`")
