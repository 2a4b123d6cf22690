"""Runs datalog-conformance's core suites against factlog and checks the outcome.

Run by run.sh inside target/conformance-venv. Exit status 0 only when every selected case
passed, except the ones listed in expected_failures.txt, which must all fail; pytest finding
no case (its exit code 5) is a failure too. The last line is `N passed, M failed`, M being the
unexpected outcomes (failures not listed, listed cases that passed, errors).
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.dont_write_bytecode = True

import pytest  # noqa: E402

HERE = Path(__file__).resolve().parent
SUITES = ("basic", "negation", "recursion", "errors")


class Outcomes:
    """Per case id, `passed`, `xfailed` (listed and failed), `failed` (not listed), `xpassed`
    (listed and passed) or `error` (setup or teardown failed)."""

    def __init__(self) -> None:
        self.by_case: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        cid = report.nodeid.partition("[")[2].rstrip("]") or report.nodeid
        if report.when == "call":
            if getattr(report, "wasxfail", None) is not None:
                self.by_case[cid] = "xfailed" if report.skipped else "xpassed"
            elif report.passed:
                self.by_case[cid] = "passed"
            elif report.skipped:
                self.by_case[cid] = "skipped"
            else:
                longrepr = str(report.longrepr)
                self.by_case[cid] = "xpassed" if "XPASS(strict)" in longrepr else "failed"
        elif report.failed:
            self.by_case[cid] = "error"
        elif report.skipped and cid not in self.by_case:
            self.by_case[cid] = (
                "xfailed" if getattr(report, "wasxfail", None) is not None else "skipped"
            )


def main(argv: list[str]) -> int:
    outcomes = Outcomes()
    args = [
        str(HERE / "test_conformance.py"),
        f"--rootdir={HERE}",
        "-p",
        "no:cacheprovider",
        "--datalog-evaluator=factlog_adapter.FactlogEvaluator",
        "-q",
        "-rfEX",
        *argv,
    ]
    code = pytest.main(args, plugins=[outcomes])

    per_suite: dict[str, Counter[str]] = defaultdict(Counter)
    for cid, outcome in outcomes.by_case.items():
        per_suite[cid.split("/", 1)[0]][outcome] += 1
    print()
    print("conformance (datalog-conformance 0.1.0) against factlog:")
    for suite in SUITES:
        c = per_suite.get(suite, Counter())
        print(
            f"  {suite:<10} {c['passed']:>3} passed, {c['xfailed']:>2} expected failures, "
            f"{c['failed'] + c['xpassed'] + c['error']:>2} unexpected"
            + (f" ({c['skipped']} skipped)" if c["skipped"] else "")
        )
    totals: Counter[str] = Counter()
    for c in per_suite.values():
        totals.update(c)
    unexpected = totals["failed"] + totals["xpassed"] + totals["error"]
    for cid, outcome in sorted(outcomes.by_case.items()):
        if outcome == "failed":
            print(f"  UNEXPECTED FAILURE: {cid} (fix it, or list it with its reason)")
        elif outcome == "xpassed":
            print(f"  UNEXPECTED PASS: {cid} is listed in expected_failures.txt; remove it")
        elif outcome == "error":
            print(f"  ERROR: {cid}")
    if totals["xfailed"]:
        print(f"  {totals['xfailed']} expected failures (tests/conformance/expected_failures.txt)")

    ok = code == 0 and unexpected == 0
    if code == pytest.ExitCode.NO_TESTS_COLLECTED or not outcomes.by_case:
        print(f"  no conformance case ran (pytest exit code {int(code)}): that is a failure")
        ok = False
        unexpected = max(unexpected, 1)
    elif code != 0 and unexpected == 0:
        print(f"  pytest exited with {int(code)}")
        unexpected = 1
    print(f"{totals['passed']} passed, {unexpected} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
