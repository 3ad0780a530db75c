"""``python -m pingtui.sim [--size N] [--users N] [--page-size N] [--tls]``: run it by hand.

Prints where it listens and the demo clients, then serves until Ctrl+C. ``--tls`` serves HTTPS
with a certificate from a test CA made for this run (needs ``trustme``, a test dependency) and
writes the CA certificate to ``--ca-file`` for clients to trust (``SSL_CERT_FILE=...``).
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
    parser.add_argument("--tls", action="store_true",
                        help="serve HTTPS with a certificate from a test CA made now")
    parser.add_argument("--ca-file", default=None, metavar="PATH",
                        help="where --tls writes the CA certificate (default: a temp file)")
    parser.add_argument("--scale-users", type=int, default=1_000_000, metavar="N",
                        help="users in the Load Testing environment (default 1,000,000; 0: few)")
    parser.add_argument("--auto-approve-after", type=float, default=None, metavar="SECONDS")
    args = parser.parse_args()
    tls, ca_file = None, None
    if args.tls:
        import tempfile

        from pingtui.sim.tls import TestCA  # lazy: trustme only for --tls

        ca = TestCA()
        tls = ca.server_context()
        ca_file = ca.write_ca(args.ca_file or tempfile.mkstemp(prefix="pingtui-sim-ca-",
                                                               suffix=".pem")[1])
    with Simulator(tls=tls, size=args.size, users=args.users, page_size=args.page_size,
                   auto_approve_after=args.auto_approve_after,
                   scale_users=args.scale_users) as sim:
        print(f"PingOne simulator on {sim.base_url}")
        if ca_file is not None:
            print(f"  test CA      {ca_file} (trust it: SSL_CERT_FILE={ca_file})")
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
