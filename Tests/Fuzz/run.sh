#!/usr/bin/env bash
# Builds the libFuzzer targets of Tests/Fuzz/ and runs each for a given time, one after the other.
#
#   Tests/Fuzz/run.sh [seconds-per-target] [target…]      targets: filter patch validation saml (default: all)
#   FUZZ_ARGS="-max_len=512" Tests/Fuzz/run.sh 60 filter   extra libFuzzer options for every target
#
# Everything it makes goes to .build-fuzz/ (ignored by git): the build, the seeds gathered from the test fixtures,
# the corpus each target grows (kept between runs), logs, and crash artifacts. It prints one line per target with
# the executions and executions per second (libFuzzer's -print_final_stats), and exits 1 if any target crashed.
# Tests/Fuzz/README.md says what each target checks and how to turn a crash into a regression test.
# Needs the Swift toolchain (its libFuzzer) and python3, which gathers the seeds from the transcripts.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
fuzz="$root/Tests/Fuzz"
scratch="$root/.build-fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(filter patch validation saml)

# target → product, the dictionary, the longest input worth trying (past it only the size limits are exercised, and
# the unit tests cover those), and the fixture folders used as seeds as they are.
declare -A product=([filter]=FilterFuzzer [patch]=PatchFuzzer [validation]=ValidationFuzzer [saml]=SAMLMetadataFuzzer)
declare -A dictionary=([filter]=filter [patch]=json [validation]=json [saml]=xml)
declare -A max_len=([filter]=4096 [patch]=8192 [validation]=8192 [saml]=32768)
declare -A fixtures=(
    [filter]=""
    [patch]=""
    [validation]="$root/Tests/SCIMTests/Fixtures"
    [saml]="$root/Tests/SAMLMetadataTests/Fixtures"
)

for target in "${targets[@]}"; do
    [ -n "${product[$target]:-}" ] || { echo "unknown target '$target' (expected: ${!product[*]})" >&2; exit 2; }
done

# The targets exist in Package.swift only when SCIMDIR_FUZZ is set. `--sanitize` instruments every module and links
# libFuzzer's main; `-sanitize=fuzzer,address` for the Swift compiler because `--sanitize` passes the two as separate
# flags, of which the compiler keeps only the last; `--no-gc-sections` because the linker otherwise drops the coverage
# counters, and libFuzzer then fuzzes blind ("no interesting inputs were found").
build() {
    SCIMDIR_FUZZ=1 swift build --package-path "$root" --scratch-path "$scratch" -c release \
        --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xlinker --no-gc-sections \
        --product "$1"
}

# Seeds taken from the fixtures at each run, so that they follow the fixtures: the RFC 7644 filter examples, and
# from the identity-provider transcripts every filter, PATCH path, PATCH body and POST/PUT body.
gather_seeds() {
    rm -rf "$scratch/seeds"
    mkdir -p "$scratch/seeds"/{filter,patch,validation}
    python3 - "$root" "$scratch/seeds" <<'PYTHON'
import json, pathlib, sys, urllib.parse
root, seeds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def seed(target, name, text):
    (seeds / target / name).write_text(text)
lines = (root / "Tests/SCIMTests/Fixtures/rfc7644-3.4.2.2-filters.txt").read_text().splitlines()
for number, line in enumerate(lines):
    seed("filter", f"rfc7644-{number}", line)
for transcript in sorted((root / "Tests/SCIMServerTests/Transcripts").glob("*.json")):
    for number, step in enumerate(json.loads(transcript.read_text()).get("steps", [])):
        request, name = step.get("request", {}), f"{transcript.stem}-{number}"
        for value in urllib.parse.parse_qs(request.get("query", "")).get("filter", []):
            seed("filter", name, value)
        body = request.get("body")
        if request.get("method") == "PATCH" and isinstance(body, dict):
            seed("patch", name, json.dumps(body))
            for operation in body.get("Operations", []):
                if isinstance(operation, dict) and isinstance(operation.get("path"), str):
                    seed("filter", f"{name}-path-{operation['path'][:40].replace('/', '_')}", operation["path"])
        elif request.get("method") in ("POST", "PUT") and body is not None:
            seed("validation", name, json.dumps(body))
PYTHON
}

run() {
    local target="$1" binary="$scratch/release/${product[$1]}"
    local corpus="$scratch/corpus/$target" artifacts="$scratch/artifacts/$target/" log="$scratch/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    local seed_dirs=("$fuzz/Corpus/$target")
    [ -d "$scratch/seeds/$target" ] && seed_dirs+=("$scratch/seeds/$target")
    [ -n "${fixtures[$target]}" ] && seed_dirs+=("${fixtures[$target]}")
    # The Swift runtime's backtracer would pause every crash for its own report; libFuzzer and ASan print the stack.
    # One process (no -jobs/-workers): the machine is shared, and the figures then mean one core.
    local status=0
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
    SWIFT_BACKTRACE=enable=no "$binary" "$corpus" "${seed_dirs[@]}" \
        -dict="$fuzz/Dictionaries/${dictionary[$target]}.dict" -max_len="${max_len[$target]}" \
        -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts" ${FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
    local executions rate
    executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    if [ "$status" -eq 0 ]; then
        printf '%-10s %6ss  %12s executions  %8s exec/s  no crash\n' "$target" "$seconds" "$executions" "$rate"
    else
        printf '%-10s CRASHED (exit %s); see %s and %s\n' "$target" "$status" "$log" "$artifacts"
        grep -m1 -E 'Fatal error|ERROR: (AddressSanitizer|libFuzzer)' "$log" || true
        return 1
    fi
}

mkdir -p "$scratch/logs"
for target in "${targets[@]}"; do
    echo "building ${product[$target]}…"
    build "${product[$target]}" >"$scratch/logs/build.log" 2>&1 || { cat "$scratch/logs/build.log" >&2; exit 1; }
done
gather_seeds
failed=0
for target in "${targets[@]}"; do
    run "$target" || failed=1
done
exit "$failed"
