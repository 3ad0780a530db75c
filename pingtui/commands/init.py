"""`pingtui init`: write a complete PingOne profile from flags (or start the TUI wizard).

The profile is ``-P NAME`` (created if new), else the active profile, else ``default`` (Ping
CLI's first profile name). Flags change only what they name, so ``init --client-id X`` on an
existing profile keeps everything else.
"""

from __future__ import annotations

import os
from argparse import Namespace

from pingtui.config import Profile, edit_config, validate_domain, validate_environment_id
from pingtui.context import Context
from pingtui.errors import UsageError
from pingtui.pingone import check_base_url, environment_in_issuer, region_of_host
from pingtui.profiles import Settings, apply_settings, checked_name, missing_for
from pingtui.secrets import save_client_secret

_FLAGS = {"environment_id": "--environment-id", "client_id": "--client-id",
          "client_secret": "--client-secret-stdin"}


def _check(flag: str, value: str | None, problem: str | None) -> None:
    if value is not None and problem:
        raise UsageError(f"{flag} '{value[:60]}' {problem}.", f"Fix {flag} and run again.")


def _validate(args: Namespace) -> None:
    env_id = args.environment_id
    _check("--environment-id", env_id, env_id and validate_environment_id(env_id))
    for flag, value in (("--root-domain", args.root_domain),
                        ("--custom-domain", args.custom_domain)):
        _check(flag, value, value and validate_domain(value))
    for flag, value in (("--auth-base-url", args.auth_base_url),
                        ("--api-base-url", args.api_base_url)):
        _check(flag, value, value and check_base_url(value))
    if args.redirect_port is not None and not 1 <= args.redirect_port <= 65535:
        raise UsageError("--redirect-port must be between 1 and 65535.", None)
    if args.ca_bundle:
        from pingtui.tls import check_ca_bundle

        if problem := check_ca_bundle(os.path.abspath(os.path.expanduser(args.ca_bundle))):
            raise UsageError(f"{problem}", "Give the PEM file of your company's CA.")
    if args.proxy:
        from pingtui.proxies import check_proxy_url

        # Not quoted back: the URL may hold a password.
        if problem := check_proxy_url(args.proxy, credentials=False):
            raise UsageError(f"--proxy {problem}.", "For example: --proxy http://proxy.corp:3128")


def _from_urls(args: Namespace, settings: Settings) -> None:
    """What a pasted issuer or PingOne host says, unless a flag says it: the environment ID of
    ``…/<envId>/as``, the region of ``auth.pingone.eu`` (so the API host matches the sign-on's)."""
    if args.auth_base_url and (found := environment_in_issuer(args.auth_base_url)):
        given = args.environment_id or ""
        if given and given.lower() != found:
            raise UsageError(f"--auth-base-url is the issuer of environment {found}, but "
                             f"--environment-id is {given}.",
                             "Drop one of them, or give the auth host alone "
                             "(https://auth.pingone.eu).")
        settings.environment_id = settings.environment_id or found
    if not (args.region or args.root_domain):
        for url in (args.auth_base_url, args.api_base_url):
            if url and (code := region_of_host(url)):
                settings.region = code
                break


def _settings(args: Namespace) -> Settings:
    """The settings the flags give (a flag left out leaves its setting as it is)."""
    return Settings(**{name: getattr(args, name, None)
                       for name in Settings.__dataclass_fields__})


def _read_secret(ctx: Context) -> str:
    secret = ctx.stdin.readline().strip()
    if not secret:
        raise UsageError("--client-secret-stdin was given but standard input was empty.",
                         "Pipe the secret in: printf %s \"$SECRET\" | pingtui init ...")
    return secret


def init(args: Namespace, ctx: Context) -> int:
    settings = _settings(args)
    if not (settings.given() or args.client_secret_stdin):
        if ctx.interactive:
            from pingtui.commands.tui import run_tui

            args.start_screen = "init"
            return run_tui(args, ctx)
        raise UsageError("pingtui init needs flags when it can't ask (no terminal).",
                         "For example: pingtui init --grant-type device_code --region EU "
                         "--environment-id UUID --client-id ID")
    _validate(args)
    _from_urls(args, settings)
    secret = _read_secret(ctx) if args.client_secret_stdin else None
    with edit_config(ctx.config_path) as config:
        name = checked_name(ctx.profile_name or ctx.env.get("PINGTUI_PROFILE")
                            or config.active_profile or "default")
        created = name not in config.profiles
        profile = config.profiles.get(name) or Profile(name=name)
        apply_settings(profile, settings)
        # A client secret is not required here: a pipeline keeps it in an environment variable
        # (said below), and an existing profile may hold it in the token store.
        if missing := missing_for(profile, has_secret=True):
            raise UsageError(f"Profile '{name}' would be incomplete: missing "
                             f"{', '.join(_FLAGS[m] for m in missing)}.",
                             "Add the missing flags; nothing was written.")
        if secret:
            save_client_secret(profile, secret)
        config.profiles[name] = profile
        if args.activate or not config.active_profile:
            config.active_profile = name
    p = profile.pingone
    assert p is not None  # apply_settings made it
    if p.authentication.storage == "keyring" and secret is None:
        # Said now, not at the first sign-on: the profile asks for the keyring and there is
        # none (with a secret, the token store said so as it saved it).
        from pingtui.auth.store import keyring_fallback_note

        if note := keyring_fallback_note():
            ctx.say(note)
    grant = p.authentication.grant_type
    ctx.say(f"{'Created' if created else 'Updated'} profile '{name}' ({grant}, {p.location})"
            + (", now active." if config.active_profile == name else ".")
            + (f" Check it with: pingtui auth status -P {name}"
               if grant == "client_credentials"
               else f" Sign on with: pingtui auth login -P {name}"))
    kept = secret or p.authentication.client_secret
    if grant == "client_credentials" and created and not kept:
        from pingtui.config.env import client_secret_variables

        usual, *others = client_secret_variables()
        ctx.say(f"It keeps no client secret: at run time pingtui reads it from ${usual} (or "
                f"${others[0]}, ${others[2]}); to store one instead: printf %s \"$SECRET\" | "
                f"pingtui init -P {name} --client-secret-stdin")
    return 0
