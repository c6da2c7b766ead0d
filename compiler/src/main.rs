//! The `bundlec` command line: parses arguments, calls the library, maps results to exit
//! codes (0 clean, 1 errors found, 2 bundlec could not run).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use bundlec::check::{Analysis, Input, LoadError, PolicyChoice, analyze};
use bundlec::diagnostics::{json, terminal};
use bundlec::rules::{FixAvailability, Status, registry};
use bundlec::source::FsProvider;
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

#[derive(Parser)]
#[command(
    name = "bundlec",
    version,
    about = "Compile and check Juju bundles before Juju sees them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a bundle and its overlays, and print every problem found.
    Check {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the deploy plan Juju would make in an empty model.
    Plan {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the JSON Schema of `bundlec.toml`.
    Schema,
    /// List every rule.
    Rules,
    /// Print the documentation of one rule.
    Rule {
        /// The rule's code (e.g. `S002`) or name (e.g. `duplicate-key`).
        code: String,
    },
}

#[derive(clap::Args)]
struct InputArgs {
    /// The bundle file, or a directory holding `bundle.yaml`.
    bundle: PathBuf,
    /// An overlay file; repeat for several, applied in order.
    #[arg(long = "overlay", value_name = "FILE")]
    overlays: Vec<PathBuf>,
    /// The site policy; by default `bundlec.toml` next to the bundle or in a parent directory.
    #[arg(long, value_name = "FILE", conflicts_with = "no_policy")]
    policy: Option<PathBuf>,
    /// Check without any site policy: only Juju's own rules.
    #[arg(long)]
    no_policy: bool,
}

impl InputArgs {
    fn into_input(self) -> Input {
        let policy = match (self.policy, self.no_policy) {
            (Some(path), _) => PolicyChoice::File(path),
            (None, true) => PolicyChoice::None,
            (None, false) => PolicyChoice::Discover,
        };
        Input { bundle: self.bundle, overlays: self.overlays, policy }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Rendered for people, in colour on a terminal.
    Human,
    /// The versioned JSON report.
    Json,
}

fn main() -> ExitCode {
    init_logging();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "bundlec: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BUNDLEC_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check { input, format } => check(&input.into_input(), format),
        Command::Plan { input, format } => plan(&input.into_input(), format),
        Command::Schema => {
            write!(std::io::stdout().lock(), "{}", bundlec::policy::json_schema())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules => list_rules(),
        Command::Rule { code } => show_rule(&code),
    }
}

fn stdout_color() -> StandardStream {
    let choice =
        if std::io::stdout().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    StandardStream::stdout(choice)
}

/// Runs the analysis; a policy with errors is rendered here and ends the run with exit 2.
fn load(input: &Input) -> anyhow::Result<Result<Analysis, ExitCode>> {
    match analyze(&FsProvider, input) {
        Ok(analysis) => Ok(Ok(analysis)),
        Err(LoadError::Policy(problems)) => {
            let choice = if std::io::stderr().is_terminal() {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            };
            let mut stderr = StandardStream::stderr(choice);
            terminal::render(&mut stderr, &problems.sources, &problems.diagnostics)
                .context("writing the policy errors")?;
            let _ = writeln!(
                stderr,
                "bundlec: the policy file `{}` is not valid",
                problems.path.display()
            );
            Ok(Err(ExitCode::from(2)))
        }
        Err(err) => Err(err.into()),
    }
}

fn plan(input: &Input, format: Format) -> anyhow::Result<ExitCode> {
    let analysis = match load(input)? {
        Ok(analysis) => analysis,
        Err(code) => return Ok(code),
    };
    let mut stdout = std::io::stdout().lock();
    match format {
        Format::Human => write!(stdout, "{}", bundlec::plan::render::human(&analysis.plan))?,
        Format::Json => writeln!(stdout, "{}", bundlec::plan::render::json(&analysis.plan))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn check(input: &Input, format: Format) -> anyhow::Result<ExitCode> {
    let analysis = match load(input)? {
        Ok(analysis) => analysis,
        Err(code) => return Ok(code),
    };
    match format {
        Format::Human => {
            let mut stdout = stdout_color();
            terminal::render(&mut stdout, &analysis.sources, &analysis.diagnostics)
                .context("writing the report")?;
        }
        Format::Json => {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{}", json::render(&analysis.sources, &analysis.diagnostics))
                .context("writing the report")?;
        }
    }
    Ok(if analysis.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn list_rules() -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    for rule in registry::all() {
        let fix = match rule.fix {
            FixAvailability::None => "",
            FixAvailability::Sometimes => "  (fix sometimes)",
            FixAvailability::Always => "  (fix)",
        };
        let status = if rule.status == Status::Removed { "  [removed]" } else { "" };
        writeln!(
            stdout,
            "{}  {:<34} {:<8}{fix}{status}",
            rule.code,
            rule.name,
            rule.severity.as_str()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show_rule(code: &str) -> anyhow::Result<ExitCode> {
    let Some(rule) = registry::by_code(code).or_else(|| registry::by_name(code)) else {
        anyhow::bail!("no rule `{code}`; `bundlec rules` lists them all");
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", rule.doc())?;
    writeln!(stdout)?;
    writeln!(stdout, "Default severity: {}", rule.severity.as_str())?;
    Ok(ExitCode::SUCCESS)
}
