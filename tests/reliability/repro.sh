#!/usr/bin/env bash
# The reproducers of reliability findings 8, 11, 14, 17, 18, 19, 25 and 28 (the probing report,
# ../shared/reliability/FINDINGS.md), run against the release binary and checked: exit code,
# message and its location, files left as they were, memory under `ulimit -v 4000000`, and a
# timeout where the old behaviour hung or took minutes.
#
#   cargo build --release && bash tests/reliability/repro.sh      # FACTLOG=path overrides
#
# Prints one line per check (ok / FAILED / skipped, with why) and exits 1 if any failed. Needs
# bash, python3 (to write the large knowledge bases) and coreutils; `mknod` checks run as root
# only, and are skipped with a note otherwise. Writes only into a temporary folder.
set -uo pipefail
cd "$(dirname "$0")/../.."
F=${FACTLOG:-$PWD/target/release/factlog}
[ -x "$F" ] || { echo "no factlog binary at $F: cargo build --release first"; exit 2; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
passed=0 failed=0 skipped=0
ok() { echo "ok       $1"; passed=$((passed + 1)); }
bad() { echo "FAILED   $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "skipped  $1: $2"; skipped=$((skipped + 1)); }
# check NAME CONDITION...: ok when the condition (a command) succeeds.
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
# capped CMD...: runs under the memory cap and a 120 s timeout; stdout to out.txt, stderr to
# err.txt, the exit code in $code.
capped() { (ulimit -v 4000000; timeout 120 "$@") >out.txt 2>err.txt; code=$?; }
has() { grep -qF -- "$1" "${2:-err.txt}"; }
count() { grep -cF -- "$1" "${2:-err.txt}"; }
is_char_device() { [ -c "$1" ] && [ ! -L "$1" ]; }

# A knowledge base of organizations n0 … nN in a chain of organ_of facts.
chain_kb() {
  python3 - "$1" "$2" <<'EOF'
import json, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out + "/facts", exist_ok=True)
ents = [{"id": f"n{i}", "kind": "organization", "name": f"N{i}"} for i in range(n + 1)]
facts = [{"relation": "organ_of", "args": [f"n{i}", f"n{i+1}"]} for i in range(n)]
json.dump({"schema": 1, "entities": ents, "facts": facts}, open(out + "/facts/chain.json", "w"))
EOF
}
one_country_kb() {
  mkdir -p "$1/facts"
  echo '{"schema": 1, "entities": [{"id": "c1", "kind": "country", "name": "C"}]}' > "$1/facts/a.json"
}
printf '.decl reach(x: Id)\nreach("n0").\nreach(y) :- reach(x), organ_of(x, y).\n' > chain.dl

echo "== finding 8: -o onto a device, a FIFO or a symlink"
if mknod mynull c 1 3 2>/dev/null; then
  "$F" export -o mynull >/dev/null 2>err.txt; code=$?
  check "8  export -o onto a character device: exit 0, still a device" \
    eval '[ $code = 0 ] && is_char_device mynull'
  mkdir -p runout && mknod runout/r.csv c 1 3
  printf '.decl r(x: number)\nr(1).\n.output r\n' > r.dl
  "$F" run r.dl -D runout >/dev/null 2>err.txt; code=$?
  check "8  run -D onto a device R.csv: exit 0, still a device" \
    eval '[ $code = 0 ] && is_char_device runout/r.csv'
else
  skip "8  export -o / run -D onto a device made with mknod" "not root (mknod refused)"
fi
echo target > tgt.txt; ln -sf tgt.txt link.dot
"$F" export -o link.dot 2>/dev/null; code=$?
check "8  export -o onto a symlink: the link stays, its target is written" \
  eval '[ $code = 0 ] && [ -L link.dot ] && head -1 tgt.txt | grep -q "^digraph"'
mkfifo pipe.dot
(cat pipe.dot > from_pipe.txt) & reader=$!
timeout 60 "$F" export -o pipe.dot 2>/dev/null; code=$?
wait $reader
check "8  export -o onto a FIFO: written through it, still a FIFO" \
  eval '[ $code = 0 ] && [ -p pipe.dot ] && head -1 from_pipe.txt | grep -q "^digraph"'
echo "earlier line" > log.txt
"$F" export -o /dev/stdout >> log.txt 2>/dev/null
check "8  export -o /dev/stdout >> log appends (the log keeps its first line)" \
  eval 'head -1 log.txt | grep -q "^earlier line" && sed -n 2p log.txt | grep -q "^digraph"'
mkdir folder.dot
"$F" export -o folder.dot 2>err.txt; code=$?
check "8  export -o onto a folder: refused (exit 2), the folder left" \
  eval '[ $code = 2 ] && [ -d folder.dot ] && has "it is a folder"'

echo "== finding 28: export --why of a fact that does not hold; stale temporaries"
echo "last week's proof" > keep.svg
"$F" export --why 'opposed_without_veto_commitment("france", "us_draft_1994_06_15")' \
  --format svg -o keep.svg 2>err.txt; code=$?
check "28 export --why of a fact that does not hold: exit 1, -o FILE unchanged" \
  eval '[ $code = 1 ] && grep -qx "last week.s proof" keep.svg && has "left unchanged"'
mkdir stale && echo half > stale/.kb.dot.factlog-unfinished.4000000000.Ab12Cd
"$F" export -o stale/kb.dot 2>/dev/null
check "28 a temporary a killed export left is removed by the next export" \
  eval '[ "$(ls -A stale)" = kb.dot ]'

echo "== finding 11: export --format facts -o DIR replaced as a whole"
"$F" export --format facts -o kf 2>/dev/null
rm kf/quote.facts; mkdir kf/quote.facts
(cd kf && find . -type f -exec sha1sum {} + | sort) > before.txt
one_country_kb kb1
"$F" export --format facts --kb kb1 -o kf 2>err.txt; code=$?
(cd kf && find . -type f -exec sha1sum {} + | sort) > after.txt
check "11 a facts export that fails midway: exit 2, named, the old folder unchanged" \
  eval '[ $code = 2 ] && has "quote.facts" && cmp -s before.txt after.txt && [ -z "$(ls -A . | grep factlog-unfinished)" ]'
rmdir kf/quote.facts
python3 - <<'EOF'
import json, os
os.makedirs("big/facts", exist_ok=True)
ents = [{"id": f"o{i}", "kind": "organization", "name": f"O{i}"} for i in range(150000)]
facts = [{"relation": "organ_of", "args": [f"o{i}", f"o{i+1}"]} for i in range(149999)]
json.dump({"schema": 1, "entities": ents, "facts": facts}, open("big/facts/big.json", "w"))
EOF
"$F" export --format facts --kb big -o kf_new 2>/dev/null
(cd kf && find . -type f -exec sha1sum {} + | sort) > old_set.txt
(cd kf_new && find . -type f -exec sha1sum {} + | sort) > new_set.txt
"$F" export --format facts --kb big -o kf 2>/dev/null & pid=$!
sleep 0.5; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
(cd kf && find . -type f -exec sha1sum {} + | sort) > killed_set.txt
if cmp -s killed_set.txt old_set.txt; then echo "         (killed midway: the old folder is intact)";
elif cmp -s killed_set.txt new_set.txt; then echo "         (the export finished before the kill)"; fi
check "11 a facts export killed midway leaves the old folder or the new one, never a mix" \
  eval 'cmp -s killed_set.txt old_set.txt || cmp -s killed_set.txt new_set.txt'

echo "== finding 14: tall and branching proofs (under ulimit -v 4000000)"
chain_kb 100000 deep
capped "$F" why 'reach("n100000")' --rules chain.dl --kb deep
check "14 why on a 100,000-step proof: exit 0, cut at the node budget, the note says so" \
  eval '[ $code = 0 ] && has "note: the proofs were cut at 10000 nodes" out.txt'
capped "$F" why 'reach("n100000")' --rules chain.dl --kb deep --max-proof-nodes 1000000
check "14 why on a 100,000-step proof, whole (--max-proof-nodes 1000000): exit 0" \
  eval '[ $code = 0 ] && has "organ_of(\"n0\", \"n1\")" out.txt && ! has "note:" out.txt'
capped "$F" why 'reach("n100000")' --rules chain.dl --kb deep --format json
check "14 why --format json on a 100,000-step proof: exit 0, \"node_limit\" set" \
  eval '[ $code = 0 ] && has "\"node_limit\":{\"max_nodes\":10000" out.txt'
capped "$F" why 'reach("n100000")' --rules chain.dl --kb deep --format dot
check "14 why --format dot on a 100,000-step proof: exit 0, a note node" \
  eval '[ $code = 0 ] && has "note: the proofs were cut at 10000 nodes" out.txt'
chain_kb 40 diamonds
printf '.decl d(x: Id)\n.decl a(x: Id)\n.decl b(x: Id)\nd("n0").\na(x) :- d(x), organ_of(x, _).\nb(x) :- d(x), organ_of(x, _).\nd(y) :- a(x), organ_of(x, y).\nd(y) :- b(x), organ_of(x, y).\n' > diamonds.dl
capped "$F" why 'd("n40")' --rules diamonds.dl --kb diamonds --all --limit 10
check "14 why --all --limit 10 on 40 diamonds (2^40 proofs): exit 0, ten proofs" \
  eval '[ $code = 0 ] && [ "$(grep -c "^proof .* of 10 " out.txt)" = 10 ]'
chain_kb 400 chain400
capped "$F" export --why 'reach("n400")' --rules chain.dl --kb chain400 --format svg -o proof.svg
check "14 export --why --format svg (in-process) on a 400-step proof: exit 0 within 120 s" \
  eval '[ $code = 0 ] && grep -q "<svg" proof.svg'

echo "== finding 25: a dense graph drawn in-process"
python3 - <<'EOF'
import json, os
os.makedirs("dense/facts", exist_ok=True)
n = 14
ents = [{"id": f"c{i}", "kind": "country", "name": f"C{i}"} for i in range(n)]
ents += [{"id": "un", "kind": "body", "name": "UN"}, {"id": "x", "kind": "proposal", "name": "X"}]
facts = [{"relation": "proposal", "args": ["x", "draft_resolution", "un", "2000-01-01"]}]
facts += [{"relation": "stance", "args": [f"c{i}", "x", "oppose", "2000-01-02"]} for i in range(n)]
json.dump({"schema": 1, "entities": ents, "facts": facts}, open("dense/facts/d.json", "w"))
EOF
capped "$F" export --format svg --derived --kb dense -o dense.svg
check "25 export --format svg --derived, 14 countries and their aligned pairs: exit 0" \
  eval '[ $code = 0 ] && grep -q "<svg" dense.svg'

echo "== finding 17: non-regular files in facts/, the size cap"
one_country_kb k17
ln -s /dev/zero k17/facts/x.json
mkfifo k17/facts/f.json
capped "$F" check --kb k17
check "17 facts/x.json -> /dev/zero and a FIFO: skipped with W0100, exit 0, no hang" \
  eval '[ $code = 0 ] && has "--> facts/x.json" && has "--> facts/f.json" && [ "$(count "W0100")" = 2 ]'
rm k17/facts/x.json k17/facts/f.json
truncate -s 300M k17/facts/big.json
capped "$F" check --kb k17
check "17 a 300 MB fact file: E0100 past the 256 MiB cap, exit 2, not read" \
  eval '[ $code = 2 ] && has "the file is larger than 256 MiB" && has "facts/big.json"'
rm k17/facts/big.json

echo "== finding 18: a symlink loop in facts/"
one_country_kb k18
mkdir k18/facts/d
echo '{"schema": 1, "facts": [{"relation": "stanse", "args": []}]}' > k18/facts/d/bad.json
ln -s . k18/facts/loop; ln -s .. k18/facts/d/up
capped "$F" check --kb k18
check "18 facts/loop -> . and facts/d/up -> ..: each reported once, the error once" \
  eval '[ $code = 2 ] && [ "$(count "E0103")" = 1 ] && [ "$(count "--> facts/loop")" = 1 ] && [ "$(count "--> facts/d/up")" = 1 ]'

echo "== finding 19: arrays where objects belong"
for doc in '{"schema": 1, "source": ["s"]}|1:25' \
           '{"schema": 1, "entities": [["x", "country", "X"]]}|1:28' \
           '{"schema": 1, "facts": [{"relation": "official_role", "args": ["r"], "evidence": ["s", 0, 5]}]}|1:82'; do
  one_country_kb k19; echo "${doc%|*}" > k19/facts/zz.json
  capped "$F" check --kb k19
  check "19 ${doc%|*}: E0101 at facts/zz.json:${doc#*|}" \
    eval '[ $code = 2 ] && has "expected a JSON object" && has "--> facts/zz.json:${doc#*|}"'
  rm -rf k19
done

echo "== finding 28: fact file names"
one_country_kb k28
echo '{"schema": 1, "entities": [{"id": "c2", "kind": "country", "name": "D"}]}' > k28/facts/X.JSON
echo 'not JSON' > k28/facts/.hidden.json
capped "$F" check --kb k28
check "28 facts/X.JSON reported (W0100, not loaded), hidden .hidden.json skipped: exit 0" \
  eval '[ $code = 0 ] && has "--> facts/X.JSON" && ! has "hidden"'

echo "== $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
