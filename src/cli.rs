//! The command line, as clap derive types. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// dossier: build a static site of policy briefs, with charts drawn from data in the text.
#[derive(Parser, Debug)]
#[command(name = "dossier", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (replaced only if the build succeeds).
    Build {
        /// The site's folder, holding dossier.yaml and briefs/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override `base_url` from dossier.yaml (for example a GitHub Pages project URL).
        #[arg(long)]
        base_url: Option<String>,
        /// Include briefs marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
