#!/usr/bin/env bash
# Records everything the classifier says about the project's corpus and the benchmark
# inputs, so that a change meant only to make matching faster can be shown to change no
# result:
#
#   bench/routing-guard.sh record before.txt   # on the commit before the change
#   bench/routing-guard.sh record after.txt    # after it
#   diff before.txt after.txt                  # must print nothing
#
# What is recorded: `content eval` (JSON; with the fallback, signatures alone, and the
# fallback's leave-one-out figure) over tests/corpus and tests/corpus/real, and the full
# `classification` object (category, codes, status, confidence, evidence, facts,
# signature, runner-up), the excerpt and the count of secrets redacted that `diagnose`
# gives for every case file, each as pasted and unredacted, and for the benchmark's
# payload and pastes (2 KB, 600 KB, 2 MB).
# Uses target/release/flowtriage as it is (build it first).
set -euo pipefail

cd "$(dirname "$0")/.."
[ "${1:-}" = record ] && [ -n "${2:-}" ] || {
    echo "usage: bench/routing-guard.sh record FILE" >&2
    exit 2
}
out=$2
target_dir=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
FT="$target_dir/release/flowtriage"
GEN="$target_dir/release/examples/gen_playbook"
work=$(mktemp -d "${TMPDIR:-/tmp}/flowtriage-guard.XXXXXX")
trap 'rm -rf "$work"' EXIT
export FLOWTRIAGE_HOME="$work/home"

{
    for dir in tests/corpus tests/corpus/real; do
        for flags in "" "--signatures-only" "--leave-one-out"; do
            echo "== content eval $dir $flags"
            # shellcheck disable=SC2086 # flags is one word or none
            { "$FT" content eval "$dir" --format json $flags || true; } | jq -S .
        done
    done
    inputs=(tests/corpus/*.txt tests/corpus/real/*.txt)
    if [ -x "$GEN" ]; then
        "$GEN" payload "$work/payload.json"
        for bytes in 2048 614400 2097152; do
            "$GEN" paste "$work/paste-$bytes.txt" "$bytes"
            inputs+=("$work/paste-$bytes.txt")
        done
        inputs+=("$work/payload.json")
    fi
    for file in "${inputs[@]}"; do
        for redact in "" "--no-redact"; do
            echo "== diagnose $(basename "$file") $redact"
            # shellcheck disable=SC2086
            # (diagnose exits 3 when the checklist still has a question: not a failure here)
            { "$FT" diagnose "$file" --format json $redact || true; } | jq -S -c "{classification, error, redactions}"
        done
    done
} >"$out"
echo "recorded $(grep -c '^==' "$out") results in $out" >&2
