#!/usr/bin/env bash
# Installs a built `annota` under a prefix: the binary, the man pages (docs/man, generated from the
# parser by `make man`) and bash, zsh and fish completions (written by the binary itself).
#   scripts/install.sh BINARY PREFIX
set -euo pipefail
binary=${1:?usage: scripts/install.sh BINARY PREFIX}
prefix=${2:?usage: scripts/install.sh BINARY PREFIX}
# Relative arguments mean the caller's folder, not the project's.
case $binary in /*) ;; *) binary=$PWD/$binary ;; esac
case $prefix in /*) ;; *) prefix=$PWD/$prefix ;; esac
cd "$(dirname "$0")/.."
[ -x "$binary" ] || { echo "install: $binary is not an executable (build it first)" >&2; exit 2; }
install -D -m 755 "$binary" "$prefix/bin/annota"
for page in docs/man/*.1; do install -D -m 644 "$page" "$prefix/share/man/man1/$(basename "$page")"; done
completions() { "$prefix/bin/annota" --generate-completion-script "$1"; }
mkdir -p "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
  "$prefix/share/fish/vendor_completions.d"
completions bash >"$prefix/share/bash-completion/completions/annota"
completions zsh >"$prefix/share/zsh/site-functions/_annota"
completions fish >"$prefix/share/fish/vendor_completions.d/annota.fish"
echo "installed $("$prefix/bin/annota" --version) in $prefix (binary, $(ls docs/man/*.1 | wc -l) man pages, bash/zsh/fish completions)"
