#!/usr/bin/env bash
# Clean-build benchmark: dossier on synthetic corpora of 1,000 and 10,000 briefs, side by side
# with Hugo on the same briefs when `hugo` is installed.
#
#   benches/build.sh                 # sizes 1000 and 10000, 5 timed runs each
#   SIZES="1000" RUNS=10 benches/build.sh
#   NO_HUGO=1 benches/build.sh       # dossier only
#   BENCH_DIR=/tmp/bench benches/build.sh   # outputs on disk instead of tmpfs
#
# Needs hyperfine and GNU time (`apt-get install -y hyperfine time`; `hugo` for the comparison).
# A shell script rather than a `cargo bench` harness: what is measured is a whole process
# (reading, rendering, writing 30,000 files, peak memory), compared with another program, and
# hyperfine plus /usr/bin/time do exactly that. Every number printed is a median; compare
# numbers from one run of this script only (the machine is shared and noisy).
#
# Prints, per size: wall time (hyperfine, both tools in one run), CPU time (user + system) and
# peak resident memory (/usr/bin/time, runs interleaved between the tools).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Corpora and outputs live in memory (tmpfs) by default: what is compared is the work of the
# two programs, not the disk. On this project's VMs /tmp is ext4 without a journal, where
# creating files soon after deleting many (as every clean build here does) costs up to a
# millisecond of kernel time per file; that noise swamped both tools. BENCH_DIR=/tmp/x
# measures on disk instead.
if [ -z "${BENCH_DIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_DIR=/dev/shm/dossier-bench; fi
WORK="${BENCH_DIR:-/tmp/dossier-bench}"
SIZES="${SIZES:-1000 10000}"
RUNS="${RUNS:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

need() { command -v "$1" >/dev/null || { echo "benches/build.sh: needs \`$1\` ($2)" >&2; exit 2; }; }
need hyperfine "apt-get install -y hyperfine"
need python3 "apt-get install -y python3"
[ -x /usr/bin/time ] || { echo "benches/build.sh: needs GNU time (apt-get install -y time)" >&2; exit 2; }
HUGO=""
if [ -z "${NO_HUGO:-}" ] && command -v hugo >/dev/null; then HUGO="$(command -v hugo)"; fi

(cd "$ROOT" && cargo build --release --quiet --bin dossier --example corpus)
DOSSIER="$CARGO_TARGET_DIR/release/dossier"
CORPUS="$CARGO_TARGET_DIR/release/examples/corpus"
mkdir -p "$WORK"

# The Hugo twin of a dossier corpus: briefs copied as they are (their YAML front matter reads
# the same), region and initiative descriptions as taxonomy term pages, and the minimal layout
# set in benches/hugo/.
hugo_site() {
  local src="$1" dst="$2" f slug
  rm -rf "$dst"
  mkdir -p "$dst/content/briefs" "$dst/content/regions" "$dst/content/initiatives"
  cp -r "$ROOT/benches/hugo/." "$dst/"
  find "$src/briefs" -maxdepth 1 -name '*.md' -exec cp -t "$dst/content/briefs/" {} +
  printf -- '---\ntitle: All briefs\n---\n' >"$dst/content/briefs/_index.md"
  for kind in regions initiatives; do
    for f in "$src/briefs/$kind"/*.md; do
      slug="$(basename "$f" .md)"
      mkdir -p "$dst/content/$kind/$slug"
      # `name` is Hugo's `title`; an initiative's own `regions` list is not a taxonomy here.
      sed -e '0,/^name:/s//title:/' -e 's/^regions:/covers:/' "$f" >"$dst/content/$kind/$slug/_index.md"
    done
  done
}

# Median of the numbers on stdin.
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }

# Clearing the previous output before a run. On disk it is moved aside, not deleted: on ext4
# without a journal, files created soon after mass deletion are slow to allocate, which would
# time the deletion's aftermath rather than the build; the trash goes after the timed runs.
# On tmpfs deleting is cheap, and keeping every run's output would fill the memory.
TRASH="$WORK/trash"
FSTYPE="$(df -T "$WORK" | awk 'NR==2 {print $2}')"
# As a POSIX sh command line, for hyperfine's --prepare (its shell is sh).
clear_cmd() {
  if [ "$FSTYPE" = tmpfs ]; then echo "rm -rf '$1'"; return; fi
  echo "mkdir -p '$TRASH' && if [ -e '$1' ]; then mv '$1' '$TRASH/'\$(date +%s%N); fi"
}
clear_out() { sh -c "$(clear_cmd "$1")"; }

# One `/usr/bin/time` run of a command, appended to WORK/time-NAME.log.
measure() {
  local name="$1" out="$2"; shift 2
  local log="$WORK/time-$name.log"
  clear_out "$out"
  /usr/bin/time -f "%e %U %S %M" -a -o "$log" "$@" >/dev/null 2>"$WORK/stderr-$name.log" || {
    echo "$name failed:" >&2; cat "$WORK/stderr-$name.log" >&2; exit 1; }
}

printf '\n%s\n' "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/Mem:/ {print $2}') GiB"
printf '%s\n' "work folder: $WORK ($FSTYPE)"
printf '%s\n' "dossier: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+dirty')${HUGO:+, $("$HUGO" version | cut -d' ' -f1-2)}"

RESULTS=()
declare -A WALL
for n in $SIZES; do
  site="$WORK/site-$n"
  # The generator is deterministic: a corpus it finished (stamp newer than the binary) is
  # reused rather than deleted and rewritten, which also spares the disk a mass deletion.
  if [ "$site/.complete" -nt "$CORPUS" ]; then
    echo "== $n briefs: reusing the corpus in $site"
  else
    echo "== $n briefs: generating the corpus in $site"
    rm -rf "$site"
    "$CORPUS" "$n" "$site" 2>/dev/null
    touch "$site/.complete"
  fi
  cmds=(-n "dossier $n" --prepare "$(clear_cmd "$WORK/out-dossier-$n")" "$DOSSIER build --root $site --output $WORK/out-dossier-$n")
  if [ -n "$HUGO" ]; then
    [ "$WORK/hugo-$n/.complete" -nt "$site/.complete" ] || { hugo_site "$site" "$WORK/hugo-$n" && touch "$WORK/hugo-$n/.complete"; }
    cmds+=(-n "hugo $n" --prepare "$(clear_cmd "$WORK/out-hugo-$n")" "$HUGO --quiet --source $WORK/hugo-$n --destination $WORK/out-hugo-$n")
  fi
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$WORK/hyperfine-$n.json" "${cmds[@]}"

  # CPU and peak memory: interleaved runs, so both tools see the same load.
  rm -f "$WORK"/time-*-"$n".log
  for _ in $(seq "$RUNS"); do
    measure "dossier-$n" "$WORK/out-dossier-$n" "$DOSSIER" build --root "$site" --output "$WORK/out-dossier-$n"
    [ -z "$HUGO" ] || measure "hugo-$n" "$WORK/out-hugo-$n" "$HUGO" --quiet --source "$WORK/hugo-$n" --destination "$WORK/out-hugo-$n"
  done
  for tool in dossier ${HUGO:+hugo}; do
    wall="$(python3 -c "import json,sys; r=[x for x in json.load(open(sys.argv[1]))['results'] if x['command']==sys.argv[2]][0]; print('%.2f' % r['median'])" "$WORK/hyperfine-$n.json" "$tool $n")"
    cpu="$(awk '{print $2+$3}' "$WORK/time-$tool-$n.log" | median)"
    rss="$(awk '{print $4/1024}' "$WORK/time-$tool-$n.log" | median)"
    WALL[$tool-$n]="$wall"
    RESULTS+=("$(printf '| %-7s | %6s | %8.2f | %8.2f | %8.0f |' "$tool" "$n" "$wall" "$cpu" "$rss")")
  done
done
rm -rf "$TRASH"

echo
echo "| tool    | briefs | wall (s) | CPU (s)  | peak RSS (MiB) |"
echo "|---------|--------|----------|----------|----------------|"
printf '%s\n' "${RESULTS[@]}"
echo "(medians of $RUNS runs: wall from hyperfine, CPU = user + system and peak RSS from /usr/bin/time)"
for n in $SIZES; do
  [ -z "$HUGO" ] || awk -v d="${WALL[dossier-$n]}" -v h="${WALL[hugo-$n]}" -v n="$n" \
    'BEGIN {printf "%s briefs: dossier takes %.2f of the Hugo wall time (target <= 0.5)\n", n, d / h}'
done
set -- $SIZES
if [ $# -ge 2 ]; then
  awk -v a="${WALL[dossier-$1]}" -v b="${WALL[dossier-${!#}]}" -v n1="$1" -v n2="${!#}" \
    'BEGIN {printf "growth: %s briefs take %.1f times as long as %s (target <= %.0f)\n", n2, b / a, n1, 1.1 * n2 / n1}'
fi
