#!/usr/bin/env bash
# Provisions the test venv (.build/test-venv, ignored by git) with the pinned peers of
# Tests/requirements.txt, so the tests that compare Annota with bagit-python, pycocotools, tifffile,
# h5py and jsonschema run instead of skipping. Re-installs only when the requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/test-venv
stamp=$venv/.requirements
if [ -x "$venv/bin/python" ] && cmp -s Tests/requirements.txt "$stamp"; then exit 0; fi
python3 -m venv "$venv" 2>/dev/null || {
  # Debian's python3 needs python3-venv for ensurepip.
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
  rm -rf "$venv"; python3 -m venv "$venv"
}
"$venv/bin/pip" install --quiet --disable-pip-version-check -r Tests/requirements.txt
cp Tests/requirements.txt "$stamp"
echo "test-venv: $("$venv/bin/python" --version) with $(grep -c '==' Tests/requirements.txt) pinned peers"
