"""Sign-on and tokens for a profile: no UI here (the TUI and the CLI both use it).

- ``session.Session``: the one object callers use (httpx.Auth, access_token, login, logout,
  status).
- ``flows``: authorization code + PKCE (loopback), device code, client credentials; the events
  a UI renders (``BrowserOpened``, ``DeviceCodeIssued``).
- ``store``: keyring -> file (0600) -> memory, per profile; client secrets too.
- ``oauth``: discovery and the sign-on HTTP requests; ``loopback``: the redirect listener;
  ``tokens``: the stored token set; ``errors``: what can go wrong, in plain words.

Modules are imported on use (``from pingtui.auth.session import Session``): nothing is loaded
here, to keep start-up fast.
"""
