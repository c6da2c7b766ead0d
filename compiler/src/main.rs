//! The `bundlec` command line: parses arguments, calls the library, maps results to exit
//! codes (0 clean, 1 errors found, 2 bundlec could not run).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use bundlec::check::{Analysis, Input, LoadError, PolicyChoice, analyze};
use bundlec::diagnostics::{json, sarif, terminal};
use bundlec::fix::apply::{FixError, FixOptions, fix_in_memory};
use bundlec::fix::write::commit;
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
        #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
        format: ReportFormat,
    },
    /// Print the deploy plan Juju would make in an empty model.
    Plan {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Apply the fixes rules offer, re-check, and repeat until nothing changes.
    Fix {
        #[command(flatten)]
        input: InputArgs,
        /// Move every VIP the policy flags into the policy's VIP ranges.
        #[arg(long)]
        relocate_vips: bool,
        /// Apply unsafe fixes too: they change what gets deployed.
        #[arg(long = "unsafe")]
        unsafe_fixes: bool,
        /// Print a unified diff and write nothing.
        #[arg(long, conflicts_with = "check")]
        diff: bool,
        /// Write nothing; exit 1 when something would change (for CI).
        #[arg(long)]
        check: bool,
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
    /// Import charm directories into catalog JSON (regenerates `compiler/data/catalog.json`).
    Catalog {
        /// What to do: `import` is the only action.
        #[arg(value_parser = ["import"])]
        action: String,
        /// Charm directories; plain files and `--layers` directories among them are skipped.
        #[arg(value_name = "DIR", required = true)]
        dirs: Vec<PathBuf>,
        /// A directory holding reactive layers by name; repeat for several.
        #[arg(long = "layers", value_name = "DIR")]
        layers: Vec<PathBuf>,
        /// Write the JSON to FILE (replaced atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
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
    /// A charm directory whose metadata overrides the built-in catalog; repeat for several.
    #[arg(long = "charms", value_name = "DIR")]
    charms: Vec<PathBuf>,
}

impl InputArgs {
    fn into_input(self) -> Input {
        let policy = match (self.policy, self.no_policy) {
            (Some(path), _) => PolicyChoice::File(path),
            (None, true) => PolicyChoice::None,
            (None, false) => PolicyChoice::Discover,
        };
        Input { bundle: self.bundle, overlays: self.overlays, policy, charm_dirs: self.charms }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Rendered for people, in colour on a terminal.
    Human,
    /// The versioned JSON report.
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// Rendered for people, in colour on a terminal.
    Human,
    /// The versioned JSON report.
    Json,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
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
            let _ = writeln!(std::io::stderr(), "bundlec: {}", error_chain(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each cause once: many errors already quote their source.
fn error_chain(err: &anyhow::Error) -> String {
    let mut message = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
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
        Command::Fix { input, relocate_vips, unsafe_fixes, diff, check } => {
            fix(&input.into_input(), FixOptions { unsafe_fixes }, relocate_vips, diff, check)
        }
        Command::Schema => {
            write!(std::io::stdout().lock(), "{}", bundlec::policy::json_schema())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules => list_rules(),
        Command::Rule { code } => show_rule(&code),
        Command::Catalog { action: _, dirs, layers, output } => {
            catalog_import(&dirs, &layers, output.as_deref())
        }
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
        Err(LoadError::Policy(problems)) => Ok(Err(render_policy_problems(&problems))),
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
    // What can be planned is printed all the same; the exit code says it is not the whole
    // story, as `check` would.
    let errors = bundlec::diagnostics::Summary::of(&analysis.diagnostics).errors;
    if errors == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    let counted = if errors == 1 { "1 error".to_owned() } else { format!("{errors} errors") };
    writeln!(
        std::io::stderr().lock(),
        "bundlec: the bundle has {counted}; Juju may refuse it or deploy it other than planned (run `bundlec check` for details)"
    )?;
    Ok(ExitCode::from(1))
}

fn fix(
    input: &Input,
    options: FixOptions,
    relocate_vips: bool,
    diff: bool,
    check_only: bool,
) -> anyhow::Result<ExitCode> {
    let extra = |analysis: &Analysis| {
        if relocate_vips { bundlec::fix::vip::relocation(analysis) } else { Ok(Vec::new()) }
    };
    let run = match fix_in_memory(&FsProvider, input, options, &extra) {
        Ok(run) => run,
        Err(FixError::Load(LoadError::Policy(problems))) => {
            return Ok(render_policy_problems(&problems));
        }
        Err(err) => return Err(err.into()),
    };
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    if diff {
        write!(stdout, "{}", run.diff())?;
        return Ok(ExitCode::SUCCESS);
    }
    if check_only {
        for title in &run.applied {
            writeln!(stderr, "would fix: {title}")?;
        }
        for (path, _) in &run.fixed {
            writeln!(stdout, "would change {}", path.display())?;
        }
        return Ok(if run.fixed.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    // Nothing is said to be fixed before it is on disk.
    let written = commit(&run)?;
    for title in &run.applied {
        writeln!(stderr, "fixed: {title}")?;
    }
    for path in written {
        writeln!(stdout, "wrote {}", path.display())?;
    }
    let remaining = bundlec::diagnostics::Summary::of(&run.analysis.diagnostics);
    writeln!(
        stderr,
        "{} fixes applied; {} errors, {} warnings remain",
        run.applied.len(),
        remaining.errors,
        remaining.warnings
    )?;
    Ok(if remaining.errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn render_policy_problems(problems: &bundlec::check::PolicyProblems) -> ExitCode {
    let choice =
        if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    let mut stderr = StandardStream::stderr(choice);
    let _ = terminal::render(&mut stderr, &problems.sources, &problems.diagnostics);
    let _ = writeln!(stderr, "bundlec: the policy file `{}` is not valid", problems.path.display());
    ExitCode::from(2)
}

fn check(input: &Input, format: ReportFormat) -> anyhow::Result<ExitCode> {
    let analysis = match load(input)? {
        Ok(analysis) => analysis,
        Err(code) => return Ok(code),
    };
    match format {
        ReportFormat::Human => {
            let mut stdout = stdout_color();
            terminal::render(&mut stdout, &analysis.redacted_sources(), &analysis.diagnostics)
                .context("writing the report")?;
        }
        ReportFormat::Json => {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{}", json::render(&analysis.sources, &analysis.diagnostics))
                .context("writing the report")?;
        }
        ReportFormat::Sarif => {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{}", sarif::render(&analysis.sources, &analysis.diagnostics))
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

fn catalog_import(
    dirs: &[PathBuf],
    layers: &[PathBuf],
    output: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let run = bundlec::catalog::import::import_all(&FsProvider, dirs, layers)?;
    let mut stderr = std::io::stderr().lock();
    for (path, reason) in &run.skipped {
        writeln!(stderr, "bundlec: skipped `{}`: {reason}", path.display())?;
    }
    let json = run.catalog.to_json();
    let Some(path) = output else {
        std::io::stdout().lock().write_all(json.as_bytes()).context("writing the catalog")?;
        return Ok(ExitCode::SUCCESS);
    };
    // Write beside the target and rename, so a failed run never leaves half a catalog.
    let name = path.file_name().context("the output path names no file")?;
    let temp =
        path.with_file_name(format!(".{}.tmp-{}", name.to_string_lossy(), std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| file.write_all(json.as_bytes()).and_then(|()| file.sync_all()))
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(err).with_context(|| format!("writing `{}`", path.display()));
    }
    writeln!(stderr, "bundlec: wrote {} charms to `{}`", run.catalog.len(), path.display())?;
    Ok(ExitCode::SUCCESS)
}
