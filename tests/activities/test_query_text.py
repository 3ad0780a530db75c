"""The command line's words as PingOne's filter, durations and times (pure functions)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pingtui.api.activities import (
    ActivityQuery,
    check_interval,
    local_time,
    parse_duration,
    parse_moment,
)
from pingtui.errors import UsageError

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, seconds", [
    ("15m", 900), ("2h", 7200), ("7d", 604800), ("1w", 604800), ("90s", 90),
    ("1h30m", 5400), ("1.5h", 5400), (" 2 h ", 7200)])
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "h", "15", "15x", "yesterday", "-1h", "1h-"])
def test_not_durations(text: str) -> None:
    assert parse_duration(text) is None


def test_moments(local_plus2) -> None:
    assert parse_moment("15m", NOW) == NOW - timedelta(minutes=15)
    assert parse_moment("2026-05-01T09:30:00Z", NOW) == datetime(2026, 5, 1, 9, 30,
                                                                  tzinfo=timezone.utc)
    assert parse_moment("2026-05-01T11:30:00+02:00", NOW).hour == 9
    # No zone: local time (UTC+2 here), as the table shows times.
    assert parse_moment("2026-05-01 11:30", NOW) == datetime(2026, 5, 1, 9, 30,
                                                              tzinfo=timezone.utc)
    assert local_time("2026-05-01T09:30:00.000Z") == "2026-05-01 11:30:00"
    assert local_time("not a time") == "not a time"
    with pytest.raises(UsageError) as caught:
        parse_moment("soon", NOW, "--until")
    assert caught.value.message == "--until 'soon' is neither a duration nor a time."


def test_filter_text_quotes_and_joins() -> None:
    query = ActivityQuery(actions=("USER.CREATED", "USER.DELETED"), actor='a"b\\c',
                          resource="r-1", result="failed", correlation_id="c-1",
                          filter='resources.type eq "USER"')
    assert query.filter_text(NOW - timedelta(hours=1), NOW) == (
        'recordedat gt "2026-05-01T11:00:00.000Z" and recordedat lt "2026-05-01T12:00:00.000Z"'
        ' and (action.type eq "USER.CREATED" or action.type eq "USER.DELETED")'
        ' and actors.user.name eq "a\\"b\\\\c" and resources.id eq "r-1"'
        ' and result.status eq "FAILED" and correlationid eq "c-1"'
        ' and (resources.type eq "USER")')


def test_an_id_matches_user_or_client_and_involving_matches_resources_too() -> None:
    uid = "11111111-1111-4111-8111-111111111111"
    assert ActivityQuery(actor=uid).terms() == [
        f'(actors.user.id eq "{uid}" or actors.client.id eq "{uid}")']
    assert ActivityQuery(involving=uid).terms() == [
        (f'(actors.user.id eq "{uid}" or actors.client.id eq "{uid}" or '
         f'resources.id eq "{uid}")')]
    assert ActivityQuery().is_empty


def test_bad_result_and_interval() -> None:
    with pytest.raises(UsageError):
        ActivityQuery(result="MAYBE")
    assert check_interval(2) == 2
    for bad in (1.9, 0, -5, float("nan")):
        with pytest.raises(UsageError):
            check_interval(bad)
