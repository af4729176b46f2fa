//! The command line, declared once with clap: commands, options, help texts and examples.
//!
//! No type here derives `Debug`: they hold `--token` and `--secret` values, which must never be
//! printed. Only shapes live here. Which `--resource` / `--fixed-params` / `--filter` belongs to which `--scope`
//! is decided from argv positions in `scope_args.rs`, and every token rule is the core's.

use std::path::PathBuf;

use clap::{ArgAction, ArgGroup, Args, Parser, Subcommand, ValueEnum};

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

const MAIN_EXAMPLES: &str = "\
Examples:
  tbtoken token create jwt frontend_jwt --ttl 1h --scope PIPES:READ --resource top_pages --fixed-params org_id=acme
  tbtoken token inspect eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ...
  tbtoken token verify - < token.txt
  tbtoken --cwd examples/project token ls
  tbtoken --cwd examples/project token lint
  tbtoken local generate-tokens --output json

The signing key is the Workspace admin token (Tinybird verifies JWTs with it). It is taken from, in
order: --token; $TINYBIRD_ADMIN_TOKEN; then, as last resorts with a warning, $TB_TOKEN and the `token`
of the nearest .tinyb (searched from --cwd or the working directory up). `tb login` stores your
personal \"Admin <email>\" token in those two, and Tinybird Cloud answers JWTs signed with it with 403.
Get the Workspace admin token from the Tinybird UI (Tokens → \"Workspace admin token\") or with
`tb token copy \"Workspace admin token\"`; for Tinybird Local, from the `workspace_admin_token` of
Local's /tokens endpoint.

The workspace id (the JWT's workspace_id claim) is --workspace-id, else the `id` of the nearest .tinyb,
else the owner id of the Workspace admin token; if two of these disagree, that is an error
(workspace_mismatch).

In a project (.datasource/.pipe files under the directory of the nearest .tinyb, else --cwd),
`token create` checks the request against the datafiles and refuses (printing no token) an unknown
resource, a wrong kind, a mistyped or wrongly typed fixed param (project_check_failed, exit 1;
--ignore-findings goes ahead anyway). `token lint` checks the datafiles themselves.

tbtoken never calls Tinybird's API: `token copy`, `token refresh`, `token rm`, --cloud, --local and
--branch are `tb`'s, and answer with the `tb` command to run (code needs_api, exit 2).

Exit codes: 0 ok; 1 rejected or failed (the error code says why); 2 usage error (codes usage_error,
workspace_mismatch, needs_api).
With --output json, results are one JSON object on stdout and errors {\"error\": {\"code\", \"message\"}}
on stderr.";

const JWT_EXAMPLES: &str = "\
Each --resource, --fixed-params and --filter belongs to the --scope written before it. A whole
scope, --scope PIPES:READ:top_pages, is read as --scope PIPES:READ --resource top_pages.

When the project root (the directory of the nearest .tinyb, else --cwd) has datafiles, the request is
checked against them: a resource the project does not define, a data source under PIPES:READ, a pipe
that is not an endpoint, a fixed param that is no parameter of the pipe or cannot be its type. Any
error is refused (project_check_failed, exit 1, no token printed) with every finding printed;
--ignore-findings mints anyway, still printing them. Warnings are printed and minting goes on.

Examples:
  tbtoken token create jwt frontend_jwt --ttl 1h \\
      --scope PIPES:READ --resource top_pages --fixed-params org_id=acme
  tbtoken token create jwt dashboard --expires-at 2000000000 --limit-rps 10 \\
      --scope PIPES:READ --resource top_pages --fixed-params org_id=acme,plan=pro \\
      --scope DATASOURCES:READ --resource page_views --filter \"org_id = 'acme'\"
  TOKEN=$(tbtoken token create jwt frontend_jwt --ttl 30min --scope PIPES:READ --resource top_pages)

TTL: a number of seconds, or a number and one unit: 30s, 15m, 1h, 1.5h, 7d, 2w, 1y.
--expires-at: Unix seconds (2000000000) or an ISO 8601 date or date-time (2030-01-01,
2030-01-01T00:00:00Z, 2030-01-01T02:00:00+02:00; no offset means UTC).
--limit-rps: a whole number of at least 1; omit it for no limit.";

const STATIC_EXAMPLES: &str = "\
Each --resource and --filter belongs to the --scope written before it. Nothing is sent: the command
prints the canonical scopes and the request `tb token create static` would send. Resources are
checked against the project's datafiles, as for `create jwt` (--ignore-findings to go ahead anyway).

Examples:
  tbtoken token create static ingest --scope DATASOURCES:APPEND --resource page_views
  tbtoken token create static reader --scope DATASOURCES:READ --resource page_views --scope PIPES:READ --resource top_pages
  tbtoken token create static legacy --classic --scope DATASOURCES:READ --resource events --filter \"org_id = 1\"
  tbtoken --cwd examples/project token create static ops --scope TOKENS   # Tinybird Local: also signs it";

const INSPECT_EXAMPLES: &str = "\
Inspect decodes and explains; it never checks the signature (use `tbtoken token verify`).
Exit status: 0 when the token decodes with no problem, 1 when the report lists problems (expired,
malformed, unknown algorithm...); the report is printed either way.

Examples:
  tbtoken token inspect \"$TOKEN\"
  echo \"$TOKEN\" | tbtoken token inspect --output json";

const VERIFY_EXAMPLES: &str = "\
Exit status: 0 when valid (prints which key matched and the claims); 1 when rejected, with the
reason's code (invalid_signature, token_expired, token_not_yet_valid, malformed_token...).
A static token (p.…) is checked with --secret, the secret it was signed with: only Tinybird has
Tinybird Cloud's, Tinybird Local's is `abcd` (used by default in a Tinybird Local project). Without a
secret, verifying a static token is a usage error. A `Bearer ` prefix is dropped, with a note.

Examples:
  tbtoken --cwd examples/project token verify \"$TOKEN\"
  tbtoken --token \"$OLD_ADMIN\" --token \"$NEW_ADMIN\" token verify \"$TOKEN\"   # during a rotation
  tbtoken token verify --leeway 30 - < token.txt
  tbtoken token verify \"$STATIC_TOKEN\" --secret abcd";

const SCOPES_EXAMPLES: &str = "\
Takes a JWT, or the name of a token defined by the project's TOKEN lines (as `token ls` lists them).

Examples:
  tbtoken token scopes \"$TOKEN\"
  tbtoken token scopes --output json - < token.txt
  tbtoken --cwd examples/project token scopes dashboard";

const LS_EXAMPLES: &str = "\
Reads every .datasource and .pipe file below the project root (the directory of the nearest .tinyb,
else --cwd; hidden directories, node_modules and target are skipped) and lists the resource-scoped
tokens their TOKEN lines define. A project with error findings (see `token lint`) is refused
(project_check_failed) instead of listed.

Examples:
  tbtoken --cwd examples/project token ls
  tbtoken token ls --match dashboard --output json";

const PLAN_EXAMPLES: &str = "\
Both projects are read and checked first: one with error findings is refused (project_check_failed),
as a plan built from a misread project would propose wrong changes.

Examples:
  tbtoken token plan examples/project examples/project-next
  tbtoken token plan ../main-checkout . --output json";

const LINT_EXAMPLES: &str = "\
Prints every finding as `path:line: severity[code]: message`: TOKEN lines with mistakes or near
misses (TOKNE, TOKEN:, TOKENS, indented, after a byte order mark), empty or repeated token names,
resources defined twice, templates that cannot be read. Exit status: 0 when there is no finding, 1
when there is any (errors or warnings), 2 when DIR has no datafiles.
With --output json: {\"files\", \"errors\", \"warnings\", \"findings\": [{code, severity, message,
path, line, scope, suggestion}]}.

Examples:
  tbtoken --cwd examples/project token lint
  tbtoken token lint path/to/project --output json";

const LOCAL_EXAMPLES: &str = "\
Examples:
  tbtoken local generate-tokens
  tbtoken local generate-tokens --output json";

/// `tbtoken`: Tinybird's token commands, offline.
#[derive(Parser)]
#[command(
    name = "tbtoken",
    version,
    about = "Tinybird tokens, offline: mint and verify JWTs, inspect tokens, check static scopes, plan resource-scoped tokens.",
    after_help = MAIN_EXAMPLES,
    propagate_version = true
)]
pub struct Cli {
    /// Output format: human-readable text, or one JSON object on stdout (errors as JSON on stderr).
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human, help_heading = GLOBAL)]
    pub output: OutputFormat,

    /// Directory to start from: where .tinyb is searched (then its parents) and datafiles are listed.
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub cwd: Option<PathBuf>,

    /// Workspace admin token, the JWT signing key [default: $TINYBIRD_ADMIN_TOKEN; last resorts:
    /// $TB_TOKEN, then the nearest .tinyb]; repeat it for `token verify` during a rotation.
    #[arg(long = "token", global = true, value_name = "ADMIN_TOKEN", action = ArgAction::Append, help_heading = GLOBAL)]
    pub tokens: Vec<String>,

    /// Unix time to use as "now" instead of the system clock (for tests).
    #[arg(long, global = true, hide = true, value_name = "UNIX")]
    pub now: Option<i64>,

    /// `tb`'s environment options, answered with `needs_api`: tbtoken never calls the API.
    #[arg(long, global = true, hide = true)]
    pub cloud: bool,
    #[arg(long, global = true, hide = true)]
    pub local: bool,
    #[arg(long, global = true, hide = true, value_name = "NAME")]
    pub branch: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// How results and errors are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    // Text for people.
    Human,
    // One JSON object.
    Json,
}

/// Top-level command groups, named like `tb`'s.
// Parsed once per process: the size of the variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum Command {
    /// Create, inspect and verify tokens; list, plan and lint the project's resource-scoped tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Tinybird Local helpers.
    #[command(subcommand)]
    Local(LocalCommand),
}

/// `tbtoken token ...`.
#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a JWT (signed here) or check a static token's scopes.
    #[command(subcommand)]
    Create(CreateCommand),
    /// Explain a JWT or static token: who, what, until when, what is wrong. Never verifies.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(TokenInput),
    /// Verify a JWT's signature and expiry with the workspace admin token(s).
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// The scopes of a JWT, or of a token the project's TOKEN lines define, as a table. Does not verify.
    #[command(after_help = SCOPES_EXAMPLES)]
    Scopes(TokenInput),
    /// The resource-scoped tokens defined by the project's TOKEN lines, with their scopes.
    #[command(after_help = LS_EXAMPLES)]
    Ls(LsArgs),
    /// What deploying NEW_DIR over OLD_DIR would do to resource-scoped tokens.
    #[command(after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),
    /// Check the project's datafiles: TOKEN-line mistakes and near misses, duplicate resources, ...
    #[command(after_help = LINT_EXAMPLES)]
    Lint(LintArgs),
    /// `tb token copy`: needs the API (answered with the `tb` command to run).
    #[command(hide = true)]
    Copy(ApiArgs),
    /// `tb token refresh`: needs the API.
    #[command(hide = true)]
    Refresh(ApiArgs),
    /// `tb token rm`: needs the API.
    #[command(hide = true)]
    Rm(ApiArgs),
}

/// The arguments of a `tb` command that needs the API, kept only to name the `tb` command to run.
#[derive(Args)]
pub struct ApiArgs {
    /// Whatever followed the subcommand.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0..)]
    pub args: Vec<String>,
}

/// `tbtoken token create ...`.
#[derive(Subcommand)]
pub enum CreateCommand {
    /// Mint a JWT with the workspace admin token, as `tb token create jwt` would get from the API.
    #[command(after_help = JWT_EXAMPLES)]
    Jwt(JwtArgs),
    /// Validate static-token scopes and show the request `tb token create static` would send.
    #[command(after_help = STATIC_EXAMPLES)]
    Static(StaticArgs),
}

/// Options of `token create jwt`.
#[derive(Args)]
#[command(group(ArgGroup::new("expiry").required(true).args(["ttl", "expires_at"])))]
pub struct JwtArgs {
    /// Token name (the `name` claim; it keys the rate limit and shows in pipe_stats_rt).
    pub name: String,

    /// Time to live, e.g. 30s, 15m, 1h, 1.5h, 7d (exactly one of --ttl and --expires-at).
    // `--ttl -1h` reaches the core's TTL check through `join_negative_ttl`.
    #[arg(long)]
    pub ttl: Option<String>,

    /// Absolute expiry: Unix seconds or an ISO 8601 date/date-time, e.g. 2030-01-01T00:00:00Z
    /// (exactly one of --ttl and --expires-at).
    #[arg(long, value_name = "WHEN", allow_negative_numbers = true)]
    pub expires_at: Option<String>,

    /// PIPES:READ or DATASOURCES:READ (or a whole PIPES:READ:pipe); repeat for more scopes.
    #[arg(long, required = true, action = ArgAction::Append)]
    pub scope: Vec<String>,

    /// The pipe or data source of the --scope before it.
    #[arg(long, action = ArgAction::Append)]
    pub resource: Vec<String>,

    /// Fixed params of the PIPES:READ --scope before it: name=value pairs, comma-separated.
    #[arg(long, value_name = "NAME=VALUE,...", action = ArgAction::Append)]
    pub fixed_params: Vec<String>,

    /// SQL filter of the DATASOURCES:READ --scope before it.
    #[arg(long, value_name = "SQL", action = ArgAction::Append)]
    pub filter: Vec<String>,

    /// Requests per second allowed with this token (`limits.rps`), at least 1; omit for no limit.
    #[arg(long, value_name = "RPS", allow_negative_numbers = true)]
    pub limit_rps: Option<String>,

    /// Workspace id (the `workspace_id` claim) [default: the `id` of the nearest .tinyb, else the
    /// owner id of the Workspace admin token; they must agree].
    #[arg(long, value_name = "ID")]
    pub workspace_id: Option<String>,

    /// Mint even when the project check finds errors (each finding is still printed, with a final
    /// warning).
    #[arg(long)]
    pub ignore_findings: bool,
}

/// Options of `token create static`.
#[derive(Args)]
pub struct StaticArgs {
    /// Token name.
    pub name: String,

    /// A scope type (TOKENS, DATASOURCES:READ, ...) or a whole scope (PIPES:READ:top_pages); repeatable.
    #[arg(long, required = true, action = ArgAction::Append)]
    pub scope: Vec<String>,

    /// The resource of the --scope before it.
    #[arg(long, action = ArgAction::Append)]
    pub resource: Vec<String>,

    /// SQL filter of the --scope before it (Classic READ scopes only).
    #[arg(long, value_name = "SQL", action = ArgAction::Append)]
    pub filter: Vec<String>,

    /// Check scopes with Tinybird Classic's rules instead of Forward's.
    #[arg(long)]
    pub classic: bool,

    /// Also generate the token string, signed with this secret [default in a Tinybird Local
    /// project: Local's secret].
    #[arg(long)]
    pub secret: Option<String>,

    /// Owner of the generated token [default: the `id` of the nearest .tinyb].
    #[arg(long, value_name = "ID")]
    pub workspace_id: Option<String>,

    /// Region id of the generated token, e.g. gcp-europe-west2 [default: none, as in Tinybird Local].
    #[arg(long)]
    pub region: Option<String>,

    /// Token id of the generated token instead of a fresh uuid4 (for tests).
    #[arg(long, hide = true, value_name = "ID")]
    pub token_id: Option<String>,

    /// Go ahead even when the project check finds errors (each finding is still printed, with a
    /// final warning).
    #[arg(long)]
    pub ignore_findings: bool,
}

/// A token to read: an argument, or stdin with `-` or when omitted.
#[derive(Args)]
pub struct TokenInput {
    /// The token; `-` or nothing reads it from stdin.
    #[arg(value_name = "TOKEN|-")]
    pub token: Option<String>,
}

/// Options of `token verify`.
#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub input: TokenInput,

    /// Seconds of clock skew tolerated on `exp` and `nbf`.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub leeway: i64,

    /// For a static token (p.…): the secret it is signed with [default in a Tinybird Local
    /// project: Local's secret]. Only Tinybird has Tinybird Cloud's.
    #[arg(long)]
    pub secret: Option<String>,
}

/// Options of `token ls`.
#[derive(Args)]
pub struct LsArgs {
    /// Only tokens whose name contains TEXT (case-sensitive).
    #[arg(long = "match", value_name = "TEXT")]
    pub pattern: Option<String>,
}

/// Options of `token lint`.
#[derive(Args)]
pub struct LintArgs {
    /// The project to check [default: the project root: the directory of the nearest .tinyb, else
    /// --cwd].
    pub dir: Option<PathBuf>,
}

/// Options of `token plan`.
#[derive(Args)]
pub struct PlanArgs {
    /// The project as deployed now.
    pub old_dir: PathBuf,
    /// The project about to be deployed.
    pub new_dir: PathBuf,
}

/// `tbtoken local ...`.
#[derive(Subcommand)]
pub enum LocalCommand {
    /// Make fresh Tinybird Local workspace and user tokens, like `tb local generate-tokens`.
    #[command(after_help = LOCAL_EXAMPLES)]
    GenerateTokens,
}

/// `--ttl -1h` as `--ttl=-1h`, so that a negative TTL gets the core's `invalid_ttl` message instead of
/// clap's "unexpected argument '-1'" and its wrong `-- -1` tip. Only a hyphen followed by a digit or
/// a dot is joined: `--ttl --scope ...` (a forgotten value) stays clap's error.
pub fn join_negative_ttl(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        if arg == "--" {
            out.push(arg);
            out.extend(it.by_ref());
            break;
        }
        if arg == "--ttl" {
            if let Some(next) = it.as_slice().first().and_then(|n| n.to_str()) {
                let negative = next
                    .strip_prefix('-')
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'));
                if negative {
                    out.push(format!("--ttl={next}").into());
                    it.next();
                    continue;
                }
            }
        }
        out.push(arg);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn negative_ttls_are_joined() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            super::join_negative_ttl(args(&["t", "--ttl", "-1h", "--scope", "x"])),
            args(&["t", "--ttl=-1h", "--scope", "x"])
        );
        assert_eq!(
            super::join_negative_ttl(args(&["t", "--ttl", "--scope", "x"])),
            args(&["t", "--ttl", "--scope", "x"])
        );
        assert_eq!(
            super::join_negative_ttl(args(&["t", "--", "--ttl", "-1h"])),
            args(&["t", "--", "--ttl", "-1h"])
        );
    }

    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
