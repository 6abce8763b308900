//! The `dossier` binary: parse arguments, call the library, print diagnostics, set the exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use cli::{Cli, Command};
use dossier::config::BuildOptions;

/// mimalloc instead of the system allocator: a build allocates and frees millions of small
/// strings and JSON values (template contexts), from two threads at once. With glibc's malloc
/// that was a fifth of the instructions of a build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `println!` without the panic when stdout is closed (`dossier check | head -1`): the
/// message is lost, the exit code stays the one that tells what happened.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// `eprint!` and `eprintln!`, likewise.
macro_rules! tell {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($t)*);
    }};
}
macro_rules! tell_line {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, base_url, drafts, force, strict } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let options = BuildOptions { root, output, drafts, base_url, force, strict };
            match dossier::build(&options) {
                Ok(report) => {
                    tell!("{}", report.warnings);
                    say!("{}", report.summary());
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    let code = fail(&diags);
                    tell_line!("the previous output was left as it was");
                    code
                }
            }
        }
        Command::Serve { root, bind, port, drafts, open } => {
            match dossier::serve::serve(&dossier::serve::ServeOptions { root, bind, port, drafts, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    tell_line!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check { root, external, drafts, strict } => check(root, external, drafts, strict),
        Command::Init { dir } => match dossier::scaffold::init(&dir) {
            Ok(files) => {
                for f in &files {
                    say!("created {}", f.display());
                }
                say!("next: cd {} && dossier build (or dossier serve)", dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => fail(&d.into()),
        },
        Command::New { title, regions, initiatives, root } => {
            match dossier::scaffold::new_brief(&root, &title, &regions, &initiatives, &dossier::check::today()) {
                Ok(path) => {
                    say!("created {} (a draft: build with --drafts to see it)", path.display());
                    ExitCode::SUCCESS
                }
                Err(d) => fail(&d.into()),
            }
        }
    }
}

fn check(root: std::path::PathBuf, external: bool, drafts: bool, strict: bool) -> ExitCode {
    let options = BuildOptions { output: root.join("output"), root, drafts, base_url: None, force: false, strict };
    match dossier::check::check(&options, external, &dossier::check::today()) {
        Ok(report) => {
            tell!("{}", report.problems);
            let errors = report.problems.errors().count();
            let warnings = report.problems.warnings().count();
            if !external && !report.external.is_empty() {
                say!("{} external links not fetched (pass --external to check them)", report.external.len());
            }
            say!("check: {errors} error{}, {warnings} warning{}", plural(errors), plural(warnings));
            if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Err(diags) => {
            tell!("{diags}");
            ExitCode::from(2)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn fail(diags: &dossier::diag::Diagnostics) -> ExitCode {
    tell!("{diags}");
    let n = diags.errors().count();
    tell_line!("error: failed with {n} error{}", plural(n));
    ExitCode::FAILURE
}
