"""A light check of a JSON value against an OpenAPI 3.1 schema: types, required keys and no
keys the schema does not list. Enough to catch a response drifting from its document."""

from __future__ import annotations

from typing import Any

_TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
    "null": type(None),
}


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        *_, name = schema["$ref"].split("/")
        schema = document["components"]["schemas"][name]
    return schema


def problems(document: dict, schema: dict, value: Any, where: str = "$") -> list[str]:
    """What is wrong with `value` under `schema`, as readable lines; empty if nothing."""
    schema = resolve(document, schema)
    if "anyOf" in schema:
        options = [problems(document, s, value, where) for s in schema["anyOf"]]
        return [] if any(not p for p in options) else options[0]
    found: list[str] = []
    kind = schema.get("type")
    if kind:
        expected = _TYPES[kind]
        # bool is an int in Python, never in JSON.
        if not isinstance(value, expected) or (
            kind in ("integer", "number") and isinstance(value, bool)
        ):
            return [f"{where}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} not in {schema['enum']}")
    if kind == "object" and "properties" in schema:
        props = schema["properties"]
        found += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        found += [f"{where}: undocumented {k}" for k in value if k not in props]
        for key, item in value.items():
            if key in props:
                found += problems(document, props[key], item, f"{where}.{key}")
    if kind == "array" and "items" in schema:
        for n, item in enumerate(value):
            found += problems(document, schema["items"], item, f"{where}[{n}]")
    return found


def response_schema(document: dict, path: str, method: str, status: int) -> dict:
    responses = document["paths"][path][method]["responses"]
    return responses[str(status)]["content"]["application/json"]["schema"]
