//! The `bundlec` command line: parses arguments, calls the library, maps results to exit
//! codes (0 clean, 1 errors found, 2 bundlec could not run).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use bundlec::check::{Input, analyze};
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
        /// The bundle file, or a directory holding `bundle.yaml`.
        bundle: PathBuf,
        /// An overlay file; repeat for several, applied in order.
        #[arg(long = "overlay", value_name = "FILE")]
        overlays: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// List every rule.
    Rules,
    /// Print the documentation of one rule.
    Rule {
        /// The rule's code (e.g. `S002`) or name (e.g. `duplicate-key`).
        code: String,
    },
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
        Command::Check { bundle, overlays, format } => check(bundle, overlays, format),
        Command::Rules => list_rules(),
        Command::Rule { code } => show_rule(&code),
    }
}

fn check(bundle: PathBuf, overlays: Vec<PathBuf>, format: Format) -> anyhow::Result<ExitCode> {
    let input = Input { bundle, overlays };
    let analysis = analyze(&FsProvider, &input)?;
    match format {
        Format::Human => {
            let choice = if std::io::stdout().is_terminal() {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            };
            let mut stdout = StandardStream::stdout(choice);
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
