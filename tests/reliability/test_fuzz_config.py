"""Fuzzing the profiles file: whatever is in it, pingtui answers with a ConfigError or a Config."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingtui import config as cfg
from pingtui.errors import ConfigError

KNOWN_KEYS = ["activeProfile", "profiles", "description", "pingone", "pingOne", "region",
              "rootDomain", "customDomain", "environmentID", "authentication", "grantType",
              "clientID", "clientSecret", "scopes", "storage", "redirectURIPort", "authBaseURL",
              "apiBaseURL", "keymap", "work", "default"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=40), st.sampled_from(["NA", "EU", "device_code", "file",
                                                           "3b1b2f7e-1a2b-4c3d-9e8f-0a1b2c3d4e5f",
                                                           "http://127.0.0.1:1/v1", "[prod]"]))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=10)), children,
                        max_size=5)),
    max_leaves=30,
)
PATH = Path("/nonexistent/config.yaml")
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(st.text(max_size=400))
def test_any_text_parses_or_gives_a_config_error(text: str) -> None:
    try:
        config = cfg.parse_config(PATH, text)
    except ConfigError as exc:
        assert str(PATH) in exc.message and exc.hint
    else:
        assert isinstance(config.profiles, dict)


@FAST
@given(documents)
def test_any_yaml_document_parses_or_gives_a_config_error(doc: object) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        config = cfg.parse_config(PATH, text)
    except ConfigError as exc:
        assert exc.message.startswith(str(PATH))
    else:
        # whatever was accepted survives a round trip unchanged
        again = cfg.parse_config(PATH, cfg.dump_yaml(cfg.config_to_dict(config)))
        assert again.profiles == config.profiles and again.extra == config.extra
