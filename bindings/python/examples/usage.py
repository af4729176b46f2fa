"""A typed tour of tinybird-tokens: checked with ``mypy --strict`` and run by the test suite.

Run it with ``python bindings/python/examples/usage.py`` once the package is installed.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import tinybird_tokens as tt

# The workspace admin token is the HS256 key Tinybird verifies JWTs with (this one is the reference
# vectors' example, signed with Tinybird Local's secret).
ADMIN_TOKEN = (
    "p.eyJ1IjogIjExMTExMTExLTIyMjItMzMzMy00NDQ0LTU1NTU1NTU1NTU1NSIsICJpZCI6ICI2NjY2NjY2Ni03Nzc3LTg4"
    "ODgtOTk5OS0wMDAwMDAwMDAwMDAiLCAiaG9zdCI6ICJnY3AtZXVyb3BlLXdlc3QyIn0.zoAnR8LuCeU8lirZizS7kk-zWC"
    "I3y13XRpsyJjWJMh8"
)
WORKSPACE_ID = "11111111-2222-3333-4444-555555555555"


def mint_for_tenant(key: tt.SigningKey, org_id: str, now: datetime) -> str:
    """A JWT that reads one endpoint with the tenant's id fixed, for one hour."""
    scope: tt.JwtScope = {
        "type": "PIPES:READ",
        "resource": "top_pages",
        "fixed_params": {"org_id": org_id},
    }
    return key.create_jwt(
        workspace_id=WORKSPACE_ID,
        name=f"tenant_{org_id}",
        scopes=[scope],
        ttl=timedelta(hours=1),
        limits={"rps": 10},
        now=now,
    )


def main() -> None:
    now = datetime(2024, 1, 1, tzinfo=timezone.utc)
    key = tt.SigningKey(ADMIN_TOKEN)
    token = mint_for_tenant(key, "acme", now)

    verified: tt.VerifiedToken = tt.verify_jwt(token, ADMIN_TOKEN, now=now)
    claims = verified["claims"]
    assert claims["scopes"][0]["fixed_params"] == {"org_id": "acme"}
    assert claims["exp"] == int(now.timestamp()) + 3600

    # One call for many tenants; the signing runs without the GIL.
    requests: list[tt.JwtRequest] = [
        {
            "workspace_id": WORKSPACE_ID,
            "name": f"tenant_{org}",
            "ttl": "1h",
            "scopes": [
                {"type": "PIPES:READ", "resource": "top_pages", "fixed_params": {"org_id": org}}
            ],
        }
        for org in ("acme", "globex", "initech")
    ]
    tokens: list[str] = key.create_jwts(requests, now=now)
    assert [tt.verify_jwt(t, key.verifying_key(), now=now)["claims"]["name"] for t in tokens] == [
        "tenant_acme",
        "tenant_globex",
        "tenant_initech",
    ]

    try:
        tt.verify_jwt(token, ADMIN_TOKEN, now=now + timedelta(hours=2))
    except tt.ExpiredSignatureError as e:
        print("rejected:", e.code)  # token_expired

    # Scopes and the TOKEN lines of datafiles.
    scope: tt.ScopeInfo = tt.parse_scope("DATASOURCES:READ:events")
    assert tt.format_scope(scope) == "DATASOURCES:READ:events"
    app_read = tt.define_token("app_read")
    lines = tt.render_token_lines([{"token": app_read, "scope": "READ"}], kind="pipe")
    assert lines == "TOKEN app_read READ"
    plan: list[tt.PlannedToken] = tt.plan_tokens(
        [{"kind": "pipe", "name": "top_pages", "text": "NODE n\nSQL >\n    SELECT 1\n\n" + lines}]
    )
    assert plan == [{"name": "app_read", "scopes": ["PIPES:READ:top_pages"]}]

    # Checked against the project before minting: a typo in a fixed param is refused, not minted.
    project = tt.Project.from_files(
        {
            Path("datasources/events.datasource"): "SCHEMA >\n    `org_id` String\n",
            Path("endpoints/top_pages.pipe"): (
                "NODE n\nSQL >\n    %\n    SELECT * FROM events WHERE org_id = {{ String(org_id) }}\n\n"
                "TYPE endpoint\n" + lines + "\n"
            ),
        }
    )
    assert project.lint() == []
    resources: list[tt.ProjectResource] = project.resources
    assert [r["pipe_type"] for r in resources] == [None, "endpoint"]
    typo: tt.JwtScope = {
        "type": "PIPES:READ",
        "resource": "top_pages",
        "fixed_params": {"orgid": "a"},
    }
    findings: list[tt.Finding] = tt.check_jwt(
        project=project, workspace_id=WORKSPACE_ID, name="t", ttl="1h", scopes=[typo], now=now
    )
    assert [(f["code"], f["suggestion"]) for f in findings] == [("unknown_fixed_param", "org_id")]
    refused: list[tt.Finding] = []
    try:
        key.create_jwt(
            workspace_id=WORKSPACE_ID, name="t", ttl="1h", scopes=[typo], now=now, project=project
        )
    except tt.ProjectCheckFailedError as e:
        refused = e.findings
    assert refused == findings
    assert mint_for_tenant(key, "acme", now) == token
    static: list[tt.Finding] = tt.check_static_token(["DATASOURCES:READ:events"], project)
    assert static == []

    # Static tokens say where they belong.
    info: tt.StaticTokenInfo = tt.decode_static_token(ADMIN_TOKEN)
    assert info["api_host"] == "https://api.europe-west2.gcp.tinybird.co"

    report: tt.Inspection = tt.inspect_token(token, now=now)
    print(report["scopes"][0]["summary"])


if __name__ == "__main__":
    main()
