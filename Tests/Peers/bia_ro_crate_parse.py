#!/usr/bin/env python3
"""Runs the BioImage Archive's RO-Crate parser on a crate folder, offline, and prints what it built.

  python bia_ro_crate_parse.py CRATE_DIR CONTEXT_FILE

The parser is `bia_ro_crate.core.parser.ro_crate_parser.ROCrateParser` from bia-ro-crate-validator
0.3.1 (PyPI): the first step of the BIA's ingest (`ro-crate-ingest`), which reads
ro-crate-metadata.json and the file list into the BIA's RO-Crate models. CONTEXT_FILE is served for
the RO-Crate 1.1 context URL, as the bia-validate wrapper does; every other network access raises.
Prints one JSON object: the parser's issues, the models it built (counted by class), the file-list
rows and any network access attempted. Exit 0 when it parsed, 1 when it reported errors.
"""
import json
import socket
import sys
from collections import Counter

crate, context_file = sys.argv[1], sys.argv[2]
blocked = []


def refuse_connect(self, address):
    blocked.append(str(address))
    raise OSError("bia_ro_crate_parse.py: no network")


def refuse_lookup(host, *args, **kwargs):
    blocked.append(str(host))
    raise socket.gaierror("bia_ro_crate_parse.py: no network")


socket.socket.connect = refuse_connect
socket.getaddrinfo = refuse_lookup

context = {"@context": json.load(open(context_file))["@context"]}
urls = {f"{scheme}://w3id.org/ro/crate/1.1/{tail}" for scheme in ("https", "http") for tail in ("context", "context/")}

# The three ways the parser's libraries fetch a JSON-LD context: rdflib, pyld, requests.
import rdflib.plugins.shared.jsonld.context as rdflib_context  # noqa: E402
import rdflib.plugins.shared.jsonld.util as rdflib_util  # noqa: E402

original_source = rdflib_util.source_to_json


def local_source(source, *args, **kwargs):
    if isinstance(source, str) and source in urls:
        return context, None
    return original_source(source, *args, **kwargs)


rdflib_util.source_to_json = local_source
rdflib_context.source_to_json = local_source

try:
    import pyld.jsonld as pyld_jsonld

    original_loader = pyld_jsonld.get_document_loader()

    def local_loader(url, options=None):
        if url in urls:
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}
        return original_loader(url, options or {})

    pyld_jsonld.set_document_loader(local_loader)
except ImportError:
    pass

try:
    import requests

    class LocalResponse:
        status_code, ok, headers = 200, True, {"Content-Type": "application/ld+json"}

        def __init__(self, url):
            self.url, self.text = url, json.dumps(context)
            self.content = self.text.encode()

        def json(self):
            return context

        def raise_for_status(self):
            pass

    original_request = requests.Session.request

    def local_request(self, method, url, *args, **kwargs):
        return LocalResponse(str(url)) if str(url) in urls else original_request(self, method, url, *args, **kwargs)

    requests.Session.request = local_request
except ImportError:
    pass

from bia_ro_crate.core.parser.ro_crate_parser import ROCrateParser  # noqa: E402

parser = ROCrateParser(crate)
report = {"issues": [], "models": {}, "file_list_rows": None, "blocked": blocked}
status = 0
try:
    parser.parse()
    result = parser.result
    report["models"] = dict(sorted(Counter(type(o).__name__ for o in result.metadata.get_objects()).items()))
    report["file_list_rows"] = len(result.file_list.data)
except Exception as error:  # an ExceptionGroup when an issue is an error; anything else is a parser failure
    status = 1
    report["failure"] = f"{type(error).__name__}: {error}"
for issue in parser.issues:
    report["issues"].append({"severity": str(issue.severity).split(".")[-1], "message": issue.format_message()})
print(json.dumps(report, indent=1, sort_keys=True))
sys.exit(status)
