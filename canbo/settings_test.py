"""Settings for the test suite: the ordinary settings with a test key and fast hashing."""

import os

os.environ.setdefault("CANBO_DEBUG", "0")
os.environ.setdefault("CANBO_HTTPS", "0")
os.environ.setdefault("CANBO_SECRET_KEY", "test-only-key-" + "x" * 50)
os.environ.setdefault("CANBO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("CANBO_DATA_KEY", "dGVzdC1vbmx5LWRhdGEta2V5LW9mLTMyLWJ5dGVzLiE")  # 32 bytes, tests only
os.environ.setdefault("CANBO_LOG_FILE", "-")  # the console only (a test of the file sets its own)
# The suite logs in as administrators and Sở Nội vụ officers everywhere: two-factor login is off here
# and on in the tests that are about it (accounts/tests/test_mfa.py, tests/browser/test_mfa.py).
os.environ.setdefault("CANBO_MFA_REQUIRED", "0")

from canbo.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The indicator facts are not saved on disk by the suite (each test database is new): the tests of the
# saved facts (indicators/tests/test_facts.py) and the two instances (tests/deploy) set a folder.
CANBO_INDICATOR_FACTS_DIR = os.environ.get("CANBO_INDICATOR_FACTS_DIR", "")
