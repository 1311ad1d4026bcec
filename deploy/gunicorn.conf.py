"""gunicorn's settings for canbo (docs/deploy.md). One instance per port; everything that differs
between instances comes from the environment (the systemd unit canbo@.service sets it):

CANBO_PORT             the port to listen on, default 8000 (the unit canbo@PORT sets it)
CANBO_HOST             the address to listen on, default 127.0.0.1 (nginx on the same machine); a
                       server that nginx reaches over the network: its private address (docs/deploy.md)
CANBO_BIND             host:port, instead of the two above
CANBO_WORKERS          worker processes, default the number of cores (at least 2)
CANBO_WORKER_TIMEOUT   seconds a request may take before its worker is killed and replaced, default 120
CANBO_MAX_REQUESTS     requests after which a worker is replaced (memory back), default 2000; 0: never
CANBO_ACCESS_LOG       "-" (the journal, the default), a file, or "off"
CANBO_TRUSTED_PROXIES  as in canbo/settings.py: the proxies whose X-Forwarded-* gunicorn believes

    gunicorn -c deploy/gunicorn.conf.py canbo.wsgi
"""

import os

_cores = os.cpu_count() or 1

bind = [
    os.environ.get("CANBO_BIND")
    or f"{os.environ.get('CANBO_HOST', '127.0.0.1')}:{os.environ.get('CANBO_PORT', '8000')}"
]
# Sync workers, one request each: canbo's pages are short and CPU-bound (templates, the indicators'
# compute, Excel), and nginx buffers slow clients, so a worker never waits on a network. One worker per
# core keeps the CPU busy without the 2n+1 of I/O-bound sites: more workers would only queue inside the
# machine and multiply the memory each worker holds (the indicators' tables, per process).
worker_class = "sync"
workers = int(os.environ.get("CANBO_WORKERS", str(max(2, _cores))))
# The longest page that is not streamed (an Excel import of a few thousand people, the annual Word
# report) takes seconds; a worker stuck past this is killed and replaced, its request answered 502.
timeout = int(os.environ.get("CANBO_WORKER_TIMEOUT", "120"))
graceful_timeout = 30  # on reload or stop (SIGHUP, SIGTERM): requests in progress may finish
# Workers are replaced after this many requests (± jitter, so that they do not all restart at once):
# memory that Polars' and Python's allocators keep after a large export returns to the system.
max_requests = int(os.environ.get("CANBO_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The application is imported by each worker, not by the master before forking (preload_app False):
# SIGHUP (systemctl reload) then starts workers on the new code, one by one, without dropping a
# request, and no database connection can be shared across a fork.
preload_app = False
proc_name = "canbo-" + bind[0].rsplit(":", 1)[-1]
# The workers' heartbeat files in memory, not on a disk that may stall under a backup.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
forwarded_allow_ips = os.environ.get("CANBO_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"

# The access log: who asked what, the answer and the time taken (microseconds), the client's address as
# the proxy saw it. No query string (%(U)s): the address of a filtered list may carry names; the
# sensitive filters are sealed anyway (core.crypto.seal_token). Errors go to the journal too.
_access = os.environ.get("CANBO_ACCESS_LOG", "-")
accesslog = None if _access == "off" else _access
access_log_format = '%(h)s %({x-forwarded-for}i)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus'
errorlog = "-"
loglevel = "info"
