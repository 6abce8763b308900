//! The command line, as clap derive types. Doc comments here are the `--help` text.

use std::net::IpAddr;
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
    #[command(after_help = BUILD_EXAMPLES)]
    Build {
        /// The site's folder, holding dossier.yaml and briefs/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/output].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Override `base_url` from dossier.yaml (for example a GitHub Pages project URL).
        #[arg(short = 'u', long, value_name = "URL")]
        base_url: Option<String>,
        /// Include briefs marked `draft: true`.
        #[arg(short = 'D', long)]
        drafts: bool,
        /// Replace the output folder even if it holds files that dossier did not write.
        #[arg(long)]
        force: bool,
        /// Fail on warnings too (as `strict: true` in dossier.yaml does).
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site while you write: build it in memory, serve it, and rebuild and reload
    /// open pages on every save. Build errors show in the terminal and on the page. Never writes
    /// the output folder.
    Serve {
        /// The site's folder, holding dossier.yaml and briefs/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on (0.0.0.0 lets other machines on the network see it).
        #[arg(short = 'i', long, visible_alias = "interface", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The port to listen on; 0 picks a free one.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Include briefs marked `draft: true`, marked as drafts on their pages.
        #[arg(short = 'D', long)]
        drafts: bool,
        /// Open the site in the default browser once it is served.
        #[arg(short = 'O', long)]
        open: bool,
    },
    /// Check the site without writing it: broken links and anchors, missing images, figures that
    /// disagree between briefs, doubtful front matter. Exit 0 clean, 1 problems, 2 could not run.
    Check {
        /// The site's folder, holding dossier.yaml and briefs/.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
        /// Also fetch external links (10 s timeout, 4 at a time).
        #[arg(short, long)]
        external: bool,
        /// Include briefs marked `draft: true`.
        #[arg(short = 'D', long)]
        drafts: bool,
        /// Fail on warnings too (as `strict: true` in dossier.yaml does).
        #[arg(long)]
        strict: bool,
    },
    /// Create a new site in DIR: settings, a sample brief with a chart, and a GitHub Pages workflow.
    Init {
        /// The folder for the new site (created if missing).
        dir: PathBuf,
    },
    /// Write a new brief `briefs/<slug>.md` with its front matter filled in.
    New {
        /// The brief's title; the file name is made from it.
        title: String,
        /// A region the brief is about (repeat for several).
        #[arg(long = "region", value_name = "SLUG")]
        regions: Vec<String>,
        /// An initiative the brief is about (repeat for several).
        #[arg(long = "initiative", value_name = "SLUG")]
        initiatives: Vec<String>,
        /// The site's folder.
        #[arg(short, long, default_value = ".")]
        root: PathBuf,
    },
}

const BUILD_EXAMPLES: &str = "\
Examples:
  dossier build                                   build ./ into ./output
  dossier build -r my-briefs -o /tmp/site         another folder, another output
  dossier build -u https://org.github.io/briefs/  for a GitHub Pages project site
  dossier build -D                                include drafts, to review them

The base URL must be absolute (https://…) for the feeds and sitemap to be written.";

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
