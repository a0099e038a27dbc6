"""Benchmarks: `make bench` (`python -m bench`), `make bench BENCH_ARGS=--quick`.

Not tests and not imported by the project: a harness that builds a fresh database, serves the site
with gunicorn (production settings) on 127.0.0.1 and prints each figure beside a static file served
by the same server in the same run. See the README, section Performance.
"""
