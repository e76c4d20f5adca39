"""gunicorn settings for pveplan's app servers (`gunicorn -c deploy/gunicorn.conf.py`).

Every value can be overridden by the environment variable named beside it.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("PVEPLAN_BIND", "127.0.0.1:8000")
# Two workers per core plus one is gunicorn's rule of thumb for I/O-bound Django apps.
workers = int(os.environ.get("PVEPLAN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("PVEPLAN_THREADS", "2"))
# Exports and document uploads run as tasks; a request should never take this long.
timeout = int(os.environ.get("PVEPLAN_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy in front terminates TLS and sets X-Forwarded-*; trust it only on loopback.
forwarded_allow_ips = os.environ.get("PVEPLAN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No request bodies or query strings with personal data in the access log: method, path, status.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
