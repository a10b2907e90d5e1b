# Annota: `make demo` runs the main job on the bundled demo dataset; `make test` runs the tests.
# Both install the Debian packages they need first (only when missing).

SWIFT ?= swift
# The HDF5 filter plugins are the ones h5py, ilastik and BigDataViewer files use (LZF, Blosc, LZ4,
# BZip2, Bitshuffle, ZFP); libhdf5 loads them from its plugin folder (LZF needs liblzf1 beside it).
PACKAGES := pkg-config libtiff-dev libhdf5-dev libxml2-dev zlib1g-dev libdeflate-dev libpng-dev libturbojpeg0-dev \
  hdf5-plugin-lzf liblzf1 hdf5-filter-plugin hdf5-filter-plugin-blosc-serial hdf5-filter-plugin-zfp-serial
# The report's browser tests open it in Debian's Chromium, driven by chromedriver.
TEST_PACKAGES := chromium chromium-driver
# `make test-slurm` runs its jobs on a one-node Slurm cluster, authenticated by MUNGE.
SLURM_PACKAGES := slurm-wlm munge
ANNOTA := .build/debug/annota

.PHONY: all deps test-deps install-missing screenshot build test test-slurm demo demo-corpus bench lint format docs fixtures spec clean fuzz man install

all: build

## deps: install the system libraries (apt-get update first), only those missing.
deps:
	@$(MAKE) --no-print-directory install-missing WANTED="$(PACKAGES)"

## test-deps: the libraries, and the browser the report's tests open (Chromium and its driver).
test-deps:
	@$(MAKE) --no-print-directory install-missing WANTED="$(PACKAGES) $(TEST_PACKAGES)"

## install-missing: apt-get install the packages of WANTED that are not installed (apt-get update first).
install-missing:
	@missing=""; \
	for p in $(WANTED); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

## build: compile everything (debug).
build: deps
	$(SWIFT) build

## test: provision the pinned peers (scripts/test-venv.sh), then build and run the whole test suite
## (Swift Testing) through scripts/run-tests.sh, which fails a run that ends without its closing
## line. Fuzzing is `make fuzz`: every finding it made is already a regression test here.
test: test-deps
	scripts/test-venv.sh
	scripts/run-tests.sh

## test-slurm: run the documented Slurm example (docs/examples/slurm, docs/guide-archive.md) on a
## one-node cluster started for it (root; logs in .build/slurm/log): 4 shards of the demo dataset and
## their merge, whose report must be the one a single `annota validate` writes, byte for byte.
test-slurm: deps
	@$(MAKE) --no-print-directory install-missing WANTED="$(SLURM_PACKAGES)"
	$(SWIFT) build --product annota
	SWIFT="$(SWIFT)" scripts/test-slurm.sh

## demo: read, check, validate and pack the bundled demo dataset (Fixtures/demo), verify the bundle, compare its
## annotators, export it to the four training layouts, describe it in the four catalog records and write its
## HTML report.
demo: deps
	$(SWIFT) build --product annota
	$(ANNOTA) --version
	$(ANNOTA) summary Fixtures/demo
	$(ANNOTA) format --check Fixtures/demo
	$(ANNOTA) validate Fixtures/demo
	rm -rf .build/demo-bundle
	$(ANNOTA) pack --target bia --bag Fixtures/demo -o .build/demo-bundle
	$(ANNOTA) verify .build/demo-bundle
	$(ANNOTA) compare Fixtures/demo --reference nuclei --candidate nuclei-review --fail-below f1=0.9
	rm -rf .build/demo-agreement && cp -R Fixtures/demo .build/demo-agreement
	$(ANNOTA) compare .build/demo-agreement --sets nuclei,nuclei-review --record
	rm -rf .build/demo-export && mkdir -p .build/demo-export
	$(ANNOTA) export Fixtures/demo --to nnunet -o .build/demo-export/Dataset501_Nuclei --set nuclei --semantic-from-instance
	$(ANNOTA) export Fixtures/demo --to yolo -o .build/demo-export/yolo --set nuclei --set mitosis-boxes
	$(ANNOTA) export Fixtures/demo --to coco -o .build/demo-export/coco --set nuclei --set mitosis-boxes
	$(ANNOTA) export Fixtures/demo --to imagefolder -o .build/demo-export/imagefolder --set mitotic-index
	rm -rf .build/demo-publish && mkdir -p .build/demo-publish && cp -R Fixtures/demo .build/demo-publish/demo
	$(ANNOTA) validate Fixtures/demo --profile zenodo --profile datacite --profile bioimageio --profile croissant
	$(ANNOTA) export Fixtures/demo --to zenodo -o .build/demo-publish/zenodo.json
	$(ANNOTA) export Fixtures/demo --to datacite -o .build/demo-publish/datacite.json
	$(ANNOTA) export Fixtures/demo --to bioimageio -o .build/demo-publish/bioimageio
	$(ANNOTA) export .build/demo-publish/demo --to croissant -o .build/demo-publish/demo/croissant.json
	rm -rf .build/demo-report && mkdir -p .build/demo-report
	$(ANNOTA) compare Fixtures/demo --reference nuclei --candidate nuclei-review --format json > .build/demo-report/compare.json
	$(ANNOTA) report Fixtures/demo -o .build/demo-report/report.html --compare .build/demo-report/compare.json
	@echo "demo: the manifest conforms to the Annota standard, is in canonical form, its files and masks validate, it packs into a BIA RO-Crate in a BagIt bag that verifies, its two annotators agree at F1 > 0.9 (recorded in .build/demo-agreement), it exports to nnU-Net, YOLO, COCO and ImageFolder training folders (.build/demo-export), its Zenodo, DataCite, bioimage.io and Croissant records are in .build/demo-publish, and its HTML report (open it in a browser) is .build/demo-report/report.html"

## screenshot: the report of the demo as headless Chromium shows it, for docs/guide-report.md
## (docs/images/report-gallery.png); needs the test venv (`make test` provisions it).
screenshot: test-deps
	$(SWIFT) build --product annota
	scripts/test-venv.sh
	rm -rf .build/demo-report && mkdir -p .build/demo-report docs/images
	$(ANNOTA) compare Fixtures/demo --reference nuclei --candidate nuclei-review --format json > .build/demo-report/compare.json
	$(ANNOTA) report Fixtures/demo -o .build/demo-report/report.html --compare .build/demo-report/compare.json --quiet
	.build/test-venv/bin/python Tests/Peers/report_browser.py .build/demo-report/report.html --height 1000 \
	  --screenshot docs/images/report-gallery.png --screenshot-at gallery >/dev/null
	.build/test-venv/bin/python Tests/Peers/report_browser.py .build/demo-report/report.html --height 1000 \
	  --screenshot docs/images/report-plots.png --screenshot-at plots >/dev/null

## bench: run the benchmarks in bench/ (release build; peers run in a local venv).
bench: deps
	bench/run.sh

## fuzz: run every fuzz target (libFuzzer + AddressSanitizer) for FUZZ_SECONDS each (default 30).
fuzz: deps
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),30) Fuzz/run.sh

## man: regenerate docs/man (one page per command) from the argument parser, with
## swift-argument-parser's generate-manual plugin; a test holds the pages against --help.
man: deps
	$(SWIFT) package plugin generate-manual --configuration debug --multi-page --date $$(git log -1 --format=%cs)
	rm -rf docs/man && mkdir -p docs/man
	cp .build/plugins/GenerateManual/outputs/annota/*.1 docs/man/

## install: build annota (CONFIG=release) and install it under PREFIX (default /usr/local; DESTDIR
## for staging): bin/annota, share/man/man1/annota*.1, and bash, zsh and fish completions.
PREFIX ?= /usr/local
CONFIG ?= release
install: deps
	$(SWIFT) build -c $(CONFIG) --product annota
	scripts/install.sh "$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/annota" "$(DESTDIR)$(PREFIX)"

## lint: formatting and documentation comments (swift-format, strict), the licence line of every
## Swift file, every relative link of the Markdown, and a build with no compiler warning in the
## project's own files (the build `make test` then reuses).
lint: deps
	$(SWIFT) format lint --strict --recursive Sources Tests Examples Package.swift Fuzz/Sources Fuzz/Package.swift
	scripts/check-headers.sh
	python3 scripts/check-doc-links.py
	scripts/check-warnings.sh

## demo-corpus: the end-to-end deposit on a folder assembled from ../shared/corpus (init, import,
## status, validate --profile bia, pack --target bia --bag, verify, the BIA's own validator), kept in
## .build/demo-corpus (see docs/guide-init.md).
demo-corpus: deps
	$(SWIFT) build --build-tests
	ANNOTA_CORPUS_PROJECT=$(CURDIR)/.build/demo-corpus $(SWIFT) test --disable-xctest --skip-build \
	  --filter CorpusProjectTests
	@echo "demo-corpus: the folder, its manifest and the bundle are in .build/demo-corpus"

## format: reformat the sources in place.
format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift

## docs: build the API documentation with DocC (offline) into .build/docs.
docs: deps
	scripts/build-docs.sh

## fixtures: regenerate Fixtures/demo (deterministic; never run by CI).
fixtures: deps
	$(SWIFT) build --product annota-demo-data
	rm -rf Fixtures/demo/images Fixtures/demo/masks Fixtures/demo/masks-review Fixtures/demo/shapes Fixtures/demo/coco Fixtures/demo/classes Fixtures/demo/annota.yaml
	.build/debug/annota-demo-data Fixtures/demo

## spec: regenerate the JSON Schema and SPEC.md's generated tables from the Swift spec.
spec: build
	$(ANNOTA) schema > Specs/annota/0.2/manifest.schema.json
	scripts/update-spec-tables.sh
	scripts/update-rule-fixes.py

clean:
	rm -rf .build
