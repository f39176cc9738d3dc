"""Timing decisions: when an alert is due, when to poll next, whether a source is healthy."""
