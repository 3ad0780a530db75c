"""A scripted user agent: plays the person in the browser against oidc-provider's dev pages.

It follows redirects and submits the provider's forms the way a browser would (login form:
any login/password; consent: continue; device pages: confirm or abort), keeping cookies. For the
authorization code grant it ends by following the redirect to pingtui's loopback listener — a
real HTTP request to the listener under test.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx


@dataclass
class Form:
    action: str
    method: str
    id: str | None
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._current: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = Form(action=a.get("action", ""), method=a.get("method", "get"),
                                 id=a.get("id"))
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and a.get("name"):
            self._current.fields[a["name"]] = a.get("value", "")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse(html: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(html)
    return parser


class ScriptedBrowser:
    """One person with a browser. ``decision`` is "approve" or "deny"."""

    def __init__(self, *, login: str = "alice", decision: str = "approve",
                 verify: ssl.SSLContext | bool = True, trust_env: bool = True) -> None:
        self.login = login
        self.decision = decision
        # Over TLS (tests/net): the test CA; trust_env=False keeps the person's browser off
        # the proxy the test sets for pingtui, so the proxy sees pingtui's requests only.
        self._client_options = {"verify": verify, "trust_env": trust_env}
        self.tasks: list[asyncio.Task[httpx.Response]] = []
        self.pages: list[str] = []
        self.opened: list[str] = []

    # ------------------------------------------------------------- as pingtui's opener

    def opener(self, url: str) -> bool:
        """Plugged into Session(opener=...): the browser runs on its own, like a real one."""
        self.opened.append(url)
        self.tasks.append(asyncio.get_running_loop().create_task(self.authorize(url)))
        return True

    async def finished(self) -> list[httpx.Response]:
        return list(await asyncio.gather(*self.tasks))

    # ------------------------------------------------------------- the walk

    async def authorize(self, url: str) -> httpx.Response:
        """Walk an authorization URL until the provider redirects to the loopback callback."""
        async with httpx.AsyncClient(follow_redirects=False, timeout=15,
                                     **self._client_options) as client:
            response = await client.get(url)
            for _ in range(20):
                if response.is_redirect:
                    target = urljoin(str(response.url), response.headers["location"])
                    response = await client.get(target)
                    if urlsplit(target).path == "/callback":
                        return response  # the loopback listener's answer
                    continue
                response = await self._act(client, response)
            raise AssertionError("the authorization walk did not end:\n" + self.pages[-1])

    async def device(self, verification_uri_complete: str) -> httpx.Response:
        """Approve (or abort) a device code from its complete verification URI."""
        async with httpx.AsyncClient(follow_redirects=True, timeout=15,
                                     **self._client_options) as client:
            response = await client.get(verification_uri_complete)
            for _ in range(20):
                text = response.text
                if "Sign-in Success" in text or "interrupted" in text or "aborted" in text:
                    return response
                if "<form" not in text:
                    return response
                response = await self._act(client, response)
            raise AssertionError("the device walk did not end:\n" + self.pages[-1])

    async def _act(self, client: httpx.AsyncClient, response: httpx.Response) -> httpx.Response:
        text = response.text
        self.pages.append(text)
        page = parse(text)
        if self.decision == "deny":
            abort = next((link for link in page.links if link.endswith("/abort")), None)
            if abort:
                return await client.get(urljoin(str(response.url), abort))
        if not page.forms:
            raise AssertionError(f"no form on {response.url} ({response.status_code}):\n{text}")
        form = page.forms[0]
        data = dict(form.fields)
        if "login" in data or 'name="login"' in text:
            data.update(login=self.login, password="any-password")
        if form.id == "op.deviceConfirmForm" or "deviceConfirmForm" in text:
            if self.decision == "deny":
                data.pop("confirm", None)
                data["abort"] = "yes"  # the page's "[ Abort ]" button
            else:
                data.setdefault("confirm", "yes")
        action = urljoin(str(response.url), form.action or str(response.url))
        if form.method.lower() == "post":
            return await client.post(action, data=data)
        return await client.get(action, params=data)
