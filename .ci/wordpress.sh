#!/usr/bin/env bash
# The real WordPress the connector tests run against (tests/wordpress/): Debian's
# `wordpress` with the Twenty Twenty-One theme, PHP's CLI (its built-in server serves it)
# and PHP's MySQL driver, on the MariaDB this machine runs (127.0.0.1:3306, root).
# tests/wordpress/conftest.py does the rest (a database, wp_install, the plugin, php -S).
# Idempotent: apt-get runs only as root and only for what is missing; MariaDB is started
# when it is not answering. Without root it only says what is missing (the tests then skip
# on a laptop and fail in CI).
set -euo pipefail

packages=(wordpress wordpress-theme-twentytwentyone php-cli php-mysql)
missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
# The database server only when none is there at all (this machine ships one).
if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ] \
  && [ ! -x /usr/sbin/mysqld ]; then
  missing+=(mariadb-server)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "note: missing ${missing[*]}; run 'sudo apt-get install ${missing[*]}'" \
      "for the WordPress tests" >&2
    exit 0
  fi
fi

# MariaDB on 127.0.0.1:3306 (root, no password): start it when it does not answer.
db_up() { mariadb-admin --protocol=tcp -h 127.0.0.1 -P 3306 -u root ping >/dev/null 2>&1; }
if ! db_up; then
  if [ "$(id -u)" = 0 ] && [ -x /usr/sbin/mariadbd ]; then
    install -d -o mysql -g mysql /run/mysqld
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 30); do db_up && break; sleep 1; done
    db_up || { echo "error: MariaDB did not start on 127.0.0.1:3306" >&2; exit 1; }
  else
    echo "note: MariaDB is not answering on 127.0.0.1:3306 (the WordPress tests need it)" >&2
  fi
fi
