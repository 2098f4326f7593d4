#!/bin/sh
# Re-run the non-interactive repros of the reliability attack run of 2026-11-30
# (findings F1-F27) against a flowtriage binary; one line per finding, held or FAILED.
# Exit status 1 if any finding failed, 2 on bad usage.
#
#   tests/reliability/rerun.sh target/release/flowtriage [--work DIR] [--only F6,F13]
#
# Needs python3 (3.8 or later, standard library only). Inputs are made in --work DIR
# (kept) or a temporary folder (removed). Takes about a minute and 1 GB of memory at
# peak (the F8/F15 archives). .ci/run runs it after `cargo test`.
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 path/to/flowtriage [--work DIR] [--only F1,F6,...]" >&2
    exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "$0: python3 is needed" >&2
    exit 2
fi
exec python3 "$(dirname "$0")/rerun.py" "$@"
