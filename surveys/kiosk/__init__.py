"""The counter kiosk: offline sync, whole surveys, counters and their roster, receipt links."""
