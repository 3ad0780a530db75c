"""An embedded PingOne simulator (demo mode and tests): real HTTP on 127.0.0.1.

The server side, written apart from the client: nothing here imports pingtui.auth, api,
config or pingone (an import-linter contract), so a test against it checks the client against
an independent reading of PingOne's behaviour.
"""

from pingtui.sim.faults import Fault, FaultPlan
from pingtui.sim.server import Simulator

__all__ = ["Fault", "FaultPlan", "Simulator"]
