//! `dossier serve`: builds the site in memory, serves it over HTTP with live reload, and
//! rebuilds it whenever its sources change.
//!
//! [`rebuild`] builds (only what changed, after the first time), [`state`] holds what is being
//! served, [`server`] holds the connections, [`http`] answers requests, [`reload`] tells open
//! pages about each build and [`watch`] reports changed sources. Nothing here writes to disk:
//! `output/` is left alone.

mod http;
mod rebuild;
mod reload;
mod server;
mod state;
mod watch;

use std::collections::BTreeSet;
use std::fmt;
use std::io::{ErrorKind, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::config::{BuildOptions, Config};
use rebuild::{Rebuilder, Scope};
use state::State;
use watch::Watch;

/// Everything `dossier serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Why the server could not start (a build error never stops it).
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// What wakes the main loop.
enum Message {
    Changed(watch::Report),
    Stop,
}

/// Serves the site until Ctrl-C. Returns an error only when serving cannot start.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root = site_root(&options.root)?;
    // Listen first: a busy port is reported at once, not after a long first build.
    let listener = listen(options.bind, options.port)?;
    let addr = listener.local_addr().map_err(|e| Error { message: format!("cannot listen: {e}"), hint: None })?;
    let build_options = BuildOptions {
        root: root.clone(),
        output: root.join("output"),
        drafts: options.drafts,
        base_url: None,
        force: false,
        strict: false,
    };
    let (tx, rx) = channel();
    let stop = tx.clone();
    // Caught from the start: Ctrl-C during a long first build stops cleanly once it is done.
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    }) {
        tell(format_args!("warning: cannot catch Ctrl-C ({e}); it will still stop the server\n"));
    }
    let mut rebuilder = Rebuilder::new(build_options);
    let state = Arc::new(State::new());
    first_build(&mut rebuilder, &state);
    let mut watch = Watch::start(&root, move |report| {
        let _ = tx.send(Message::Changed(report));
    })
    .map_err(|e| Error {
        message: format!("cannot watch {} for changes: {e}", root.display()),
        hint: Some("on Linux, raise fs.inotify.max_user_watches if it is exhausted".into()),
    })?;
    server::start(listener, Arc::clone(&state))
        .map_err(|e| Error { message: format!("cannot start the HTTP server: {e}"), hint: None })?;

    let url = format!("http://{}{}", shown_addr(addr), base_path(&state, &root));
    say(format_args!("serving {url} (Ctrl-C to stop)"));
    if options.open {
        open_browser(&url);
    }
    serve_changes(&rx, &mut rebuilder, &state, &mut watch, addr);
    say("stopped");
    Ok(())
}

/// The site's folder, absolute (the watcher reports absolute paths), checked to be a site.
fn site_root(root: &Path) -> Result<PathBuf, Error> {
    let hint = "run dossier serve in the site's folder or pass `--root DIR`; `dossier init DIR` creates a new site";
    let absolute = root.canonicalize().map_err(|e| Error {
        message: format!("cannot open the site folder {}: {e}", root.display()),
        hint: Some(hint.into()),
    })?;
    if !absolute.join("briefs").is_dir() {
        return Err(Error { message: format!("no `briefs/` folder in {}", root.display()), hint: Some(hint.into()) });
    }
    Ok(absolute)
}

fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, Error> {
    let addr = SocketAddr::new(bind, port);
    TcpListener::bind(addr).map_err(|e| {
        let (why, hint) = match e.kind() {
            ErrorKind::AddrInUse => (
                "address in use".to_string(),
                format!("another program (perhaps another dossier serve) uses port {port}: pass `--port 0` to pick a free port, or another `--port N`"),
            ),
            ErrorKind::PermissionDenied => (
                "permission denied".to_string(),
                "ports below 1024 need special rights: pass `--port 0` or a port above 1023".to_string(),
            ),
            ErrorKind::AddrNotAvailable => (
                "no such address on this machine".to_string(),
                "pass `--bind` an address of this machine, such as 127.0.0.1".to_string(),
            ),
            _ => (e.to_string(), "pass `--port 0` to pick a free port".to_string()),
        };
        Error { message: format!("cannot listen on {addr}: {why}"), hint: Some(hint) }
    })
}

/// The first build: on success its summary, on failure its errors, in the terminal and on every
/// page, while the server starts anyway so that the author can fix them with the preview open.
fn first_build(rebuilder: &mut Rebuilder, state: &State) {
    match rebuilder.build(&BTreeSet::new()) {
        Ok(built) => {
            tell(&built.report.warnings);
            say(built.report.summary());
            state.publish(built.files, built.base_path, false);
        }
        Err(diags) => {
            tell(&diags);
            tell("the site does not build yet: pages show the errors until it does\n");
            state.fail(&diags);
        }
    }
}

/// Rebuilds after each burst of changes until told to stop.
fn serve_changes(
    rx: &Receiver<Message>,
    rebuilder: &mut Rebuilder,
    state: &State,
    watch: &mut Watch,
    addr: SocketAddr,
) {
    while let Ok(message) = rx.recv() {
        let mut changed = BTreeSet::new();
        match message {
            Message::Stop => return,
            Message::Changed(Ok(paths)) => changed.extend(paths),
            Message::Changed(Err(e)) => tell(format_args!("warning: watching for changes: {e}\n")),
        }
        // Bursts that arrived during the last rebuild make one rebuild together.
        for message in rx.try_iter() {
            match message {
                Message::Stop => return,
                Message::Changed(Ok(paths)) => changed.extend(paths),
                Message::Changed(Err(e)) => tell(format_args!("warning: watching for changes: {e}\n")),
            }
        }
        if let Err(e) = watch.refresh(&changed) {
            tell(format_args!("warning: cannot watch a new or moved source folder: {e}\n"));
        }
        if !changed.is_empty() {
            rebuild(rebuilder, state, &changed, addr);
        }
    }
}

fn rebuild(rebuilder: &mut Rebuilder, state: &State, changed: &BTreeSet<PathBuf>, addr: SocketAddr) {
    match rebuilder.build(changed) {
        Ok(built) => {
            tell(&built.new_warnings);
            say(built.summary());
            let before = state.snapshot();
            if before.generation > 0 && before.base_path != built.base_path {
                say(format_args!("serving http://{}{} (the base path changed)", shown_addr(addr), built.base_path));
            }
            if built.scope == Scope::Nothing {
                state.recover();
            } else {
                state.publish(built.files, built.base_path, built.css_only);
            }
        }
        Err(diags) => {
            tell(&diags);
            let n = diags.errors().count();
            tell(format_args!(
                "build failed with {n} error{}: still serving the last good build (open pages show the errors)\n",
                if n == 1 { "" } else { "s" }
            ));
            state.fail(&diags);
        }
    }
}

/// The base path pages are served under: the last good build's, or else what `dossier.yaml`
/// says, so that the printed URL is right even when the first build failed.
fn base_path(state: &State, root: &Path) -> String {
    let snapshot = state.snapshot();
    if snapshot.generation > 0 {
        return snapshot.base_path.clone();
    }
    Config::load(root).map(|c| c.layout().base_path().to_string()).unwrap_or_else(|_| "/".into())
}

/// `0.0.0.0` and `::` listen everywhere, but a browser needs an address to go to.
fn shown_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from(([127, 0, 0, 1], addr.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, addr.port())),
        _ => addr,
    }
}

/// Best effort: the platform's opener, in the background.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        tell(format_args!("warning: cannot open a browser ({e}): open {url} yourself\n"));
    }
}

/// Prints a line on stdout, ignoring failures: `println!` panics when stdout is closed
/// (`dossier serve | head -2`), and the server must outlive whoever reads its output.
fn say(line: impl fmt::Display) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|_| out.flush());
}

/// Prints `text` (which ends its own lines) on stderr, ignoring failures, as [`say`] does.
fn tell(text: impl fmt::Display) {
    let _ = write!(std::io::stderr().lock(), "{text}");
}
