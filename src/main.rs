//! The `hyoka` command: parses the command line and calls the library.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use hyoka::diagnostic::{Quotes, Severity, Styles};

/// Builds allocate millions of small strings from many threads; mimalloc
/// does that faster than the system allocator (a quarter of the build time of
/// a national-scale report, docs/performance-history.md, third round).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_decommits` in mimalloc's `mi_option_t` (v2 and v3; the
/// Rust bindings name only some of the options).
const MI_OPTION_PURGE_DECOMMITS: libmimalloc_sys::mi_option_t = 5;

/// For the preview: memory freed for a second is given back to the system
/// lazily (marked reusable) rather than at once, so the next save's rebuild
/// reuses it instead of faulting in fresh pages the kernel must clear. On a
/// virtual machine, where that clearing is slow, a rebuild after a rename at
/// N = 1,000 took a median of 32 ms instead of 24 over five pairs of runs
/// (docs/performance.md, "Preview rebuilds"). Call it before any other
/// thread starts.
fn reuse_freed_memory() {
    // SAFETY: mi_option_set is not thread safe; the process has no other
    // thread yet, and the option is a plain value mimalloc reads when it purges.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DECOMMITS, 0) }
}

#[derive(Parser)]
#[command(
    name = "hyoka",
    version,
    about = "Publish a city's evaluation report (施策評価) as a website"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website from the content files into the output folder
    Build {
        /// The site folder, holding hyoka.yaml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the website; replaced only when the build succeeds [default: ROOT/output]
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site will be published at, replacing base_url in hyoka.yaml
        #[arg(long)]
        base_url: Option<String>,
        /// Also print how long each stage took
        #[arg(long)]
        verbose: bool,
    },
    /// Preview the site in a browser; pages reload by themselves when you save a file
    Serve {
        /// The site folder, holding hyoka.yaml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 lets other computers see the preview
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Check the site for errors, broken links and likely mistakes without writing anything
    Check {
        /// The site folder, holding hyoka.yaml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit 1) on warnings too, not only on errors
        #[arg(long)]
        deny_warnings: bool,
        /// How to print the findings: one per line, or JSON for other tools
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write content files from the report's spreadsheet exports (.tsv) or workbooks (.xlsx)
    Import {
        /// The exported sheets or workbooks to read
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The site's content folder; hyoka.yaml is in the folder above it
        #[arg(long, default_value = "content")]
        into: PathBuf,
        /// Overwrite existing files that differ from what the import writes
        #[arg(long)]
        force: bool,
        /// Write nothing; list the files the import would write, each with its first change
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new site with an example measure and project in DIR
    New {
        /// The folder to create; it must be new or empty
        dir: PathBuf,
    },
}

/// How `hyoka check` prints its findings.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `file:line:column: severity: field: message`, then the line it points at.
    Text,
    /// A JSON array of `{severity, file, line, column, field, message}`.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The site folder whose files the messages name, when there is one.
    let (result, root) = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            verbose,
        } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let options = hyoka::BuildOptions {
                root: root.clone(),
                output: output.clone(),
                base_url,
            };
            let result = hyoka::build(&options).map(|summary| {
                let mut quotes = quotes(&root);
                for lint in &summary.lints {
                    anstream::eprintln!("{}", quotes.show(lint));
                }
                println!(
                    "built {} and {} ({}, {:.1} MB) into {} in {:.2} s",
                    hyoka::count(summary.pages, "page"),
                    hyoka::count(summary.charts, "chart"),
                    hyoka::count(summary.files, "file"),
                    summary.bytes as f64 / 1e6,
                    hyoka::display_path(&output),
                    summary.elapsed.as_secs_f64()
                );
                if verbose {
                    for (stage, took) in &summary.stages {
                        println!("  {stage:<24} {:>8.1} ms", took.as_secs_f64() * 1e3);
                    }
                }
                for warning in &summary.warnings {
                    anstream::eprintln!("{}: {warning}", coloured(Severity::Warning));
                }
                if !summary.lints.is_empty() {
                    eprintln!(
                        "build: {} (likely mistakes that did not stop the build; `hyoka check` lists them too)",
                        hyoka::count(summary.lints.len(), "warning")
                    );
                }
            });
            (result, root)
        }
        Command::Serve { root, port, bind } => {
            reuse_freed_memory();
            let options = hyoka::serve::ServeOptions {
                root: root.clone(),
                bind,
                port,
            };
            (hyoka::serve::serve(&options), root)
        }
        Command::Check {
            root,
            deny_warnings,
            format,
        } => return check(&root, deny_warnings, format),
        // Their messages name the files as given.
        Command::Import {
            files,
            into,
            force,
            dry_run,
        } => {
            let options = hyoka::import::ImportOptions {
                files,
                into,
                force,
                dry_run,
            };
            let imported = hyoka::import::import(&options);
            (
                imported.map(|summary| print!("{summary}")),
                PathBuf::from("."),
            )
        }
        Command::New { dir } => (
            hyoka::scaffold::create(&dir).map(|files| {
                println!("created a new site in {}:", hyoka::display_path(&dir));
                for file in files {
                    println!("  {}", hyoka::display_path(&file));
                }
                println!("{}", hyoka::scaffold::next_steps(&dir));
            }),
            PathBuf::from("."),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error, &root);
            ExitCode::FAILURE
        }
    }
}

/// Prints the findings of `hyoka check` and a summary; exit 1 on errors (and on warnings with `--deny-warnings`).
fn check(root: &std::path::Path, deny_warnings: bool, format: Format) -> ExitCode {
    match hyoka::check::check(root) {
        Ok(findings) => {
            let printed = match format {
                Format::Text => {
                    let mut quotes = quotes(root);
                    (findings.list.iter())
                        .map(|finding| quotes.show(finding) + "\n")
                        .collect()
                }
                Format::Json => hyoka::check::json(&findings.list),
            };
            anstream::print!("{printed}");
            eprintln!("{}", hyoka::check::summary(&findings));
            if hyoka::check::passes(&findings.list, deny_warnings) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            report(&error, root);
            ExitCode::FAILURE
        }
    }
}

/// Prints an error with every problem it carries, each file named from the
/// current folder for the site at `root` with the line it points at, and
/// every cause.
fn report(error: &hyoka::Error, root: &std::path::Path) {
    if let hyoka::Error::Site(problems) = error {
        let mut quotes = quotes(root);
        for problem in problems {
            anstream::eprintln!("{}", quotes.show(problem));
        }
    }
    anstream::eprint!("{}: {error}", coloured(Severity::Error));
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        eprint!(": {inner}");
        cause = inner.source();
    }
    eprintln!();
}

/// Quotes for the findings about the site at `root`, in colour where the
/// output is a terminal (`anstream` leaves the colours out elsewhere).
fn quotes(root: &std::path::Path) -> Quotes {
    Quotes::new(root).in_styles(Styles::COLOURED)
}

/// `error` or `warning` in colour, for the lines that are no finding of a file.
fn coloured(severity: Severity) -> String {
    Styles::COLOURED.severity(severity)
}
