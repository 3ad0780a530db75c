"""``python -m pingtui.sim [--size N] [--users N] [--page-size N]``: run the simulator by hand.

Prints where it listens and the demo clients, then serves until Ctrl+C.
"""

from __future__ import annotations

import argparse
import threading

from pingtui.sim import Simulator


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m pingtui.sim", description=__doc__)
    parser.add_argument("--size", type=int, default=29, help="environments (default 29)")
    parser.add_argument("--users", type=int, help="users in every environment")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--auto-approve-after", type=float, default=None, metavar="SECONDS")
    args = parser.parse_args()
    with Simulator(size=args.size, users=args.users, page_size=args.page_size,
                   auto_approve_after=args.auto_approve_after) as sim:
        print(f"PingOne simulator on {sim.base_url}")
        print(f"  issuer       {sim.issuer}")
        print(f"  API          {sim.api_base_url}")
        print(f"  environment  {sim.admin_environment_id} (Administrators)")
        print(f"  clients      authorization_code {sim.auth_code_client_id}")
        print(f"               device_code        {sim.device_client_id}")
        print(f"               client_credentials {sim.client_credentials_client_id} "
              f"secret {sim.client_secret}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
