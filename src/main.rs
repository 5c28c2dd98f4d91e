//! The `hyoka` command: parses the command line and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "hyoka", version, about = "Publish a city's evaluation report (施策評価) as a website")]
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { root, output, base_url, verbose } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let options = hyoka::BuildOptions { root, output: output.clone(), base_url };
            hyoka::build(&options).map(|summary| {
                println!(
                    "built {} pages and {} charts ({} files, {:.1} MB) into {} in {:.2} s",
                    summary.pages,
                    summary.charts,
                    summary.files,
                    summary.bytes as f64 / 1e6,
                    output.display(),
                    summary.elapsed.as_secs_f64()
                );
                if verbose {
                    for (stage, took) in &summary.stages {
                        println!("  {stage:<20} {:>8.1} ms", took.as_secs_f64() * 1e3);
                    }
                }
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// Prints an error with every problem it carries and every cause.
fn report(error: &hyoka::Error) {
    if let hyoka::Error::Site(problems) = error {
        for problem in problems {
            eprintln!("{problem}");
        }
    }
    eprint!("error: {error}");
    let mut cause = std::error::Error::source(error);
    while let Some(inner) = cause {
        eprint!(": {inner}");
        cause = inner.source();
    }
    eprintln!();
}
