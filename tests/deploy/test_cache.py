"""The cache in canbo/settings.py: with CANBO_REDIS_URL, what one process puts in it another process
reads (several application servers share it); without, each process has its own in memory."""

import subprocess
import sys

from tests.deploy.conftest import ROOT, clean_environment

SCRIPT = """
import sys
import django
django.setup()
from django.core.cache import cache, caches
if sys.argv[1] == "set":
    cache.set("deploy-test", "giá trị chung", 60)
print(type(caches["default"]).__name__, cache.get("deploy-test"))
"""


def run(action: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, action],
        cwd=ROOT,
        env=clean_environment(DJANGO_SETTINGS_MODULE="canbo.settings_test", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_with_redis_processes_share_the_cache_and_without_each_has_its_own(redis_url: str) -> None:
    assert run("set", CANBO_REDIS_URL=redis_url) == "RedisCache giá trị chung"
    assert run("get", CANBO_REDIS_URL=redis_url) == "RedisCache giá trị chung"  # another process reads it
    assert run("get") == "LocMemCache None"  # without Redis: nothing of the other processes
