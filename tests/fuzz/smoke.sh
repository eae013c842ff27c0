#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# A short libFuzzer run of every fuzz target, seeded from the known-answer captures, after
# replaying the saved regression inputs. Any crash fails the run. Each target's rate is printed
# (inputs run per second of wall time; where /usr/bin/time exists also per CPU second and the share
# of a CPU the run got: on a shared machine a low wall rate with a low share is the machine's load,
# not the target), and a table of them at the end.
#   tests/fuzz/smoke.sh <fuzz build dir> [seconds per target]
# FUZZ_SEED (default 1) seeds libFuzzer's mutations: with a fixed seed two runs of one build run
# the same inputs, so their rates differ by the machine only (with a random seed the inputs a run
# happens to pick moved the rate too); set another seed to explore other inputs.
set -euo pipefail
build=${1:?usage: smoke.sh <fuzz build dir> [seconds]}
seconds=${2:-30}
seed=${FUZZ_SEED:-1}
# While fuzzing, AddressSanitizer records no allocation stacks and keeps 16 MB of freed memory
# poisoned instead of 256 MB. fuzz_ike_engine makes ~470 allocations per input (~56 KB), and the
# stacks and the quarantine's page faults took about a quarter of its CPU (perf, issue 17); without
# them it runs 35-40% more inputs per CPU second. Neither finds less: a freed block stays poisoned
# for some 290 of its inputs after its own, and a crash's input is run again below with the
# defaults, whose report has the stacks.
fuzz_asan=malloc_context_size=0:quarantine_size_mb=16
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$build/tests/fuzz/extract_seeds" "$here/../data/vectors" "$work/seeds"

status=0
rates=()
for target in "$build"/tests/fuzz/fuzz_*; do
    name=$(basename "$target")
    corpus="$work/corpus/$name"
    mkdir -p "$corpus"
    # Lesson targets start from the shipped and the broken lesson files; fuzz_isakmp takes the
    # isakmp seeds, fuzz_esp the esp seeds, fuzz_classroom its regressions (a class's files, each
    # behind the byte that picks its reader), fuzz_ike_readers its regressions (decrypted QM1 and
    # QM2), fuzz_ike_engine the isakmp seeds (one datagram each, behind the byte that picks the
    # mode and where it goes) and its regression scripts once for each of the four modes (byte 0:
    # 0x1e Main, 0x3e Aggressive, 0x9e Main with NAT-T and PFS, 0xbe Aggressive with both), so that
    # its inputs spread over the modes; others both.
    case "$name" in
        *lesson*) cp "$here/../../lessons/"*.json "$here/../data/lessons-broken/"*.json "$here/../data/lesson-question-kinds.json" "$corpus/" ;;
        # fuzz_ikev2_engine: the IKEv2 codec's seeds (every message kind, clear and SK inner)
        # behind five selector bytes: inject into B before anything, into A after two datagrams,
        # XOR into the datagram due at B and at A, and inject with the INVALID_KE round trip.
        *ikev2_engine*)
            for seed_file in "$here/regressions/fuzz_ikev2_codec/"*; do
                for mode in 00 05 08 0b 10; do
                    { printf "\\x$mode"; cat "$seed_file"; } > "$corpus/$(basename "$seed_file")-$mode"
                done
            done ;;
        *readers*|*ikev2*) cp "$here/regressions/$name/"* "$corpus/" ;;
        *engine*)
            cp "$work/seeds/isakmp/"* "$corpus/"
            for script in "$here/regressions/$name/"script-*; do
                for mode in 1e 3e 9e be; do
                    { printf "\\x$mode"; tail -c +2 "$script"; } > "$corpus/$(basename "$script")-$mode"
                done
            done ;;
        *isakmp*|*ike*) cp "$work/seeds/isakmp/"* "$corpus/" ;;
        *esp*) cp "$work/seeds/esp/"* "$corpus/" ;;
        *classroom*) cp "$here/regressions/$name/"* "$corpus/" ;;
        *) cp "$work/seeds/"*/* "$corpus/" ;;
    esac
    regressions="$here/regressions/$name"
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        echo "== $name: replaying $(ls "$regressions" | wc -l) regression inputs"
        "$target" "$regressions"/* || status=1
    fi
    echo "== $name: fuzzing for ${seconds}s"
    # A target's dictionary, where it has one (fuzz_<name>.dict: tokens such as lesson templates).
    dict=()
    [ -f "$here/$name.dict" ] && dict=(-dict="$here/$name.dict")
    # fuzz_ike_engine uses libFuzzer's plain schedule (-entropic=0): the entropic one keeps every
    # feature seen in fewer than 256 runs in a list it searches once per feature of each run, and
    # with this target's ~45,000 features (whole exchanges, four modes) that search took 74% of a
    # 40 s run's CPU (perf, issue 17). It changes which inputs get mutated, not what an input checks.
    schedule=()
    [ "$name" = fuzz_ike_engine ] && schedule=(-entropic=0)
    # fuzz_ike_engine's inputs at most 128 bytes (issue 17: the rate). Left to grow (to the longest
    # seed, 549 bytes) its scripts came to ~16 injected datagrams per input; at 128, to ~7, and a
    # script still injects at any point of the exchange: its replayed, cut and flipped copies take
    # genuine datagrams of any size, and a forged Informational's ciphertext need not be long (the
    # saved ones are 32 bytes). Its peers' longer messages (up to 312 bytes, AM2; QM1 with PFS 256)
    # are reached by XORing the input into them (byte 0 bit 6), not by sending one whole.
    # The seeded scripts (at most 35 bytes) fit; 41 of the 60 isakmp seeds are cut to 128 bytes:
    # other peers' messages whose first byte serves as the selector, never whole datagrams here.
    # It bounds the input, not what an input checks.
    [ "$name" = fuzz_ike_engine ] && schedule+=(-max_len=128)
    timed=()
    [ -x /usr/bin/time ] && timed=(/usr/bin/time -o "$work/$name.cpu" -f "%U %S %e")
    if ! ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}$fuzz_asan" "${timed[@]}" "$target" "${dict[@]}" "${schedule[@]}" \
            -seed="$seed" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/" "$corpus" \
            > "$work/$name.log" 2>&1; then
        tail -n 40 "$work/$name.log"
        mkdir -p "$here/regressions/$name"
        for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
            [ -e "$crash" ] || continue
            echo "== $name: $(basename "$crash") again, with AddressSanitizer's allocation stacks"
            "$target" "$crash" 2>&1 | tail -n 60 || true
            cp "$crash" "$here/regressions/$name/" && echo "saved $crash to regressions/$name (add it to git)"
        done
        status=1
    else
        grep -E "stat::number_of_executed_units|Done" "$work/$name.log" | tail -n 2
        units=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$name.log")
        rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$name.log")
        line="$name: $units inputs, $rate inputs/s"
        # The CPU figures from /usr/bin/time's user+system and wall seconds ("%U %S %e").
        if [ -s "$work/$name.cpu" ]; then
            line="$line, $(awk -v n="$units" '{ c = $1 + $2; printf "%.0f inputs per CPU second (%.1f s CPU, %.0f%% of a CPU)", (c > 0 ? n / c : 0), c, ($3 > 0 ? 100 * c / $3 : 0) }' "$work/$name.cpu")"
        fi
        echo "== rate: $line"
        rates+=("$line")
    fi
done
echo "== rates (${seconds}s each, seed $seed)"
printf '   %s\n' "${rates[@]}"
exit $status
