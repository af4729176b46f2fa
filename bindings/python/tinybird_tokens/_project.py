"""The arguments of :class:`tinybird_tokens.Project` in the core's JSON form of a project
(``{"files": [{"path", "text"}], "resources": [spec, ...]}``), which the native class passes to the
core.

Only shapes are converted here, never judged: whether a kind, name, permission or pipe type is valid
is the core's to decide (``InvalidArgumentError`` for a malformed spec, findings for a bad name). A
Python value of the wrong type is a ``TypeError``, as everywhere in the package.

tinybird-sdk objects are read by their attributes (duck typing, so tinybird-sdk is not a dependency;
the shapes are those of tinybird-sdk 0.4, ``tinybird_sdk/schema/``): ``_type`` (``"datasource"`` /
``"pipe"``; ``"connection"`` objects are skipped), ``_name`` and ``options``, whose ``tokens``,
``params``, ``nodes`` and ``endpoint`` / ``materialized`` / ``copy`` / ``sink`` give the spec. A
``define_project(...)`` result stands for its data sources and pipes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from ._types import PipeType, ResourceParam, ResourceSpec, ResourceToken


def project_json(files: Any, resources: Any) -> dict[str, Any]:
    """The JSON form of ``Project(files=..., resources=...)``; ``None`` leaves a part out."""
    data: dict[str, Any] = {}
    if files is not None:
        data["files"] = [_file(entry) for entry in _entries(files, "files")]
    if resources is not None:
        specs = (_resource(r) for r in _items(_sdk_project_resources(resources), "resources"))
        data["resources"] = [spec for spec in specs if spec is not None]
    return data


def _sdk_project_resources(resources: Any) -> Any:
    """tinybird-sdk's ``define_project(...)`` result: its data sources, then its pipes."""
    datasources = getattr(resources, "datasources", None)
    pipes = getattr(resources, "pipes", None)
    if isinstance(datasources, Mapping) and isinstance(pipes, Mapping):
        return [*datasources.values(), *pipes.values()]
    return resources


def _items(value: Any, what: str) -> Iterable[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{what} must be a list, not {type(value).__name__}")
    return value


def _entries(files: Any, what: str) -> Iterable[Any]:
    """A mapping's ``(path, text)`` items, or the items of any other iterable."""
    if isinstance(files, Mapping):
        return files.items()
    if isinstance(files, (str, bytes)) or not isinstance(files, Iterable):
        raise TypeError(
            f"{what} must be a mapping of path to text or an iterable of (path, text) pairs, "
            f"not {type(files).__name__}"
        )
    return files


def _file(entry: Any) -> Any:
    if isinstance(entry, Mapping):
        return entry  # {"path", "text"}: the core's own form
    if not (isinstance(entry, (tuple, list)) and len(entry) == 2):
        raise TypeError(f"each file must be a (path, text) pair, not {type(entry).__name__}")
    path, text = entry
    path = os.fspath(path)
    if not isinstance(path, str):
        raise TypeError(f"a file path must be a str or os.PathLike[str], not {type(path).__name__}")
    if not isinstance(text, str):
        raise TypeError(f"the text of {path} must be a str, not {type(text).__name__}")
    return {"path": path, "text": text}


def _resource(resource: Any) -> Any:
    """A spec for the core, or ``None`` for a tinybird-sdk connection (which holds no tokens, as a
    ``.connection`` file is not read either)."""
    if isinstance(resource, Mapping):
        return _spec_dict(resource)
    kind = getattr(resource, "_type", None)
    if kind == "connection":
        return None
    options = getattr(resource, "options", None)
    if kind in ("datasource", "pipe") and options is not None:
        return _sdk_spec(kind, resource._name, options)
    raise TypeError(
        "each resource must be a resource spec dict or a tinybird-sdk data source or pipe "
        f"(define_datasource, define_pipe, define_endpoint, ...), not {type(resource).__name__}"
    )


def _spec_dict(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """A spec dict as given, but tinybird-sdk's token references made ``{name, permission}``."""
    tokens = spec.get("tokens")
    if not isinstance(tokens, (list, tuple)):
        return spec
    return {**spec, "tokens": [_spec_token(t) for t in tokens]}


def _spec_token(token: Any) -> Any:
    if isinstance(token, Mapping) and "token" in token:
        return {"name": _token_name(token["token"]), "permission": token.get("scope")}
    return token


def _token_name(token: Any) -> Any:
    # tinybird-sdk's TokenDefinition and ours both carry `_name`.
    return getattr(token, "_name", token)


def _sdk_spec(kind: str, name: str, options: Any) -> ResourceSpec:
    spec: ResourceSpec = {"kind": "pipe" if kind == "pipe" else "datasource", "name": name}
    if kind == "pipe":
        spec["pipe_type"] = _pipe_type(options)
        spec["params"] = [
            _sdk_param(n, v) for n, v in (getattr(options, "params", None) or {}).items()
        ]
        spec["sql"] = [node.sql for node in getattr(options, "nodes", ())]
    spec["tokens"] = [_sdk_token(entry) for entry in getattr(options, "tokens", ())]
    return spec


def _pipe_type(options: Any) -> PipeType:
    """The pipe's kind, as tinybird-sdk's generator writes its TYPE line."""
    endpoint = getattr(options, "endpoint", None)
    if endpoint is True or getattr(endpoint, "enabled", False) is True:
        return "endpoint"
    if getattr(options, "materialized", None):
        return "materialized"
    if getattr(options, "copy", None):
        return "copy"
    if getattr(options, "sink", None):
        return "sink"
    return "plain"


def _sdk_param(name: str, validator: Any) -> ResourceParam:
    """A ``p.int32()``-style parameter: its Tinybird type name and whether it is required."""
    return {
        "name": name,
        "type": getattr(validator, "_tinybirdType", None),
        "required": bool(getattr(validator, "_required", False)),
    }


def _sdk_token(entry: Any) -> ResourceToken:
    """One ``tokens`` entry in the core's shapes: a reference (``token``, ``scope``) read here, since
    only Python can read the token object; an inline token as ``{name, permissions}`` or ``{name}``
    (a pipe's), which the core fans out and reads as ``render_token_lines`` does."""
    token = getattr(entry, "token", None)
    if token is not None:
        return {"name": _token_name(token), "permission": entry.scope}
    permissions = getattr(entry, "permissions", None)
    if permissions is not None:
        return {"name": entry.name, "permissions": list(permissions)}
    return {"name": entry.name}
