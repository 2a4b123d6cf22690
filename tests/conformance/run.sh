#!/usr/bin/env bash
# The datalog-conformance suites (basic, negation, recursion, errors) against the factlog binary.
#
#   bash tests/conformance/run.sh [PYTEST ARGS...]
#
# Builds target/debug/factlog (or uses $FACTLOG_BIN), sets up a venv in target/conformance-venv
# with the pinned tests/conformance/requirements.txt (nothing lands in the source tree), runs
# the cases through tests/conformance/factlog_adapter.py and checks them against
# tests/conformance/expected_failures.txt. Exits non-zero on any unexpected result; the last
# line is `N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/../.."

here=tests/conformance
venv=target/conformance-venv
python=${PYTHON:-python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "conformance: $python is $("$python" --version 2>&1); datalog-conformance needs Python 3.11+" >&2
  exit 1
fi

# The venv is rebuilt when the pinned requirements change.
stamp="$venv/.requirements.sha256"
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "conformance: setting up $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$stamp"
fi

if [ -z "${FACTLOG_BIN:-}" ]; then
  cargo build --locked --quiet --bin factlog
  export FACTLOG_BIN="$PWD/target/debug/factlog"
fi
echo "conformance: $FACTLOG_BIN (engine: ${FACTLOG_ENGINE:-default})"

export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" "$here/run.py" "$@"
