"""`pingtui profiles list|show|add|use|rename|delete|import-pingcli`."""

from __future__ import annotations

import json
from argparse import Namespace
from pathlib import Path
from typing import Any

from pingtui.cli import Context
from pingtui.config import (
    MASK,
    Profile,
    dump_yaml,
    edit_config,
    profile_to_dict,
    validate_profile_name,
)
from pingtui.errors import ConfigError, UsageError
from pingtui.output import Column, RowWriter, field
from pingtui.secrets import forget_profile_secrets, rename_profile_secrets

PROFILE_COLUMNS = [
    Column("ACTIVE", lambda p: "*" if p.get("active") else "", 6),
    Column("NAME", field("name"), 20),
    Column("GRANT TYPE", field("pingone.authentication.grantType"), 18),
    Column("REGION", lambda p: (p.get("pingone") or {}).get("customDomain")
           or (p.get("pingone") or {}).get("rootDomain")
           or (p.get("pingone") or {}).get("region") or "", 12),
    Column("ENVIRONMENT ID", field("pingone.environmentID"), 36),
    Column("DESCRIPTION", field("description")),
]


def masked(profile: Profile, active: bool = False) -> dict[str, Any]:
    """The profile as written in the file, secrets replaced by ``********``."""
    data: dict[str, Any] = {"name": profile.name, "active": active, **profile_to_dict(profile)}
    if profile.pingone and profile.pingone.authentication.client_secret:
        data["pingone"]["authentication"]["clientSecret"] = MASK
    return data


def list_profiles(args: Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    with RowWriter(ctx.output or "table", PROFILE_COLUMNS, ctx.stdout) as out:
        for profile in config.profiles.values():
            out.write(masked(profile, profile.name == config.active_profile))
    if not config.profiles:
        ctx.say(f"No profiles yet in {config.path}. Create one with 'pingtui init'.")
    return 0


def show_profile(args: Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    name = args.name or ctx.profile_name or config.active_profile
    if not name:
        raise UsageError("Which profile? There is no active profile.",
                         "Name one: pingtui profiles show NAME.")
    data = masked(config.get(name), name == config.active_profile)
    if ctx.output == "json":
        ctx.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        ctx.stdout.write(dump_yaml(data))
    return 0


def add_profile(args: Namespace, ctx: Context) -> int:
    name = validate_profile_name(args.name)
    with edit_config(ctx.config_path) as config:
        if name in config.profiles:
            raise ConfigError(f"A profile named '{name}' already exists.",
                              f"Pick another name, or change it with 'pingtui init -P {name}'.")
        config.profiles[name] = Profile(name=name, description=args.description)
        if args.activate or not config.active_profile:
            config.active_profile = name
    ctx.say(f"Added profile '{name}'" + (" (active)." if config.active_profile == name else ".")
            + f" Set up its PingOne connection with 'pingtui init -P {name}'.")
    return 0


def use_profile(args: Namespace, ctx: Context) -> int:
    with edit_config(ctx.config_path) as config:
        config.get(args.name)
        config.active_profile = args.name
    ctx.say(f"'{args.name}' is now the active profile.")
    return 0


def rename_profile(args: Namespace, ctx: Context) -> int:
    new = validate_profile_name(args.new)
    with edit_config(ctx.config_path) as config:
        profile = config.get(args.old)
        if new in config.profiles:
            raise ConfigError(f"A profile named '{new}' already exists.", "Pick another name.")
        # Keep the file's order: rebuild the mapping with the new key in the old place.
        config.profiles = {(new if k == args.old else k): v for k, v in config.profiles.items()}
        profile.name = new
        if config.active_profile == args.old:
            config.active_profile = new
        rename_profile_secrets(args.old, profile)
    ctx.say(f"Renamed profile '{args.old}' to '{new}'.")
    return 0


def _confirm(ctx: Context, question: str) -> bool:
    ctx.stderr.write(f"{question} [y/N] ")
    ctx.stderr.flush()
    return ctx.stdin.readline().strip().lower() in ("y", "yes")


def delete_profile(args: Namespace, ctx: Context) -> int:
    config = ctx.load_config()
    profile = config.get(args.name)
    if config.active_profile == args.name:
        raise ConfigError(f"'{args.name}' is the active profile and can't be deleted.",
                          "Make another one active first: pingtui profiles use OTHER.")
    if not args.yes:
        if not ctx.interactive:
            raise UsageError(f"Deleting '{args.name}' needs confirmation.",
                             "Add --yes to delete without a prompt.")
        if not _confirm(ctx, f"Delete profile '{args.name}' and its stored tokens?"):
            ctx.say("Nothing deleted.")
            return 0
    with edit_config(ctx.config_path) as config:
        config.get(args.name)
        del config.profiles[args.name]
    forget_profile_secrets(profile)
    ctx.say(f"Deleted profile '{args.name}'.")
    return 0


def import_pingcli(args: Namespace, ctx: Context) -> int:
    from pingtui.pingcli import import_profiles

    summary = import_profiles(ctx.config_path,
                              Path(args.path).expanduser() if args.path else None,
                              overwrite=args.overwrite)
    for source, name in summary.imported:
        ctx.say(f"imported  {source}" + (f" as {name}" if name != source else ""))
    for name, why in summary.skipped:
        ctx.say(f"skipped   {name}: {why}")
    total = len(summary.imported) + len(summary.skipped)
    ctx.say(f"Imported {len(summary.imported)} of {total} profiles from {summary.source}.")
    return 0
