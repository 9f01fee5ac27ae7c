#!/usr/bin/env python3
"""Generates crates/engine/data/cfn-resources.json: what the CloudFormation engine knows about
every resource type AWS publishes, from AWS's resource provider schemas as the cfn-lint wheel
on PyPI ships them (cfnlint/data/schemas/resources/*.json, listed per region in
cfnlint/data/schemas/providers/<region>.json).

Runs at development time, never in the build:

    python3 scripts/cfn-schemas.py            # downloads the pinned wheel with pip if needed

The output keeps, per resource type: its properties (type, nested definitions, allowed
values, whether unknown properties are allowed), required properties, createOnlyProperties
(an update requires replacement), conditionalCreateOnlyProperties (replacement may be
needed), readOnlyProperties (GetAtt attributes) and primaryIdentifier (what Ref returns for
most types). Descriptions, patterns and handlers are left out to keep the file small.

Compact JSON, one object:
  {"source": "...", "types": {"AWS::S3::Bucket": TYPE, ...}}
  TYPE  = {"p": PROPS, "r": [required], "c": [createOnly paths], "cc": [...],
           "ro": [readOnly paths], "pi": [primaryIdentifier paths], "x": 1 if additional
           properties are allowed, "defs": {name: OBJ}}
  PROPS = {name: SHAPE}
  SHAPE = {"t": kind or [kinds], "d": definition name, "i": SHAPE of items,
           "e": [allowed values], "p": PROPS (inline object), "r": [...], "x": 1}
  kinds: s string, i integer, n number, b boolean, o object, a array, j any JSON.
Paths drop the leading "/properties/" and join nested names with "/".
"""
import json
import os
import subprocess
import sys
import zipfile

VERSION = "1.58.0"
WHEEL = f"cfn_lint-{VERSION}-py3-none-any.whl"
CACHE = os.path.join("/tmp", "cfn-lint-wheel")
OUT = os.path.join(os.path.dirname(__file__), "..", "crates", "engine", "data", "cfn-resources.json")
REGION = "us-east-1"

KINDS = {"string": "s", "integer": "i", "number": "n", "boolean": "b", "object": "o", "array": "a"}


def wheel_path():
    path = os.path.join(CACHE, WHEEL)
    if not os.path.exists(path):
        os.makedirs(CACHE, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", f"cfn-lint=={VERSION}",
                        "--no-deps", "-d", CACHE], check=True)
    return path


def path_of(pointer):
    prefix = "/properties/"
    return pointer[len(prefix):] if pointer.startswith(prefix) else pointer


def shape(node, defs_used, definitions):
    """The compact shape of a property schema."""
    out = {}
    if "$ref" in node:
        ref = node["$ref"]
        name = ref.rsplit("/", 1)[-1]
        defs_used.add(name)
        out["d"] = name
        return out
    kind = node.get("type")
    if isinstance(kind, list):
        out["t"] = [KINDS.get(k, "j") for k in kind]
    elif kind in KINDS:
        out["t"] = KINDS[kind]
    elif "properties" in node:
        out["t"] = "o"
    else:
        for key in ("oneOf", "anyOf"):
            if key in node:
                kinds = set()
                for alt in node[key]:
                    k = alt.get("type")
                    for one in (k if isinstance(k, list) else [k]):
                        if one in KINDS:
                            kinds.add(KINDS[one])
                    if k is None and "$ref" in alt:
                        target = definitions.get(alt["$ref"].rsplit("/", 1)[-1], {})
                        t = target.get("type")
                        for one in (t if isinstance(t, list) else [t]):
                            kinds.add(KINDS.get(one, "o") if one else "o")
                    elif k is None and "properties" in alt:
                        kinds.add("o")
                if len(kinds) == 1:
                    out["t"] = kinds.pop()
                elif kinds:
                    out["t"] = sorted(kinds)
                break
        if "t" not in out:
            out["t"] = "j"
    if "enum" in node and all(isinstance(v, (str, int, float, bool)) for v in node["enum"]):
        out["e"] = node["enum"]
    if "items" in node and isinstance(node["items"], dict):
        out["i"] = shape(node["items"], defs_used, definitions)
    if "properties" in node:
        out["p"] = {k: shape(v, defs_used, definitions) for k, v in node["properties"].items()}
        if node.get("required"):
            out["r"] = node["required"]
        if node.get("additionalProperties", True) is not False or "patternProperties" in node:
            out["x"] = 1
    return out


def resource(schema):
    defs_used = set()
    definitions = schema.get("definitions", {})
    out = {"p": {k: shape(v, defs_used, definitions) for k, v in schema.get("properties", {}).items()}}
    for key, short in (("required", "r"),):
        if schema.get(key):
            out[short] = schema[key]
    for key, short in (("createOnlyProperties", "c"), ("conditionalCreateOnlyProperties", "cc"),
                       ("readOnlyProperties", "ro"), ("primaryIdentifier", "pi")):
        if schema.get(key):
            out[short] = [path_of(p) for p in schema[key]]
    if schema.get("additionalProperties", True) is not False:
        out["x"] = 1
    # Definitions reachable from the properties (and from each other).
    defs = {}
    pending = sorted(defs_used)
    while pending:
        name = pending.pop()
        if name in defs or name not in definitions:
            continue
        more = set()
        defs[name] = shape(definitions[name], more, definitions)
        pending.extend(sorted(more - set(defs)))
    if defs:
        out["defs"] = dict(sorted(defs.items()))
    return out


def main():
    with zipfile.ZipFile(wheel_path()) as wheel:
        providers = json.loads(wheel.read(f"cfnlint/data/schemas/providers/{REGION}.json"))
        types = {}
        for type_name, digest in sorted(providers.items()):
            schema = json.loads(wheel.read(f"cfnlint/data/schemas/resources/{digest}.json"))
            types[type_name] = resource(schema)
    data = {
        "source": f"AWS resource provider schemas for {REGION}, as shipped in the cfn-lint {VERSION} "
                  "wheel on PyPI (cfnlint/data/schemas); generated by scripts/cfn-schemas.py",
        "types": types,
    }
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print(f"{len(types)} resource types written to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
