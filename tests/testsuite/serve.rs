//! `dossier serve`: the real binary on a free port, against a copy of the `basic` fixture.
//! Requests go over plain `TcpStream`s so that paths reach the server exactly as written
//! (an HTTP library would clean up `..` before sending).
//!
//! Timeouts are generous (the machine may be busy), except where the issue sets a number: a
//! saved brief is served within a second.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::util::*;

/// How long a server may take to start, or a rebuild to show when no number is asserted.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `dossier serve`, killed when dropped so that no server outlives its test.
struct Server {
    child: Child,
    port: u16,
    /// The path the site is served under, from the printed URL (`/` or `/sub/`).
    base: String,
    stdout: Receiver<String>,
    _tmp: Temp,
    site: PathBuf,
}

impl Server {
    /// Serves a copy of the `basic` fixture, after `prepare` changed it.
    fn start(extra: &[&str], prepare: impl FnOnce(&Path)) -> Server {
        Server::start_with(extra, prepare, false)
    }

    /// With `close_output`, the server's stdout and stderr are closed once it printed its URL,
    /// as `dossier serve | head -2` does.
    fn start_with(extra: &[&str], prepare: impl FnOnce(&Path), close_output: bool) -> Server {
        let tmp = Temp::new("serve");
        let site = tmp.path().join("site");
        copy_tree(&fixture("basic"), &site);
        prepare(&site);
        let mut child = Command::new(BIN)
            .args(["serve", "--port", "0", "--root"])
            .arg(&site)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(if close_output { Stdio::piped() } else { Stdio::null() })
            .spawn()
            .expect("start dossier serve");
        // Closed at once: the server's first warning, if any, meets a closed stderr.
        drop(child.stderr.take());
        let (tx, stdout) = channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let url = line.starts_with("serving ");
                if tx.send(line).is_err() || (close_output && url) {
                    break;
                }
            }
        });
        let mut server = Server { child, port: 0, base: String::new(), stdout, _tmp: tmp, site };
        let deadline = Instant::now() + PATIENCE;
        while let Ok(line) = server.stdout.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            // serving http://127.0.0.1:PORT/BASE/ (Ctrl-C to stop)
            if let Some(url) = line.strip_prefix("serving http://127.0.0.1:") {
                let url = url.split_whitespace().next().unwrap();
                let slash = url.find('/').unwrap();
                server.port = url[..slash].parse().unwrap();
                server.base = url[slash..].to_string();
                return server;
            }
        }
        panic!("dossier serve printed no URL");
    }

    fn get(&self, path: &str) -> Reply {
        request(self.port, path)
    }

    /// Polls `path` until its body contains `text`, returning how long that took.
    fn wait_for(&self, path: &str, text: &str, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if self.get(path).body.contains(text) {
                return start.elapsed();
            }
            assert!(start.elapsed() < limit, "{path} did not show `{text}` within {limit:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn status(&self) -> String {
        self.get("/__dossier/status").body
    }

    fn wait_for_status(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let status = self.status();
            if status.contains(text) {
                return status;
            }
            assert!(start.elapsed() < PATIENCE, "the status never showed `{text}`: {status}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a changed file the way many editors do, writing a hidden copy and renaming it over
    /// the file, so that the server can never read it half-written (a busy machine could pause
    /// this test between truncating the file and writing it).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.site.join(rel);
        let text = read(&path);
        assert!(text.contains(from), "{rel} has no `{from}`");
        let name = path.file_name().unwrap().to_str().unwrap();
        let copy = path.with_file_name(format!(".{name}.saving"));
        std::fs::write(&copy, text.replacen(from, to, 1)).unwrap();
        std::fs::rename(&copy, &path).unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// One `GET` over a fresh connection, the path sent as it is.
fn request(port: u16, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, head: head.to_string(), body: body.to_string() }
}

/// Opens the live-reload stream and returns it once its first event (the status) arrived.
fn open_events(port: u16) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut events = BufReader::new(stream);
    let first = next_event(&mut events);
    assert!(first.contains("event: status"), "{first}");
    events
}

/// Reads up to the next `data:` line of an event stream, returning what was read.
fn next_event(events: &mut BufReader<TcpStream>) -> String {
    let mut seen = String::new();
    loop {
        let mut line = String::new();
        let n = events.read_line(&mut line).expect("read the event stream");
        assert!(n > 0, "the event stream ended: {seen}");
        seen.push_str(&line);
        if line.starts_with("data:") {
            return seen;
        }
    }
}

#[test]
fn a_page_is_served_with_its_type_and_the_reload_script() {
    let server = Server::start(&[], |_| {});
    assert_eq!(server.base, "/");
    let page = server.get("/briefs/trade/");
    assert_eq!(page.status, 200, "{}", page.head);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(page.body.contains("Trade &amp; &lt;Tariffs&gt;"));
    let script = page.body.find("<script src=\"/__dossier/reload.js\"").expect("the reload script is injected");
    assert!(script < page.body.rfind("</body>").unwrap(), "before </body>");
    for (path, content_type) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/charts/jilin-trade-share.svg", "image/svg+xml"),
        ("/charts/partners.csv", "text/csv; charset=utf-8"),
        ("/feed.xml", "application/xml; charset=utf-8"),
        ("/media/img/map.svg", "image/svg+xml"),
        ("/extra.txt", "text/plain; charset=utf-8"),
        ("/__dossier/reload.js", "text/javascript; charset=utf-8"),
        ("/__dossier/status", "application/json"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
    }
    assert!(!server.get("/style.css").body.contains("__dossier"), "only HTML gets the script");
    let folder = server.get("/briefs/trade");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/briefs/trade/"));
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__dossier/reload.js"), "the 404 page reloads too");
    assert!(!server.site.join("output").exists(), "serve never writes output/");
}

#[test]
fn an_edited_brief_is_served_within_a_second() {
    let server = Server::start(&[], |_| {});
    server.wait_for("/briefs/trade/", "Some text.", PATIENCE);
    let mut events = open_events(server.port);
    server.edit("briefs/trade.md", "Some text.", "Freshly saved text.");
    let took = server.wait_for("/briefs/trade/", "Freshly saved text.", PATIENCE);
    assert!(took < Duration::from_secs(1), "the saved brief took {took:?} to be served");
    let event = next_event(&mut events);
    assert!(event.contains("\"ok\":true") && event.contains("\"generation\":2"), "open pages are told: {event}");
    assert!(server.stdout.recv_timeout(PATIENCE).unwrap().starts_with("rebuilt in "));
}

#[test]
fn a_broken_edit_shows_its_error_and_fixing_it_recovers() {
    let server = Server::start(&[], |_| {});
    let mut events = open_events(server.port);
    server.edit("briefs/trade.md", "title: Trade & <Tariffs>", "title: [Trade");
    let status = server.wait_for_status("\"ok\":false");
    assert!(status.contains("\"path\":\"briefs/trade.md\""), "{status}");
    assert!(status.contains("\"line\":") && status.contains("\"column\":"), "{status}");
    let event = next_event(&mut events);
    assert!(event.contains("invalid YAML"), "open pages get the error: {event}");
    let page = server.get("/briefs/trade/");
    assert_eq!(page.status, 200, "the server keeps serving the last good build");
    assert!(page.body.contains("Trade &amp; &lt;Tariffs&gt;"));

    server.edit("briefs/trade.md", "title: [Trade", "title: Trade & <Fixed>");
    server.wait_for_status("\"ok\":true");
    server.wait_for("/briefs/trade/", "Trade &amp; &lt;Fixed&gt;", PATIENCE);
    let event = next_event(&mut events);
    assert!(event.contains("\"ok\":true"), "{event}");
}

#[test]
fn paths_out_of_the_site_are_refused() {
    // The site is served from memory, so no symlink can lead out of it; the forms that could
    // on a file server are refused anyway.
    let server = Server::start(&[], |_| {});
    for path in [
        "/../Cargo.toml",
        "/briefs/../../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..%5c..%5cCargo.toml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/style.css%00.html",
        "/etc/passwd",
    ] {
        let reply = server.get(path);
        assert!(reply.status == 403 || reply.status == 404, "{path}: {}", reply.head);
        assert!(!reply.body.contains("[package]") && !reply.body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn requests_succeed_together_while_a_page_listens_for_reloads() {
    let server = Server::start(&[], |_| {});
    let _events = open_events(server.port);
    let paths = ["/", "/briefs/trade/", "/style.css", "/regions/jilin/", "/charts/jilin-trade-share.svg"];
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let (port, path) = (server.port, paths[i % paths.len()]);
            std::thread::spawn(move || request(port, path).status)
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
}

#[test]
fn the_base_path_is_applied_as_on_the_published_site() {
    let server = Server::start(&[], |site| {
        let config = site.join("dossier.yaml");
        std::fs::write(&config, read(&config).replace("https://example.org/", "https://example.org/sub/")).unwrap();
    });
    assert_eq!(server.base, "/sub/");
    let page = server.get("/sub/briefs/trade/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("href=\"/sub/regions/jilin/\""), "links keep the base path");
    assert_eq!(server.get("/sub/style.css").status, 200);
    assert_eq!(server.get("/").header("location"), Some("/sub/"));
    assert_eq!(server.get("/briefs/trade/").status, 404, "pages live under the base path only");
}

#[test]
fn drafts_are_served_only_with_drafts_and_marked() {
    let server = Server::start(&[], |_| {});
    assert_eq!(server.get("/briefs/draft/").status, 404);
    drop(server);
    let server = Server::start(&["--drafts"], |_| {});
    let page = server.get("/briefs/draft/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Draft"), "the page says it is a draft");
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let server = Server::start(&[], |site| {
        std::fs::create_dir_all(site.join("static")).unwrap();
        std::fs::write(site.join("static/extra.css"), "body { color: black }\n").unwrap();
    });
    let mut events = open_events(server.port);
    server.edit("static/extra.css", "black", "navy");
    let event = next_event(&mut events);
    assert!(event.contains("\"css_only\":true"), "{event}");
    assert!(server.get("/extra.css").body.contains("navy"));
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let run = dossier(&["serve", "--port", &port, "--root", fixture("basic").to_str().unwrap()], &repo());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("cannot listen on 127.0.0.1:{port}: address in use")), "{}", run.stderr);
    assert!(run.stderr.contains("--port 0"), "the hint names the way out: {}", run.stderr);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let mut server = Server::start(&[], |_| {});
    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(start.elapsed() < PATIENCE, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_site_that_does_not_build_yet_is_served_once_fixed() {
    let server = Server::start(&[], |site| {
        let brief = site.join("briefs/trade.md");
        std::fs::write(&brief, read(&brief).replace("title: Trade & <Tariffs>", "title: [Trade")).unwrap();
    });
    assert!(server.status().contains("\"ok\":false"), "{}", server.status());
    let page = server.get("/briefs/trade/");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("/__dossier/reload.js"), "the placeholder page shows the errors");
    server.edit("briefs/trade.md", "title: [Trade", "title: Trade & <Tariffs>");
    server.wait_for("/briefs/trade/", "Trade &amp; &lt;Tariffs&gt;", PATIENCE);
    assert!(server.status().contains("\"ok\":true"));
}

/// The threads of a running process, on Linux.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task")).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn a_closed_page_frees_its_live_reload_slot_at_once() {
    let server = Server::start(&[], |_| {});
    // Far more page views than there are slots (64), with no rebuild in between: each page
    // closes its stream when the next one opens, as a browser moving from page to page does.
    for view in 0..200 {
        let events = open_events_or_refused(server.port)
            .unwrap_or_else(|reply| panic!("page view {view} got no live reload: {reply}"));
        drop(events);
    }
    let start = Instant::now();
    server.wait_for_status("\"live_reload\":0");
    eprintln!("slots: all free {:?} after the 200th page closed", start.elapsed());
    // Slots stay bounded: with 64 pages open, one more is refused, and closing one makes room.
    let mut open: Vec<_> = (0..64).map(|_| open_events(server.port)).collect();
    assert!(server.status().contains("\"live_reload\":64"), "{}", server.status());
    let refused = request(server.port, "/__dossier/events");
    assert_eq!(refused.status, 503, "{}", refused.head);
    assert!(refused.body.contains("too many live-reload connections"), "{}", refused.body);
    drop(open.pop());
    open.push(open_events(server.port));
    // The pages still open are told about the next build.
    server.edit("briefs/trade.md", "Some text.", "Seen by every open page.");
    for events in &mut open {
        let event = next_event(events);
        assert!(event.contains("\"generation\":2"), "{event}");
    }
}

/// Like [`open_events`], but returns the head of the reply when the server refused the stream.
fn open_events_or_refused(port: u16) -> Result<BufReader<TcpStream>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut events = BufReader::new(stream);
    let mut status = String::new();
    events.read_line(&mut status).expect("read the status line");
    if !status.starts_with("HTTP/1.1 200") {
        return Err(status);
    }
    let first = next_event(&mut events);
    assert!(first.contains("event: status"), "{first}");
    Ok(events)
}

#[test]
fn a_closed_stdout_does_not_stop_the_server() {
    // `dossier serve | head -2`: the pipe closes after the URL, and every rebuild prints a line.
    let mut server = Server::start_with(&[], |_| {}, true);
    server.edit("briefs/trade.md", "Some text.", "First save after the pipe closed.");
    server.wait_for("/briefs/trade/", "First save after the pipe closed.", PATIENCE);
    server.edit("briefs/trade.md", "title: Trade & <Tariffs>", "title: [Trade");
    server.wait_for_status("\"ok\":false");
    server.edit("briefs/trade.md", "title: [Trade", "title: Trade & <Tariffs>");
    server.edit("briefs/trade.md", "First save after the pipe closed.", "Third save.");
    server.wait_for("/briefs/trade/", "Third save.", PATIENCE);
    assert!(server.child.try_wait().unwrap().is_none(), "the server stopped");
}

#[test]
fn edits_are_seen_after_briefs_is_moved_away_and_back() {
    let server = Server::start(&[], |_| {});
    let briefs = server.site.join("briefs");
    let away = server.site.with_file_name("briefs-away");
    // Moved out of the site and back, as a sync tool might.
    std::fs::rename(&briefs, &away).unwrap();
    server.wait_for_status("\"ok\":false");
    std::fs::rename(&away, &briefs).unwrap();
    server.wait_for_status("\"ok\":true");
    server.edit("briefs/trade.md", "Some text.", "Saved after the move.");
    server.wait_for("/briefs/trade/", "Saved after the move.", PATIENCE);
    // Removed and made again, file by file, as `git stash` and `git checkout` do.
    copy_tree(&briefs, &away);
    std::fs::remove_dir_all(&briefs).unwrap();
    server.wait_for_status("\"ok\":false");
    copy_tree(&away, &briefs);
    server.wait_for_status("\"ok\":true");
    server.edit("briefs/trade.md", "Saved after the move.", "Saved after the checkout.");
    server.wait_for("/briefs/trade/", "Saved after the checkout.", PATIENCE);
    // A new file in a new subfolder is seen too.
    std::fs::create_dir_all(briefs.join("2026")).unwrap();
    std::fs::write(briefs.join("2026/newer.md"), "---\ntitle: A newer brief\ndate: 2026-01-02\n---\n\nText.\n")
        .unwrap();
    server.wait_for("/briefs/", "A newer brief", PATIENCE);
}

#[cfg(target_os = "linux")]
#[test]
fn silent_and_half_open_connections_do_not_pile_up_threads() {
    let server = Server::start(&[], |_| {});
    let pid = server.child.id();
    assert_eq!(server.get("/").status, 200);
    let before = threads(pid);
    assert!(before > 0, "cannot count the server's threads");
    let mut idle = Vec::new();
    for n in 0..1000 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        if n % 2 == 1 {
            // Half a request: the blank line that ends its head never comes.
            write!(stream, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
        }
        idle.push(stream);
    }
    // Answered after all of them were accepted: a real page is not held up behind them.
    let start = Instant::now();
    assert_eq!(server.get("/briefs/trade/").status, 200);
    let took = start.elapsed();
    let during = threads(pid);
    eprintln!("threads: {before} before, {during} with 1000 idle connections; a page took {took:?}");
    assert!(during <= before + 2, "{during} threads with 1000 idle connections, {before} before");

    // The server hangs up on every one of them within its timeout.
    let deadline = Instant::now() + Duration::from_secs(10) + PATIENCE;
    for (n, stream) in idle.iter_mut().enumerate() {
        let left = deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
        stream.set_read_timeout(Some(left)).unwrap();
        let mut sink = Vec::new();
        match stream.read_to_end(&mut sink) {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => {}
            Err(e) => panic!("idle connection {n} was not closed by the server: {e}"),
        }
    }
    let after = threads(pid);
    eprintln!("threads: {after} once the server closed them");
    assert!(after <= before + 2, "{after} threads after, {before} before");
    assert_eq!(server.get("/").status, 200);
}

/// Issue 14: a chart whose data is a file is redrawn when the file is saved, whether it lies in
/// the site's `data/` folder or beside the brief, and a missing data file is an error until it
/// is created.
#[test]
fn an_edited_data_file_is_seen_by_the_charts_that_use_it() {
    let chart = |id: &str, data: &str| {
        format!(
            "---\ntitle: Brief {id}\ndate: 2021-05-01\n---\n\n```chart\nid: {id}\ntitle: T\nsource: S\ndata: {data}\n```\n"
        )
    };
    let server = Server::start(&[], |site| {
        std::fs::create_dir_all(site.join("data")).unwrap();
        std::fs::write(site.join("data/trade.csv"), "year,Jilin\n1994,33\n2019,11\n").unwrap();
        std::fs::write(site.join("briefs/beside.csv"), "year,Yanbian\n2000,7\n").unwrap();
        std::fs::write(site.join("briefs/shared.md"), chart("shared", "data/trade.csv")).unwrap();
        std::fs::write(site.join("briefs/beside.md"), chart("beside", "beside.csv")).unwrap();
    });
    server.wait_for("/charts/shared.csv", "2019,11", PATIENCE);
    server.edit("data/trade.csv", "2019,11", "2019,12.5");
    server.wait_for("/charts/shared.csv", "2019,12.5", PATIENCE);
    server.wait_for("/briefs/shared/", "12.5", PATIENCE);
    server.edit("briefs/beside.csv", "2000,7", "2000,8.25");
    server.wait_for("/charts/beside.csv", "2000,8.25", PATIENCE);
    // A chart naming a file that is not there yet: an error at its `data` line, until it is.
    server.edit("briefs/shared.md", "data: data/trade.csv", "data: data/later.csv");
    let status = server.wait_for_status("\"ok\":false");
    assert!(status.contains("\"path\":\"briefs/shared.md\"") && status.contains("\"line\":10"), "{status}");
    std::fs::write(server.site.join("data/later.csv"), "year,Jilin\n2024,77\n").unwrap();
    server.wait_for_status("\"ok\":true");
    server.wait_for("/charts/shared.csv", "2024,77", PATIENCE);
}

#[test]
fn search_works_under_the_base_path_and_follows_edits() {
    let server = Server::start(&[], |site| {
        let config = site.join("dossier.yaml");
        std::fs::write(&config, read(&config).replace("https://example.org/", "https://example.org/sub/")).unwrap();
    });
    let page = server.get("/sub/search/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"data-index="/sub/search-index/""#), "{}", page.body);
    assert_eq!(server.get("/sub/search.js").header("content-type"), Some("text/javascript; charset=utf-8"));
    let meta = server.get("/sub/search-index/meta.json");
    assert_eq!(meta.status, 200);
    assert_eq!(meta.header("content-type"), Some("application/json"));
    assert_eq!(server.get("/sub/search-index/filters.json").status, 200);
    // The index's version is a hash of all of it: a saved brief gives a new index, with the
    // brief's new word in it.
    let version =
        |body: &str| body.split("\"version\":\"").nth(1).and_then(|h| h.split('"').next()).unwrap().to_string();
    let before = version(&meta.body);
    server.edit("briefs/trade.md", "Some text.", "Some text about zanzibar.");
    server.wait_for("/sub/briefs/trade/", "zanzibar", PATIENCE);
    let meta = server.get("/sub/search-index/meta.json").body;
    assert_ne!(before, version(&meta), "the index follows the edit");
    let chunks = meta.split("\"chunks\":[").nth(1).unwrap().matches(',').count() + 1;
    let found = (0..chunks).any(|n| server.get(&format!("/sub/search-index/w/{n}.json")).body.contains("\"zanzibar\""));
    assert!(found, "the new word is in a chunk of the new index");
}
