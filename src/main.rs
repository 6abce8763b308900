//! The `dossier` binary: parse arguments, call the library, print diagnostics, set the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command};
use dossier::config::BuildOptions;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, base_url, drafts } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let options = BuildOptions { root, output, drafts, base_url };
            match dossier::build(&options) {
                Ok(report) => {
                    eprint!("{}", report.warnings);
                    println!("{}", report.summary());
                    ExitCode::SUCCESS
                }
                Err(diags) => fail(&diags),
            }
        }
    }
}

fn fail(diags: &dossier::diag::Diagnostics) -> ExitCode {
    eprint!("{diags}");
    let n = diags.errors().count();
    eprintln!("error: build failed with {n} error{}; the previous output was left as it was", if n == 1 { "" } else { "s" });
    ExitCode::FAILURE
}
