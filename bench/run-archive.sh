#!/usr/bin/env bash
# Archive scale, in one run (the protocol of ../shared/bench/README.md: median of RUNS after one
# warm-up, seconds, MB/s or files/s, peak RSS; release build, 2 jobs):
#   pack     on the shared medium set, deflate (2 000 images + 2 000 instance masks, 4 000 files):
#            `annota pack --target bagit --algorithm sha256` (+ sync) against `cp -a` + sync and
#            `cp -a` + `bagit.py --sha256 --processes 2` + sync; `annota verify --bag-only` against the
#            hash floor over the bag (openssl dgst -sha256, 2 processes); `pack --reread` when it exists.
#            `pack --cache` after the warm-up round filled its cache (a dataset validated before).
#            The writers run in turns, a round at a time, and their ratios are the medians of
#            each round's ratio: the disk's write rate drifts between minutes.
#   reflink  the same pack on a btrfs loop device, where its copies are clones (FICLONE), against
#            `cp -a --reflink=always` and `--reflink=never` (root and btrfs-progs; else n/a).
#   cache    `annota validate --cache DIR` on a copy of that set: cold, warm (nothing changed), one
#            image rewritten from another; against the hash floor over the same files (when it exists).
#   small    N small files (bench/make_small_dataset.py: 64×64 uint16, half images, half masks):
#            `annota validate` files/s and peak RSS; `annota init` of the same files without their
#            manifest (a hard-linked copy); `annota validate --shard 0/2` and `1/2`, each writing its
#            part, and `annota report merge` of the parts (when they exist).
#   filelist `annota validate` of a 1 000 000-row BIA file list (what run-filelist.sh measures).
# Parts whose option `--help` does not show are printed as n/a, so the script runs on any build.
# The binary measured is a copy taken after the build: a rebuild during the run does not change it.
# Settings: RUNS (3), IMAGES (2000, medium set pairs if it must be generated), SMALL (100000 files),
# ROWS (1000000), PARTS ("pack reflink cache small filelist"), ANNOTA (a built binary: no build).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
N=${IMAGES:-2000}
SMALL=${SMALL:-100000}
ROWS=${ROWS:-1000000}
PARTS=${PARTS:-pack reflink cache small filelist}
source bench/lib.sh
unset ANNOTA_CACHE  # validate would use it: only the cache part uses a cache
ensure_venv tifffile numpy bagit
if [ -z "${ANNOTA:-}" ]; then
  # Builds never run concurrently on this machine: the lock is shared with every other build.
  flock /tmp/annota-build.lock swift build -c release --product annota >/dev/null || { echo "release build failed"; exit 1; }
  ANNOTA=.build/release/annota
fi
work=bench/data/archive-work
mkdir -p "$work"
annota=$work/annota
cp "$ANNOTA" "$annota"
"$annota" --version
echo "load average before the run: $(cut -d" " -f1-3 /proc/loadavg)"

# Is OPTION listed in `annota SUBCOMMAND --help`?
has_option() { "$annota" "$1" --help 2>&1 | grep -qE -- "(^|[[:space:],])$2([[:space:]=,<]|$)"; }
# Like lib.sh's measure (median seconds, max RSS in KiB), after one warm-up, with the shell command
# PREP run untimed before every run, the warm-up's included: removing the previous output, changing
# a file. A warm-up exiting above OK (default 0; 1 for validate: findings) is reported: the timings
# of a failing command mean nothing.
measure_prep() {
  local prep=$1; shift
  local times=() rss=0 stats out r status=0
  bash -c "$prep"
  "$@" >/dev/null 2>"$work/warmup.err" || status=$?
  if [ "$status" -gt "${OK:-0}" ]; then
    echo "note: exit status $status in the warm-up of: $*" >&2
    tail -3 "$work/warmup.err" >&2
  fi
  for _ in $(seq "$RUNS"); do
    bash -c "$prep"
    stats=$(mktemp)
    /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$stats")
    rm -f "$stats"
    times+=("${out% *}")
    r=${out#* }
    [ "$r" -gt "$rss" ] && rss=$r
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p") $rss"
}
timed() { measure_prep : "$@"; }
# Removes OUT (and flushes the removal) before every run.
timed_fresh() { local out=$1; shift; measure_prep "rm -rf $out; sync" "$@"; }
# Several commands measured in turns: one warm-up round, then RUNS rounds in which each runs once
# (OUT removed and flushed before it), so a disk whose speed drifts from minute to minute weighs on
# all of them alike. Arguments: OUT COMMAND pairs. Each run is a line "round index seconds KiB" in
# $work/rounds.txt; round_median and round_ratio read it.
rounds_fresh() {
  local -a outs=() cmds=()
  local r i stats status
  while [ $# -gt 0 ]; do outs+=("$1"); cmds+=("$2"); shift 2; done
  : > "$work/rounds.txt"
  for r in $(seq 0 "$RUNS"); do
    for i in "${!cmds[@]}"; do
      rm -rf "${outs[$i]}"; sync
      stats=$(mktemp)
      status=0
      /usr/bin/time -o "$stats" -f "%e %M" bash -c "${cmds[$i]}" >/dev/null 2>"$work/warmup.err" || status=$?
      if [ "$r" = 0 ] && [ "$status" != 0 ]; then
        echo "note: exit status $status in the warm-up of: ${cmds[$i]}" >&2
        tail -3 "$work/warmup.err" >&2
      fi
      [ "$r" -gt 0 ] && echo "$r $i $(tail -1 "$stats")" >> "$work/rounds.txt"
      rm -f "$stats"
    done
  done
}
# The median seconds and the peak KiB of command INDEX.
round_median() {
  local t
  t=$(awk -v i="$1" '$2 == i { print $3 }' "$work/rounds.txt" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  echo "$t $(awk -v i="$1" '$2 == i && $4 > m { m = $4 } END { print m + 0 }' "$work/rounds.txt")"
}
# The median over the rounds of command A's seconds over command B's in the same round.
round_ratio() {
  awk -v a="$1" -v b="$2" '$2 == a { x[$1] = $3 } $2 == b { y[$1] = $3 } END { for (r in x) print x[r] / y[r] }' \
    "$work/rounds.txt" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p"
}
hash_floor() { find "$1" -type f -name "${2:-*}" -print0 | xargs -0 -n 250 -P 2 openssl dgst -sha256 >/dev/null; }
export -f hash_floor
tif_bytes() { find "$1" -name '*.tif' -printf '%s\n' | awk '{s += $1} END {print s}'; }
div() { echo "$1 / $2" | bc -l; }

table=$work/table.txt
: > "$table"
# row PART WHAT SECONDS RATE UNIT KiB NOTE (SECONDS "n/a": not measured), |-separated
row() { printf '%s|%s|%s|%s|%s|%s|%s\n' "$@" >> "$table"; }
wants() { [[ " $PARTS " == *" $1 "* ]]; }

d=bench/data/medium-deflate
if wants pack || wants reflink || wants cache; then
  [ -d "$d" ] || $PY ../shared/bench/gen_dataset.py --name medium -n "$N" --variants deflate --out bench/data
  [ -f "$d/annota.yaml" ] || $PY bench/describe_medium.py "$d" annota.yaml
  mbytes=$(tif_bytes "$d")
  mfiles=$(find "$d" -name '*.tif' | wc -l)
  echo "medium deflate set: $mfiles TIFF files, $(printf '%.0f' "$(div "$mbytes" 1000000)") MB"
fi

if wants pack; then
  echo "== pack and verify"
  read -r vt vm < <(OK=1 timed "$annota" validate --quiet --jobs 2 "$d")
  row pack "validate (part of pack)" "$vt" "$(div "$mbytes/1000000" "$vt")" MB/s "$vm" ""
  # In turns: pack, cp -a, cp -a + bagit.py (the disk's write rate moves between minutes).
  rounds_fresh "$work/bag" "$annota pack --quiet --target bagit --algorithm sha256 --jobs 2 $d -o $work/bag && sync" \
    "$work/copy" "cp -a $d $work/copy && sync" \
    "$work/bagcopy" "cp -a $d $work/bagcopy && $PY -m bagit --sha256 --processes 2 --quiet $work/bagcopy && sync" \
    "$work/bag-cached" "$(has_option pack --cache && echo "$annota pack --quiet --cache $work/pack-cache --target bagit --algorithm sha256 --jobs 2 $d -o $work/bag-cached && sync" || echo true)"
  read -r pt pm < <(round_median 0)
  read -r ct cm < <(round_median 1)
  read -r bt bm < <(round_median 2)
  pack_cp=$(round_ratio 0 1)
  bagit_pack=$(round_ratio 2 0)
  # Same digests for the same files, or the comparison means nothing.
  if diff -q <(grep -E ' data/(images|masks)/' "$work/bag/manifest-sha256.txt" | sort) \
             <(grep -E ' data/(images|masks)/' "$work/bagcopy/manifest-sha256.txt" | sort) >/dev/null; then
    echo "annota's and bagit.py's SHA-256 manifests agree on the $mfiles TIFF files"
  else
    echo "warning: annota's and bagit.py's SHA-256 manifests differ" >&2
  fi
  row pack "annota pack --target bagit + sync" "$pt" "$(div "$mbytes/1000000" "$pt")" MB/s "$pm" \
    "$(printf '%.2f× cp; (cp+bagit)/pack %.2f× (medians of the rounds'"'"' ratios)' "$pack_cp" "$bagit_pack")"
  # The warm-up round filled the cache: the measured rounds pack a dataset validated before.
  if has_option pack --cache; then
    read -r kt km < <(round_median 3)
    cached_cp=$(round_ratio 3 1)
    bagit_cached=$(round_ratio 2 3)
    row pack "annota pack --cache (warm) + sync" "$kt" "$(div "$mbytes/1000000" "$kt")" MB/s "$km" \
      "$(printf '%.2f× cp; (cp+bagit)/pack %.2f× (validated before)' "$cached_cp" "$bagit_cached")"
  else
    row pack "annota pack --cache" n/a "" "" "" "no --cache in pack --help"
  fi
  rm -rf "$work/bag-cached" "$work/pack-cache"
  if has_option pack --reread; then
    read -r rt rm_ < <(timed_fresh "$work/bag-reread" bash -c "$annota pack --quiet --reread --target bagit --algorithm sha256 --jobs 2 $d -o $work/bag-reread && sync")
    row pack "annota pack --reread + sync" "$rt" "$(div "$mbytes/1000000" "$rt")" MB/s "$rm_" "$(printf '%.2f× cp' "$(div "$rt" "$ct")")"
    rm -rf "$work/bag-reread"
  else
    row pack "annota pack --reread" n/a "" "" "" "no --reread in pack --help"
  fi
  row pack "cp -a + sync (pack floor)" "$ct" "$(div "$mbytes/1000000" "$ct")" MB/s "$cm" ""
  row pack "cp -a + bagit.py --sha256 -p 2 + sync" "$bt" "$(div "$mbytes/1000000" "$bt")" MB/s "$bm" ""
  read -r ft fm < <(timed bash -c "hash_floor $work/bag")
  read -r yt ym < <(OK=1 timed "$annota" verify --bag-only --quiet --jobs 2 "$work/bag")
  row pack "hash floor over the bag (openssl, 2)" "$ft" "$(div "$mbytes/1000000" "$ft")" MB/s "$fm" ""
  row pack "annota verify --bag-only" "$yt" "$(div "$mbytes/1000000" "$yt")" MB/s "$ym" \
    "$(printf '%.0f%% of hash floor' "$(div "100*$ft" "$yt")")"
  rm -rf "$work/bag" "$work/copy" "$work/bagcopy"
fi

if wants reflink; then
  # Where the file system clones (FICLONE), pack's copies share the dataset's blocks: measured on a
  # btrfs loop device (root and btrfs-progs needed; otherwise n/a).
  echo "== pack on btrfs (FICLONE)"
  img=$work/btrfs.img mnt=$work/btrfs
  if [ "$(id -u)" = 0 ] && command -v mkfs.btrfs >/dev/null && mkdir -p "$mnt" && truncate -s 3G "$img" \
    && mkfs.btrfs -q -f "$img" >/dev/null 2>&1 && mount -o loop "$img" "$mnt" 2>/dev/null; then
    trap 'umount "$mnt" 2>/dev/null; rm -f "$img"' EXIT
    cp -a "$d" "$mnt/ds" && sync && sleep 3  # a file changed in the last 2 s is written, not cloned
    read -r kt km < <(timed_fresh "$mnt/bag" bash -c "$annota pack --quiet --target bagit --algorithm sha256 --jobs 2 $mnt/ds -o $mnt/bag && sync")
    read -r rt _ < <(timed_fresh "$mnt/cp" bash -c "cp -a --reflink=always $mnt/ds $mnt/cp && sync")
    read -r nt _ < <(timed_fresh "$mnt/cp" bash -c "cp -a --reflink=never $mnt/ds $mnt/cp && sync")
    shared=$(btrfs filesystem du -s --raw "$mnt/bag" | awk 'NR == 2 { printf "%.0f", 100 * $3 / $1 }')
    row reflink "annota pack --target bagit + sync" "$kt" "$(div "$mbytes/1000000" "$kt")" MB/s "$km" \
      "$(printf '%s%% of the bag shared with the dataset; %.2f× cp' "$shared" "$(div "$kt" "$nt")")"
    row reflink "cp -a --reflink=always + sync" "$rt" "$(div "$mbytes/1000000" "$rt")" MB/s "" ""
    row reflink "cp -a --reflink=never + sync" "$nt" "$(div "$mbytes/1000000" "$nt")" MB/s "" ""
    umount "$mnt" && rm -f "$img"
    trap - EXIT
  else
    rm -f "$img"
    row reflink "annota pack on btrfs" n/a "" "" "" "needs root, btrfs-progs and a loop device"
  fi
fi

if wants cache; then
  echo "== validate --cache"
  if has_option validate --cache; then
    c=bench/data/archive-cache-medium
    rm -rf "$c" && cp -a "$d" "$c"
    cp "$c/images/img_00000.tif" "$work/img_00000.orig.tif"
    cache=$work/cache
    read -r cft cfm < <(timed bash -c "hash_floor $c '*.tif'")
    read -r t0 m0 < <(OK=1 timed_fresh "$cache" "$annota" validate --quiet --jobs 2 --cache "$cache" "$c")
    # The last cold run left a full cache; nothing changes between these runs.
    read -r t1 m1 < <(OK=1 timed "$annota" validate --quiet --jobs 2 --cache "$cache" "$c")
    # Before every run one image gets other bytes (another image's, then its own again): one file
    # changed since the cache was last written.
    toggle="if cmp -s $c/images/img_00000.tif $work/img_00000.orig.tif; then cp $d/images/img_00001.tif $c/images/img_00000.tif; else cp $work/img_00000.orig.tif $c/images/img_00000.tif; fi"
    read -r t2 m2 < <(OK=1 measure_prep "$toggle" "$annota" validate --quiet --jobs 2 --cache "$cache" "$c")
    row cache "hash floor (openssl, 2)" "$cft" "$(div "$mbytes/1000000" "$cft")" MB/s "$cfm" ""
    row cache "validate --cache, cold" "$t0" "$(div "$mbytes/1000000" "$t0")" MB/s "$m0" "$(printf '%.0f%% of hash floor' "$(div "100*$cft" "$t0")")"
    row cache "validate --cache, warm" "$t1" "$(div "$mfiles" "$t1")" files/s "$m1" "$(printf '%.0f%% of hash floor' "$(div "100*$cft" "$t1")")"
    row cache "validate --cache, 1 file changed" "$t2" "$(div "$mfiles" "$t2")" files/s "$m2" "$(printf '%.0f%% of hash floor' "$(div "100*$cft" "$t2")")"
    rm -rf "$c" "$cache" "$work/img_00000.orig.tif"
  else
    row cache "validate --cache" n/a "" "" "" "no --cache in validate --help"
  fi
fi

if wants small; then
  s=bench/data/small-$SMALL
  echo "== $SMALL small files"
  [ -f "$s/annota.yaml" ] || $PY bench/make_small_dataset.py "$s" "$SMALL"
  read -r st sm < <(OK=1 timed "$annota" validate --quiet --jobs 2 "$s")
  row small "validate --jobs 2, $SMALL files" "$st" "$(div "$SMALL" "$st")" files/s "$sm" ""
  if has_option validate --shard; then
    # Each shard writes its part as JSON; `annota report merge` joins them into the one report.
    read -r h0 hm0 < <(timed "$annota" validate --quiet --jobs 2 --shard 0/2 --format json --output "$work/part-0.json" "$s")
    read -r h1 hm1 < <(timed "$annota" validate --quiet --jobs 2 --shard 1/2 --format json --output "$work/part-1.json" "$s")
    row small "validate --shard 0/2 --jobs 2" "$h0" "$(div "$SMALL/2" "$h0")" files/s "$hm0" "about half the files"
    row small "validate --shard 1/2 --jobs 2" "$h1" "$(div "$SMALL/2" "$h1")" files/s "$hm1" "about half the files"
    if "$annota" report merge --help >/dev/null 2>&1; then
      read -r gt gm < <(OK=1 timed "$annota" report merge --jobs 2 --output "$work/merged.txt" "$work/part-0.json" "$work/part-1.json")
      row small "report merge of the 2 parts" "$gt" "$(div "$SMALL" "$gt")" files/s "$gm" \
        "$(printf 'parts run one after the other + merge: %.2f s' "$(echo "$h0 + $h1 + $gt" | bc -l)")"
    fi
    rm -f "$work/part-0.json" "$work/part-1.json" "$work/merged.txt"
  else
    row small "validate --shard 0/2" n/a "" "" "" "no --shard in validate --help"
  fi
  # init: the same files, hard-linked into a folder without the manifest (as run-init.sh, which
  # removes the draft before every run).
  bare=$s-bare
  [ -d "$bare" ] || { cp -al "$s" "$bare"; rm -f "$bare/annota.yaml"; }
  read -r it im < <(measure_prep "rm -f $bare/annota.yaml" "$annota" init "$bare")
  row small "init (no manifest), $SMALL files" "$it" "$(div "$SMALL" "$it")" files/s "$im" ""
  rm -f "$bare/annota.yaml"
fi

if wants filelist; then
  echo "== BIA file list"
  list=bench/data/file_list-$ROWS.tsv
  [ -f "$list" ] || python3 bench/make_file_list.py "$list" "$ROWS"
  read -r lt lm < <(OK=1 timed "$annota" validate --quiet "$list")
  row filelist "validate file_list.tsv, $ROWS rows" "$lt" "$(div "$ROWS" "$lt")" rows/s "$lm" ""
fi

printf '\n%-9s %-40s %9s %12s %-8s %9s  %s\n' part what seconds rate "" "MiB peak" ""
while IFS='|' read -r part what t rate unit kib note; do
  if [ "$t" = n/a ]; then
    printf '%-9s %-40s %9s %12s %-8s %9s  %s\n' "$part" "$what" n/a "" "" "" "$note"
  else
    # Peak memory is not measured for every row (the reflink copies run under a shell).
    mib=""
    [ -n "$kib" ] && mib=$(printf '%.1f' "$(div "$kib" 1024)")
    printf '%-9s %-40s %9.2f %12.0f %-8s %9s  %s\n' "$part" "$what" "$t" "$rate" "$unit" "$mib" "$note"
  fi
done < "$table"

# The targets of the archive-scale issue, for the parts measured.
verdict() { [ "$(echo "$2" | bc -l)" = 1 ] && echo met || echo missed; }
target() { printf '  %-72s %s\n' "$1" "$(verdict "$1" "$2")"; }
echo
echo "targets:"
if [ -n "${st:-}" ]; then
  target "validate, $SMALL files: $(printf %.0f "$(div "$SMALL" "$st")") files/s (≥ 5 000)" "$SMALL / $st >= 5000"
  target "validate, $SMALL files: peak $((sm / 1024)) MiB = $((sm * 1024 / 1000000)) MB (< 300 MB)" "$sm * 1024 < 300000000"
  target "init, $SMALL files: $it s (< 30 s)" "$it < 30"
fi
[ -n "${lt:-}" ] && target "file list, $ROWS rows: $lt s (< 2 s)" "$lt < 2"
if [ -n "${pt:-}" ]; then
  target "pack: $(printf %.2f "$pack_cp")× cp -a + sync (≤ 1.3×)" "$pack_cp <= 1.3"
  target "pack: cp + bagit.py + sync takes $(printf %.2f "$bagit_pack")× pack (≥ 1.5×)" "$bagit_pack >= 1.5"
  if [ -n "${cached_cp:-}" ]; then
    target "pack --cache, validated before: $(printf %.2f "$cached_cp")× cp -a + sync (≤ 1.3×)" "$cached_cp <= 1.3"
    target "pack --cache: cp + bagit.py + sync takes $(printf %.2f "$bagit_cached")× pack (≥ 1.5×)" "$bagit_cached >= 1.5"
  fi
  target "verify --bag-only: $(printf %.0f "$(div "100*$ft" "$yt")") % of the hash floor (≥ 85 %)" "100 * $ft / $yt >= 85"
fi
if [ -n "${t1:-}" ]; then
  target "validate --cache, warm: $(printf %.2f "$(div "$t1" "$cft")")× the hash floor (≤ 1.3×)" "$t1 <= 1.3 * $cft"
fi
