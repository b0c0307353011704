"""``verksam serve`` (what ``make run`` calls): migrates, loads the demo and serves on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_serve_migrates_loads_the_demo_and_answers_on_the_port(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VERKSAM_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update({"VERKSAM_DATA_DIR": str(tmp_path), "PORT": str(port), "PYTHONUNBUFFERED": "1"})
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen([sys.executable, "-m", "verksam.cli", "serve"], env=env, cwd=tmp_path,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        home = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                home = get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.5)
        log.seek(0)
        output = log.read()
        assert home is not None, output
        status, html = home
        assert status == 200
        assert "Stockholms stad" in html
        assert "Verksamhetsplan 2024 för kommunstyrelsen" in html
        assert "Databasen är migrerad." in output
        assert "lösenord för alla: verksam-demo" in output
        assert f"http://127.0.0.1:{port}/" in output
        assert get(f"http://127.0.0.1:{port}/static/verksam.css")[0] == 200
        assert (tmp_path / "verksam.sqlite3").exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()
