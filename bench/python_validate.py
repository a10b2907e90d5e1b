#!/usr/bin/env python3
"""The peer: what a user would write to check a manifest in Python — PyYAML (libyaml's C loader when
available) plus jsonschema with the Annota schema, reporting every error. Usage: SCHEMA MANIFEST."""
import json
import sys

import jsonschema
import yaml

schema = json.load(open(sys.argv[1]))
path = sys.argv[2]
with open(path) as f:
    if path.endswith(".json"):
        document = json.load(f)
    else:
        document = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
validator = jsonschema.Draft202012Validator(schema)
errors = list(validator.iter_errors(document))
print(f"{len(errors)} errors")
sys.exit(1 if errors else 0)
