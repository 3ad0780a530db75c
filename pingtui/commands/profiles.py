"""`pingtui profiles list|show|add|use|rename|delete|import-pingcli`."""

from __future__ import annotations

import json
from argparse import Namespace
from pathlib import Path
from typing import Any

from pingtui import profiles
from pingtui.config import MASK, Profile, dump_yaml, profile_to_dict
from pingtui.context import Context
from pingtui.errors import UsageError
from pingtui.output import Column, RowWriter, field

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
    name = args.name
    active = profiles.add_profile(ctx.config_path, name, description=args.description,
                                  activate=args.activate)
    ctx.say(f"Added profile '{name}'" + (" (active)." if active else ".")
            + f" Set up its PingOne connection with 'pingtui init -P {name}'.")
    return 0


def use_profile(args: Namespace, ctx: Context) -> int:
    profiles.use_profile(ctx.config_path, args.name)
    ctx.say(f"'{args.name}' is now the active profile.")
    return 0


def rename_profile(args: Namespace, ctx: Context) -> int:
    profiles.rename_profile(ctx.config_path, args.old, args.new)
    ctx.say(f"Renamed profile '{args.old}' to '{args.new}'.")
    return 0


def _confirm(ctx: Context, question: str) -> bool:
    ctx.stderr.write(f"{question} [y/N] ")
    ctx.stderr.flush()
    return ctx.stdin.readline().strip().lower() in ("y", "yes")


def delete_profile(args: Namespace, ctx: Context) -> int:
    profiles.deletable(ctx.load_config(), args.name)  # before asking; checked again when done
    if not args.yes:
        if not ctx.interactive:
            raise UsageError(f"Deleting '{args.name}' needs confirmation.",
                             "Add --yes to delete without a prompt.")
        if not _confirm(ctx, f"Delete profile '{args.name}' and its stored tokens?"):
            ctx.say("Nothing deleted.")
            return 0
    profiles.delete_profile(ctx.config_path, args.name)
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
