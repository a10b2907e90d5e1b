#!/usr/bin/env bash
# Pack and verify: `annota pack --target bagit --algorithm sha256` (validation first, then the payload
# copied and hashed in one pass, then verified) and `annota verify --bag-only` (fixity) against
# bagit-python (`bagit.py --sha256 --processes 2`, on a copy, since it bags in place; and
# `--validate`) and the floor (`openssl dgst` over the same files, 2 processes), on the generated
# 2 000-image validation dataset (deflate), for SHA-256 and for SHA-512, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
source bench/lib.sh
ensure_venv tifffile numpy bagit
swift build -c release --product annota >/dev/null
annota=.build/release/annota
d=bench/data/validate-deflate-2000
[ -f "$d/annota.yaml" ] || $PY bench/make_validate_dataset.py "$d" deflate 2000
work=bench/data/pack-work
rm -rf "$work" && mkdir -p "$work"
bytes=$(du -sbL "$d" | cut -f1)
floor() { find "$1" -type f -print0 | xargs -0 -n 200 -P 2 openssl dgst "-$2" > /dev/null; }
export -f floor
read -r tv mv < <(measure "$annota" validate --quiet --jobs 2 "$d")
printf '\nvalidation alone (part of pack): %ss\n' "$tv"
printf '\n%-8s %-26s %9s %9s %9s %11s\n' alg tool seconds "MB/s" "MiB peak" "vs floor"
for alg in sha256 sha512; do
  read -r ft fm < <(measure bash -c "floor $d $alg")
  read -r pt pm < <(measure bash -c "rm -rf $work/bag; $annota pack --jobs 2 --algorithm $alg $d -o $work/bag >/dev/null")
  read -r vt vm < <(measure "$annota" verify --bag-only --jobs 2 "$work/bag")
  read -r bt bm < <(measure bash -c "rm -rf $work/copy; cp -r $d $work/copy; $PY -m bagit --$alg --processes 2 --quiet $work/copy")
  # The copy's time is not bagit's: measure the copy alone and take it off.
  read -r ct _ < <(measure bash -c "rm -rf $work/copy2; cp -r $d $work/copy2")
  bt=$(echo "$bt - $ct" | bc -l)
  read -r bvt bvm < <(measure "$PY" -m bagit --validate --processes 2 --quiet "$work/copy")
  for row in "floor (openssl, 2):$ft:$fm" "annota pack (with validation):$pt:$pm" "annota verify --bag-only:$vt:$vm" \
             "bagit.py make (2 processes):$bt:$bm" "bagit.py --validate (2):$bvt:$bvm"; do
    IFS=: read -r name t m <<< "$row"
    printf '%-8s %-26s %9.2f %9.0f %9.1f %10.0f%%\n' "$alg" "$name" "$t" "$(echo "$bytes/$t/1000000" | bc -l)" \
      "$(echo "$m/1024" | bc -l)" "$(echo "100*$ft/$t" | bc -l)"
  done
done
rm -rf "$work"
