"""Production settings for the benchmark's gunicorn and its setup commands, with the two changes a
load test from one machine needs. Everything else (DEBUG off, WhiteNoise, page cache, file cache,
security middleware) is exactly campaign_site.settings.production."""

import os

from campaign_site.settings.production import *  # noqa: F403

# Every benchmark vote comes from 127.0.0.1: the per-IP vote limit (surveys.conf, 120 per 10 minutes)
# would refuse all but the first few. Real voters come from many addresses.
SURVEYS_RATE_LIMIT = int(os.environ.get("BENCH_SURVEYS_RATE_LIMIT", str(10**9)))
# The fetch-round benchmark serves its 200 feeds on loopback, which production refuses (SSRF guard).
FEEDS_ALLOW_PRIVATE_ADDRESSES = True
# Every benchmark suggestion request comes from 127.0.0.1 too (sitesearch.conf: 120 a minute per visitor).
SITESEARCH_SUGGEST_LIMIT = int(os.environ.get("BENCH_SITESEARCH_SUGGEST_LIMIT", str(10**9)))
