"""Selects datalog-conformance's core suites and marks the listed expected failures.

- Only the cases under the package's `basic/`, `negation/`, `recursion/` and `errors/` folders
  run (the plugin's `--datalog-tags` keeps cases having *all* listed tags, so it cannot select
  four suites at once; the folders are what the case ids start with); `defeasible/` is
  deselected.
- Each case id in expected_failures.txt (`suite/file::case  # reason`) is marked
  `xfail(strict=True)`: it must fail, and a pass fails the run. The list holds at most
  MAX_EXPECTED_FAILURES entries, each with a reason and each naming a selected case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SUITES = ("basic", "negation", "recursion", "errors")
MAX_EXPECTED_FAILURES = 10
EXPECTED_FAILURES_FILE = Path(__file__).with_name("expected_failures.txt")


def read_expected_failures(path: Path = EXPECTED_FAILURES_FILE) -> dict[str, str]:
    """Case id -> reason. Blank lines and lines starting with `#` are ignored."""
    entries: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        case_id, sep, reason = line.partition("#")
        case_id, reason = case_id.strip(), reason.strip()
        if not sep or not reason:
            raise pytest.UsageError(f"{path.name}:{number}: `{case_id}` has no `# reason`")
        if case_id in entries:
            raise pytest.UsageError(f"{path.name}:{number}: `{case_id}` is listed twice")
        entries[case_id] = reason
    if len(entries) > MAX_EXPECTED_FAILURES:
        raise pytest.UsageError(
            f"{path.name} lists {len(entries)} expected failures; at most "
            f"{MAX_EXPECTED_FAILURES} are allowed"
        )
    return entries


def case_id(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return None if callspec is None else callspec.id


def suite_of(cid: str) -> str:
    return cid.split("/", 1)[0]


@pytest.hookimpl(tryfirst=True)  # before `-k`/`-m` deselect anything: the list is checked whole
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    expected = read_expected_failures()
    selected: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        cid = case_id(item)
        if cid is not None and suite_of(cid) in SUITES:
            selected.append(item)
        else:
            deselected.append(item)
    ids = {case_id(item) for item in selected}
    unknown = sorted(set(expected) - ids)
    if unknown:
        raise pytest.UsageError(
            f"{EXPECTED_FAILURES_FILE.name} names cases that are not selected: {', '.join(unknown)}"
        )
    for item in selected:
        reason = expected.get(case_id(item) or "")
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    if deselected:
        config.hook.pytest_deselected(items=deselected)
    items[:] = selected
