"""pingtui.errors' texts: the one wording of an unexpected failure, used by the CLI and the TUI."""

from __future__ import annotations

from pingtui.errors import ConfigError, PingTUIError, as_user_error, error_text, unexpected_error
from pingtui.logsafe import register_secret


def test_unexpected_errors_name_the_type_mask_secrets_and_stay_short() -> None:
    register_secret("refresh-token-abcdef")
    text = unexpected_error(KeyError("refresh-token-abcdef " + "x" * 500))
    assert text.startswith("Unexpected error: KeyError: ")
    assert "refresh-token-abcdef" not in text and "********" in text
    assert len(text) <= len("Unexpected error: KeyError: ") + 200


def test_error_text_and_user_errors() -> None:
    known = ConfigError("The file is broken.", "Fix it.")
    assert error_text(known) == "The file is broken.\nFix it."
    assert error_text(PingTUIError("Only a message.")) == "Only a message."
    assert as_user_error(known) is known
    wrapped = as_user_error(ValueError("boom"), "Press r.")
    assert (wrapped.message, wrapped.hint) == ("Unexpected error: ValueError: boom", "Press r.")
    assert error_text(ValueError("boom")) == wrapped.message
