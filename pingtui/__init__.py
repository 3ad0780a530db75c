"""pingtui: k9s for PingOne — a terminal UI and scriptable CLI for PingOne tenants."""

__version__ = "0.1.0"
