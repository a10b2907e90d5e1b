#!/usr/bin/env bash
# Builds the DocC documentation of every library target offline (no plugin) into .build/docs/<Module>.
# Symbol graphs come from the compiler itself (-emit-symbol-graph): swift-symbolgraph-extract, which
# `swift package dump-symbol-graph` uses, crashes on AnnotaTIFF with Swift 6.3.1.
set -euo pipefail
cd "$(dirname "$0")/.."
graphs=.build-docs/symbol-graphs
rm -rf "$graphs" && mkdir -p "$graphs"
# The compiler writes graphs only for modules it compiles: make it compile ours again.
find .build-docs/*/debug/Annota*.build -type f ! -name output-file-map.json -delete 2>/dev/null || true
rm -rf .build-docs/*/debug/Modules/Annota*
swift build --scratch-path .build-docs -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir \
  -Xswiftc "$PWD/$graphs" -Xswiftc -symbol-graph-minimum-access-level -Xswiftc public >.build-docs/build.log 2>&1 || { tail -20 .build-docs/build.log; exit 1; }
mkdir -p .build/docs
for module in AnnotaModel AnnotaTIFF AnnotaHDF5 AnnotaXMLSupport AnnotaRaster AnnotaImport AnnotaScan AnnotaExport AnnotaValidation AnnotaPackaging AnnotaWorkflows AnnotaCLI; do
  mkdir -p "$graphs/$module"
  cp "$graphs/$module.symbols.json" "$graphs/$module/"
  docc convert "Sources/$module/$module.docc" \
    --additional-symbol-graph-dir "$graphs/$module" \
    --fallback-display-name "$module" --fallback-bundle-identifier "org.annota.$module" \
    --output-path ".build/docs/$module" --warnings-as-errors >/dev/null
  echo "docs: .build/docs/$module"
done
