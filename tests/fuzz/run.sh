#!/usr/bin/env bash
# The long fuzz campaigns (Jazzer, coverage-guided): one target at a time, until 1,000,000 executions or MINUTES,
# whichever comes first. Seeds come from ../shared/vectors and the repository's samples (copied to a scratch seed
# directory, never into the repository); the corpus the fuzzer grows is kept in ~/.cache/cordon-fuzz between runs;
# an input that fails lands in the target's regression directory under src/test/resources
# (…FuzzTestInputs/<method>/), which the test command runs from then on. docs/FUZZING.md has the figures.
#
# usage: tests/fuzz/run.sh TARGET [MINUTES]     (default 30 minutes)
#        tests/fuzz/run.sh all [MINUTES]        every target in turn
# targets: flask-binary policy-conf acm-xml acm-binary avc host cordon mls-context host-label import
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${CORDON_SHARED:-$root/../shared}"
vectors="$shared/vectors"
minutes="${2:-30}"
cache="${CORDON_FUZZ_CORPUS:-$HOME/.cache/cordon-fuzz}"
results="$root/tests/fuzz/results"
mkdir -p "$results" "$cache"

targets=(flask-binary policy-conf acm-xml acm-binary avc host cordon mls-context host-label import)

# module, test class, method of each target
where() {
  case "$1" in
    flask-binary) echo "xsm-backend/formats org.cordon.xsm.flask.FlaskReadersFuzzTest binaryReaderAcceptsOnlyWhatItWritesBack" ;;
    policy-conf)  echo "xsm-backend/formats org.cordon.xsm.flask.FlaskReadersFuzzTest policyConfRoundTripsThroughTheDecompiler" ;;
    acm-xml)      echo "xsm-backend/formats org.cordon.xsm.acm.AcmReadersFuzzTest xmlReaderRoundTrips" ;;
    acm-binary)   echo "xsm-backend/formats org.cordon.xsm.acm.AcmReadersFuzzTest binaryReaderFailsOnlyPositioned" ;;
    avc)          echo "verifier org.cordon.verifier.explain.AvcLogFuzzTest parsedRecordsComeFromTheLine" ;;
    host)         echo "xsm-backend/host org.cordon.xsm.host.XenOutputsFuzzTest readersOfHostOutputFailOnlyAsProtocolProblems" ;;
    mls-context)  echo "verifier org.cordon.verifier.flask.BinaryMlsFuzzTest contextsDecideOrAreRefused" ;;
    host-label)   echo "xsm-backend/host org.cordon.xsm.host.LabelProblemFuzzTest labelsAreKeptOrRefusedWithAReason" ;;
    cordon)       echo "driver org.cordon.driver.CordonFrontEndFuzzTest checkAnswersEveryTextWithPositionedDiagnostics" ;;
    import)       echo "driver org.cordon.driver.imports.FlaskImportFuzzTest importCompilesAndProvesOrListsTheDifferences" ;;
    *) echo "unknown target '$1'; targets: ${targets[*]} all" >&2; exit 2 ;;
  esac
}

# the seed inputs of a target, copied into $2
seeds() {
  local t="$1" dir="$2"
  [ -d "$vectors" ] || { echo "fuzz: no vectors at $vectors (set CORDON_SHARED): seeding from the repository only" >&2; }
  case "$t" in
    flask-binary) find "$vectors/flask" -name 'xenpolicy-*' ! -path '*scale-100*' -exec cp {} "$dir" \; 2>/dev/null || true ;;
    policy-conf)  find "$vectors/flask" -name '*.conf' ! -path '*scale-100*' -exec cp --backup=numbered {} "$dir" \; 2>/dev/null || true ;;
    import)       find "$vectors/flask" -name '*.conf' ! -path '*scale-100*' ! -path '*mls*' -exec cp --backup=numbered {} "$dir" \; 2>/dev/null || true ;;
    acm-xml)      cp "$vectors"/acm/policies/*.xml "$dir" 2>/dev/null || true ;;
    acm-binary)   find "$vectors/acm" -name '*.bin' -exec cp --backup=numbered {} "$dir" \; 2>/dev/null || true ;;
    avc)          cat "$vectors/flask/avc/xen-avc.log" "$root"/verifier/src/test/resources/avc/*.log 2>/dev/null \
                    | grep 'avc:' | head -200 | split -l 1 - "$dir/avc-" ;;
    host)         cp "$root"/xsm-backend/host/src/test/resources/org/cordon/xsm/host/xen-4.17-qemu/*.txt "$dir" ;;
    cordon)       cp "$root"/samples/*.cordon "$dir"; cp "$root"/driver/src/test/resources/golden/*.cordon "$dir" ;;
    # contexts as Xen prints them in AVC lines and xl list -Z, with levels, ranges and category ranges
    mls-context|host-label)
                  grep -aho 'system_u:[a-z_]*:[a-z0-9_]*\(:[^ ",]*\)\?' "$vectors/flask/mls/policy-mls.conf" "$root"/samples/*.cordon \
                    2>/dev/null | sort -u | head -100 | split -l 1 - "$dir/ctx-"
                  printf 'system_u:system_r:dom0_t:s0-s15:c0.c255' > "$dir/ctx-range" ;;
  esac
}

run() {
  local t="$1"
  read -r module class method < <(where "$t")
  local seed_dir corpus log stamp
  seed_dir="$(mktemp -d)"
  corpus="$cache/$t"
  mkdir -p "$corpus"
  seeds "$t" "$seed_dir"
  # a failing input goes where the test command's regression run reads it (Jazzer's …FuzzTestInputs/<method>/)
  local pkg="${class%.*}" simple="${class##*.}"
  local regression="$root/$module/src/test/resources/${pkg//.//}/${simple}Inputs/$method"
  mkdir -p "$regression"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  log="$results/$t-$stamp.log"
  echo "fuzz: $t ($class#$method) for up to $minutes min or 1,000,000 executions; $(ls "$seed_dir" | wc -l) seeds, corpus $corpus; log $log"
  # JAZZER_FUZZ turns the @FuzzTest from its regression inputs to fuzzing; the libFuzzer flags given here come last
  # and so win over the annotation's maxDuration; JUnit's @Timeout would bound the whole campaign, so it is off and
  # libFuzzer's -timeout bounds each input instead
  # -am builds the modules it needs from this tree (no install into ~/.m2): run it from a clone of its own (git
  # worktree) when you build in the main tree meanwhile
  (cd "$root" && JAZZER_FUZZ=1 mvn -B -o test -pl "$module" -am -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.instrument='org.cordon.**' -Djunit.jupiter.execution.timeout.mode=disabled \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="$corpus" -Djazzer.internal.arg.2="$seed_dir" \
      -Djazzer.internal.arg.3=-max_total_time=$((minutes * 60)) -Djazzer.internal.arg.4=-runs=1000000 \
      -Djazzer.internal.arg.5=-timeout=30 -Djazzer.internal.arg.6=-print_final_stats=1 \
      -Djazzer.internal.arg.7=-artifact_prefix="$regression/" >"$log" 2>&1) && ok=0 || ok=$?
  rm -rf "$seed_dir"
  local execs cov secs
  execs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)"
  secs="$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | grep -o 'in [0-9]*' | grep -o '[0-9]*' || true)"
  local verdict
  if [ "$ok" -eq 0 ]; then verdict="no finding"; else verdict="FINDING (exit $ok; the input is in the regression directory, see the log)"; fi
  printf '%s\t%s\t%s executions\tcoverage %s\t%s s\t%s\n' "$stamp" "$t" "${execs:-?}" "${cov:-?}" "${secs:-?}" "$verdict" \
    | tee -a "$results/summary.tsv"
  return "$ok"
}

if [ "${1:-}" = all ]; then
  status=0
  for t in "${targets[@]}"; do run "$t" || status=1; done
  exit "$status"
fi
run "${1:?usage: tests/fuzz/run.sh TARGET|all [MINUTES]}"
