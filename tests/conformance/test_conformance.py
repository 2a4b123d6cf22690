"""One test per case of datalog-conformance's selected suites (see conftest.py); the package's
pytest plugin parametrizes `yaml_test_case` and builds `runner` from --datalog-evaluator."""

from __future__ import annotations

import pytest


def test_case(yaml_test_case, runner) -> None:  # type: ignore[no-untyped-def]
    _path, case = yaml_test_case
    if case.skip:
        pytest.skip(case.skip)
    runner.run_test_case(case)
