"""QA round: a log cell longer than its column ends with an ellipsis (it was cut mid-word:
``NOTIFICATIONSPOLICIE.REA``, ``nguyen.adebay``), so a reader sees there is more (pilot)."""

from __future__ import annotations

from test_tui_activities import _open_log, build, frozen  # noqa: F401 (fixtures)


async def test_a_cut_cell_ends_with_an_ellipsis(build, frozen, sim) -> None:  # noqa: F811
    app = build()
    async with app.run_test(size=(100, 30)) as pilot:
        log = await _open_log(pilot, sim.admin_environment_id)
        widths = {col.key: col.width for col in log.table.columns.values()}
        cut = 0
        for row in range(log.table.row_count):
            for key, cell in zip(widths, log.table.get_row_at(row)):
                assert len(cell.plain) <= widths[key], (key, cell.plain)
                cut += cell.plain.endswith("…")
        assert cut > 0  # the seeded history has long actors, resources and descriptions
