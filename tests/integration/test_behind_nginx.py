"""A real node behind a real nginx: each visitor has their own sign-up budget, and a
client talking to the node directly cannot choose its address with X-Forwarded-For.

nginx runs unprivileged on a loopback port with the header setting of
deploy/nginx/tremplin.conf (the edge proxy overwrites X-Forwarded-For). Visitors are
told apart by the loopback address they connect from (127.0.0.3, .4, ...). Skipped when
nginx is not installed (`apt-get install nginx-light`).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.integration.helpers import running_nodes
from tests.integration.nodes import Node

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(databases=[]),
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed"),
]

DEPLOYED = Path(__file__).parents[2] / "deploy" / "nginx" / "tremplin.conf"
CONFIG = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_bind 127.0.0.1;
            proxy_set_header Host {host};
            {forwarded}
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def deployed_forwarded_line() -> str:
    """The X-Forwarded-For line of the documented config, used as is."""
    found = re.search(r"^\s*(proxy_set_header X-Forwarded-For [^;]+;)", DEPLOYED.read_text(), re.M)
    assert found, "deploy/nginx/tremplin.conf sets no X-Forwarded-For"
    return found[1]


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    root = Path(tmp_path_factory.mktemp("nginx"))
    with running_nodes(root, 1, {"TREMPLIN_RATE_SIGNUP_IP": "1/3600"}) as started:
        yield started[0]


@pytest.fixture(scope="module")
def nginx(node: Node, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = Path(tmp_path_factory.mktemp("nginx-run"))
    port = free_port()
    config = root / "nginx.conf"
    config.write_text(
        CONFIG.format(
            root=root,
            port=port,
            upstream=node.base,
            host=node.domain,
            forwarded=deployed_forwarded_line(),
        )
    )
    process = subprocess.Popen(
        [
            "nginx",
            "-p",
            str(root),
            "-c",
            str(config),
            "-e",
            str(root / "error.log"),
            "-g",
            "daemon off; master_process off;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(base + "/about/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "error.log").read_text() if (root / "error.log").exists() else ""
                raise RuntimeError(f"nginx did not start:\n{log}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(10)


class FromAddress(HTTPAdapter):
    """Connections made from one loopback address: one visitor."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def visitor(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", FromAddress(address))
    return session


def sign_up(base: str, address: str, username: str, forwarded: str = "") -> int:
    """The sign-up form as a browser fills it, from `address`; the status of the POST."""
    session = visitor(address)
    page = session.get(base + "/accounts/signup/", timeout=10)
    assert page.status_code == 200, page.text[:300]
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {
        "csrfmiddlewaretoken": token,
        "username": username,
        "display_name": username.title(),
        "email": f"{username}@example.org",
        "role": "young",
        "birth_month": 5,
        "birth_year": 2004,
        "password1": "une-phrase-de-passe",
        "password2": "une-phrase-de-passe",
    }
    headers = {"Referer": base + "/accounts/signup/"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    answer = session.post(
        base + "/accounts/signup/", data=data, headers=headers, allow_redirects=False, timeout=10
    )
    return answer.status_code


def test_visitors_behind_nginx_each_have_their_own_sign_up_budget(nginx: str) -> None:
    assert sign_up(nginx, "127.0.0.3", "nina") == 302
    assert sign_up(nginx, "127.0.0.4", "omar") == 302  # one bucket for all: 429 here
    assert sign_up(nginx, "127.0.0.3", "nina2") == 429
    # A header written by the visitor is overwritten at the edge: no fresh budget.
    assert sign_up(nginx, "127.0.0.3", "nina3", forwarded="198.51.100.7") == 429


def test_a_direct_client_cannot_choose_its_address(node: Node) -> None:
    assert sign_up(node.base, "127.0.0.5", "paul", forwarded="198.51.100.1") == 302
    assert sign_up(node.base, "127.0.0.5", "paul2", forwarded="198.51.100.2") == 429
