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
  tbtoken local generate-tokens --output json

The signing key (the workspace admin token) is never required on the command line: --token if given,
else $TB_TOKEN, else the `token` of the nearest .tinyb (searched from --cwd or the working directory up
to the filesystem root).

Exit codes: 0 ok; 1 rejected or failed (the error code says why); 2 usage error (code usage_error).
With --output json, results are one JSON object on stdout and errors {\"error\": {\"code\", \"message\"}}
on stderr.";

const JWT_EXAMPLES: &str = "\
Each --resource, --fixed-params and --filter belongs to the --scope written before it.

Examples:
  tbtoken token create jwt frontend_jwt --ttl 1h \\
      --scope PIPES:READ --resource top_pages --fixed-params org_id=acme
  tbtoken token create jwt dashboard --expires-at 2000000000 --limit-rps 10 \\
      --scope PIPES:READ --resource top_pages --fixed-params org_id=acme,plan=pro \\
      --scope DATASOURCES:READ --resource page_views --filter \"org_id = 'acme'\"
  TOKEN=$(tbtoken token create jwt frontend_jwt --ttl 30min --scope PIPES:READ --resource top_pages)

TTL: a number of seconds, or a number and one unit: 30s, 15m, 1h, 1.5h, 7d, 2w, 1y.";

const STATIC_EXAMPLES: &str = "\
Each --resource and --filter belongs to the --scope written before it. Nothing is sent: the command
prints the canonical scopes and the request `tb token create static` would send.

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

Examples:
  tbtoken --cwd examples/project token verify \"$TOKEN\"
  tbtoken --token \"$OLD_ADMIN\" --token \"$NEW_ADMIN\" token verify \"$TOKEN\"   # during a rotation
  tbtoken token verify --leeway 30 - < token.txt";

const SCOPES_EXAMPLES: &str = "\
Examples:
  tbtoken token scopes \"$TOKEN\"
  tbtoken token scopes --output json - < token.txt";

const LS_EXAMPLES: &str = "\
Reads every .datasource and .pipe file below --cwd (hidden directories, node_modules and target are
skipped) and lists the resource-scoped tokens their TOKEN lines define.

Examples:
  tbtoken --cwd examples/project token ls
  tbtoken token ls --match dashboard --output json";

const PLAN_EXAMPLES: &str = "\
Examples:
  tbtoken token plan examples/project examples/project-next
  tbtoken token plan ../main-checkout . --output json";

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

    /// Workspace admin token, the JWT signing key [default: $TB_TOKEN, then the nearest .tinyb];
    /// repeat it for `token verify` during a rotation.
    #[arg(long = "token", global = true, value_name = "ADMIN_TOKEN", action = ArgAction::Append, help_heading = GLOBAL)]
    pub tokens: Vec<String>,

    /// Unix time to use as "now" instead of the system clock (for tests).
    #[arg(long, global = true, hide = true, value_name = "UNIX")]
    pub now: Option<i64>,

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
    /// Create, inspect and verify tokens; list and plan the project's resource-scoped tokens.
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
    /// The scopes of a JWT, as a table. Does not verify.
    #[command(after_help = SCOPES_EXAMPLES)]
    Scopes(TokenInput),
    /// The resource-scoped tokens defined by the project's TOKEN lines, with their scopes.
    #[command(after_help = LS_EXAMPLES)]
    Ls(LsArgs),
    /// What deploying NEW_DIR over OLD_DIR would do to resource-scoped tokens.
    #[command(after_help = PLAN_EXAMPLES)]
    Plan(PlanArgs),
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
    #[arg(long)]
    pub ttl: Option<String>,

    /// Absolute expiry as Unix seconds (exactly one of --ttl and --expires-at).
    #[arg(long, value_name = "UNIX")]
    pub expires_at: Option<i64>,

    /// PIPES:READ or DATASOURCES:READ; repeat for more scopes.
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

    /// Requests per second allowed with this token (`limits.rps`).
    #[arg(long, value_name = "RPS")]
    pub limit_rps: Option<u64>,

    /// Workspace id (the `workspace_id` claim) [default: the `id` of the nearest .tinyb].
    #[arg(long, value_name = "ID")]
    pub workspace_id: Option<String>,
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
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub leeway: u64,
}

/// Options of `token ls`.
#[derive(Args)]
pub struct LsArgs {
    /// Only tokens whose name contains TEXT (case-sensitive).
    #[arg(long = "match", value_name = "TEXT")]
    pub pattern: Option<String>,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
