"""Views: what a person reads — the daily view, text and JSON renderings, the chart, and
the exports. Pure functions from a forecast plan to text or bytes; imports core and storage."""
