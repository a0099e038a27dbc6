"""The rows of the mail table, from what `python -m bench.mail` reports (kept apart from the
harness so the harness only names the section)."""

from __future__ import annotations

from bench.report import Row, rate, ratio, verdict


def mail_rows(data: dict) -> list[Row]:
    n = data["subscribers"]
    total = data["render_s"] + data["queue_s"] + data["build_s"]
    share = data["sender_per_s"] / data["raw_per_s"] if data["raw_per_s"] else None
    return [
        Row(
            f"Render the issue once ({data['items']} items, {data['html_bytes'] // 1024} KB HTML)",
            f"{data['render_s'] * 1000:,.0f} ms",
            result=f"+{data['render_peak_mb']:.1f} MB peak RSS",
        ),
        Row(
            f"Queue {n:,} deliveries (one row each, unique per issue)",
            f"{data['queue_s']:.2f} s",
            result=f"+{data['queue_peak_mb']:.1f} MB peak RSS",
        ),
        Row(
            f"Build {n:,} personal messages (signed links, both parts)",
            f"{data['build_s']:.2f} s",
            rate(n / data["build_s"], "msg/s") if data["build_s"] else "—",
            result=f"+{data['build_peak_mb']:.1f} MB peak RSS",
        ),
        Row(
            f"Render and queue for {n:,} subscribers, total (process peak {data['rss_mb']:.0f} MB)",
            f"{total:.2f} s",
            target="< 60 s",
            result=verdict(total < 60),
        ),
        Row(
            "Raw SMTP to the local aiosmtpd (smtplib, one connection)",
            rate(data["raw_per_s"], "msg/s"),
            f"before {rate(data['raw_before_per_s'], 'msg/s')}, after {rate(data['raw_after_per_s'], 'msg/s')}",
            result="reference",
        ),
        Row(
            f"Batch sender to the same server ({data['sent']:,} mails, {data['failed']} failed)",
            rate(data["sender_per_s"], "msg/s"),
            rate(data["raw_per_s"], "msg/s"),
            ratio(share),
            "every mail sent once, none failed",
            verdict(data["sent_rows"] == data["sent"] and not data["failed"]),
        ),
    ]
