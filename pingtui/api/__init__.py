"""The PingOne Platform API: client (``api.client``), errors, paging and resources. No UI.

Import the submodules you need; nothing is imported here so that ``import pingtui.api.errors``
stays cheap.
"""
