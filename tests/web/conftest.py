"""What the web tests share: a client logged in as an editor."""

import pytest

from tests.builders import the_editor


def login(client, email="editor@example.com", password="a-long-password"):
    return client.post("/editor/login", data={"email": email, "password": password})


@pytest.fixture
def logged_in(client, session):
    """The client, logged in as editor@example.com (an editor, not an admin)."""
    the_editor(session)
    assert login(client).status_code == 302
    return client
