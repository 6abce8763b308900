//! The HTTP side of the preview server: turns a request path into a file of the built site,
//! refuses paths that try to leave it, and answers with the right content type.
//!
//! It uses `tiny_http`: a small, synchronous server that fits a preview of a few pages (no async
//! runtime to compile or reason about). Each connection is read on its own thread by tiny_http;
//! a few workers here answer requests from memory, and every live-reload stream gets a thread of
//! its own so that it never holds up a page load.

use std::io::{Cursor, Write};
use std::net::TcpListener;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use super::reload;
use super::state::{Snapshot, State};

/// Threads answering ordinary requests. Live-reload streams do not count against them.
const WORKERS: usize = 4;

/// Where the server's own endpoints live: a path that no site's pages use.
pub const PREFIX: &str = "/__dossier/";

/// Starts answering requests on `listener` in background threads.
pub fn start(listener: TcpListener, state: Arc<State>) -> std::io::Result<()> {
    // On a loopback address only this machine can connect, but a web page elsewhere could still
    // reach the preview through a domain that resolves to 127.0.0.1 (DNS rebinding): there, only
    // requests that name this machine in `Host` are answered.
    let loopback = listener.local_addr().map(|a| a.ip().is_loopback()).unwrap_or(false);
    let server = Server::from_listener(listener, None).map_err(std::io::Error::other)?;
    let server = Arc::new(server);
    for n in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        std::thread::Builder::new().name(format!("dossier-http-{n}")).spawn(move || {
            for request in server.incoming_requests() {
                handle(request, &state, loopback);
            }
        })?;
    }
    Ok(())
}

/// What a request path asks for, decided from the path alone.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, by its path in the site (`briefs/x/index.html`).
    File(String),
    /// Go to this path instead (`/base` to `/base/`, or `/` to the base path).
    Redirect(String),
    /// Outside the base path, or not a path at all.
    NotFound,
    /// An attempt to leave the site: `..`, encoded or not, backslashes, NUL, empty segments
    /// (`//etc/passwd`) or drive letters.
    Forbidden,
}

/// Resolves a request target (`/base/briefs/x/?q`) against the site's `base_path` (`/base/`).
pub fn route(target: &str, base_path: &str) -> Route {
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    let Ok(path) = percent_decode_str(raw).decode_utf8() else { return Route::Forbidden };
    if !path.starts_with('/') {
        return Route::Forbidden;
    }
    if !is_safe(&path) {
        return Route::Forbidden;
    }
    if path.len() + 1 == base_path.len() && base_path.starts_with(path.as_ref()) {
        return Route::Redirect(base_path.to_string());
    }
    let Some(rel) = path.strip_prefix(base_path) else {
        return if path == "/" { Route::Redirect(base_path.to_string()) } else { Route::NotFound };
    };
    if rel.is_empty() || rel.ends_with('/') {
        Route::File(format!("{rel}index.html"))
    } else {
        Route::File(rel.to_string())
    }
}

/// A decoded path is safe when no segment can climb out of the site or name another root.
fn is_safe(path: &str) -> bool {
    if path.contains(['\\', '\0']) {
        return false;
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    segments.iter().enumerate().all(|(i, s)| {
        let empty_inside = s.is_empty() && i != last;
        let drive = s.len() >= 2 && s.as_bytes()[1] == b':' && s.as_bytes()[0].is_ascii_alphabetic();
        !empty_inside && !drive && *s != ".." && *s != "."
    })
}

/// The `Content-Type` of a site file, from its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" | "" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn handle(request: Request, state: &State, loopback: bool) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if loopback && !local_host(host.as_deref()) {
        let _ = request.respond(text(403, "forbidden: the Host header does not name this machine\n"));
        return;
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(text(405, "only GET and HEAD are served\n"));
        return;
    }
    let target = request.url().to_string();
    if let Some(endpoint) = target.strip_prefix(PREFIX) {
        let endpoint = endpoint.split('?').next().unwrap_or_default();
        return own_endpoint(request, endpoint, state);
    }
    let snapshot = state.snapshot();
    let response = match route(&target, &snapshot.base_path) {
        Route::File(rel) => file(&snapshot, &rel, &target),
        Route::Redirect(to) => redirect(&to),
        Route::NotFound => not_found(&snapshot),
        Route::Forbidden => text(403, "forbidden: the path leaves the site\n"),
    };
    let _ = request.respond(response);
}

/// True when a `Host` header names this machine (`localhost`, `127.x.x.x` or `[::1]`, any port).
/// A request without one (HTTP/1.0) comes from a local tool, not a browser, and is answered.
pub fn local_host(host: Option<&str>) -> bool {
    let Some(host) = host else { return true };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `/__dossier/events` (the live-reload stream), `status` (the last build's outcome, as JSON)
/// and `reload.js` (the script every served page loads).
fn own_endpoint(request: Request, endpoint: &str, state: &State) {
    let response = match endpoint {
        "events" => return stream_events(request, state),
        "status" => body(200, "application/json", state.status_json().into_bytes()),
        "reload.js" => body(200, "text/javascript; charset=utf-8", reload::SCRIPT.as_bytes().to_vec()),
        _ => text(404, "no such dossier endpoint\n"),
    };
    let _ = request.respond(response);
}

/// Hands the connection to a thread of its own that writes server-sent events until the page
/// goes away.
fn stream_events(request: Request, state: &State) {
    let Some(events) = state.subscribe() else {
        let _ = request.respond(text(503, "too many live-reload connections\n"));
        return;
    };
    let first = state.status_event();
    let spawned = std::thread::Builder::new().name("dossier-events".into()).spawn(move || {
        // The headers are written by hand: tiny_http's chunked encoder would hold events back
        // until 8 KiB had piled up, and a reload must reach the page at once.
        let mut writer = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                    Connection: close\r\nX-Accel-Buffering: no\r\n\r\n";
        if writer.write_all(head.as_bytes()).and_then(|_| writer.flush()).is_ok() {
            reload::stream(&mut writer, &first, &events);
        }
    });
    if spawned.is_err() {
        eprintln!("warning: cannot start a thread for a live-reload connection");
    }
}

fn file(snapshot: &Snapshot, rel: &str, target: &str) -> Response<Cursor<Arc<[u8]>>> {
    if let Some(bytes) = snapshot.files.get(rel) {
        let content_type = content_type(rel);
        if content_type.starts_with("text/html") {
            return body(200, content_type, reload::inject(bytes, snapshot.generation));
        }
        return shared(200, content_type, Arc::clone(bytes));
    }
    // `/base/briefs/x` is a folder: send the browser to `/base/briefs/x/`, as static hosts do,
    // so that relative links in the page resolve the same way.
    if snapshot.files.contains_key(&format!("{rel}/index.html")) {
        let path = target.split(['?', '#']).next().unwrap_or_default();
        return redirect(&format!("{path}/"));
    }
    not_found(snapshot)
}

/// The site's own `404.html` with status 404, or a plain page when the site has none yet.
fn not_found(snapshot: &Snapshot) -> Response<Cursor<Arc<[u8]>>> {
    let page = match snapshot.files.get("404.html") {
        Some(bytes) => bytes.to_vec(),
        None if snapshot.files.is_empty() => reload::NOT_BUILT_PAGE.as_bytes().to_vec(),
        None => b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1></html>".to_vec(),
    };
    body(404, "text/html; charset=utf-8", reload::inject(&page, snapshot.generation))
}

fn redirect(to: &str) -> Response<Cursor<Arc<[u8]>>> {
    let mut response = text(301, &format!("moved to {to}\n"));
    if let Ok(location) = Header::from_bytes("Location", to.as_bytes()) {
        response.add_header(location);
    }
    response
}

fn text(status: u16, message: &str) -> Response<Cursor<Arc<[u8]>>> {
    body(status, "text/plain; charset=utf-8", message.as_bytes().to_vec())
}

fn body(status: u16, content_type: &str, bytes: Vec<u8>) -> Response<Cursor<Arc<[u8]>>> {
    shared(status, content_type, Arc::from(bytes))
}

/// A response with a known length (never chunked, so any client can read it) that is never
/// cached: after a rebuild the browser must fetch every file again.
fn shared(status: u16, content_type: &str, bytes: Arc<[u8]>) -> Response<Cursor<Arc<[u8]>>> {
    let len = bytes.len();
    let mut response = Response::new(StatusCode(status), Vec::new(), Cursor::new(bytes), Some(len), None)
        .with_chunked_threshold(usize::MAX);
    for (name, value) in
        [("Content-Type", content_type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]
    {
        if let Ok(header) = Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_map_to_files_under_the_base_path() {
        assert_eq!(route("/", "/"), Route::File("index.html".into()));
        assert_eq!(route("/briefs/x/", "/"), Route::File("briefs/x/index.html".into()));
        assert_eq!(route("/briefs/x/?v=2", "/"), Route::File("briefs/x/index.html".into()));
        assert_eq!(route("/style.css", "/"), Route::File("style.css".into()));
        assert_eq!(route("/sub/charts/a.svg", "/sub/"), Route::File("charts/a.svg".into()));
        assert_eq!(route("/sub/", "/sub/"), Route::File("index.html".into()));
        assert_eq!(route("/media/a%20b.png", "/"), Route::File("media/a b.png".into()));
    }

    #[test]
    fn the_base_path_is_applied() {
        assert_eq!(route("/sub", "/sub/"), Route::Redirect("/sub/".into()));
        assert_eq!(route("/", "/sub/"), Route::Redirect("/sub/".into()));
        assert_eq!(route("/briefs/x/", "/sub/"), Route::NotFound);
        assert_eq!(route("/subway/", "/sub/"), Route::NotFound);
    }

    #[test]
    fn paths_out_of_the_site_are_refused() {
        // The site lives in memory, so there is no file system to escape into and no symlink
        // to follow; these are refused anyway so that a mistake can never serve a local file.
        for target in [
            "/../Cargo.toml",
            "/briefs/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/secret",
            "/..%2f..%2fetc/passwd",
            "/..%5c..%5cwindows",
            "/a\\b",
            "//etc/passwd",
            "/briefs//x",
            "/C:/Windows/win.ini",
            "/c%3a/boot.ini",
            "/x%00.html",
            "/./index.html",
            "/%ff",
            "*",
            "http://evil/",
        ] {
            assert_eq!(route(target, "/"), Route::Forbidden, "{target}");
        }
        // Encoded twice is not `..` once decoded: it names a file that does not exist.
        assert_eq!(route("/%252e%252e/x", "/"), Route::File("%2e%2e/x".into()));
    }

    #[test]
    fn only_hosts_naming_this_machine_are_answered_on_loopback() {
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST", "[::1]:1111", "127.0.0.2"] {
            assert!(local_host(Some(host)), "{host}");
        }
        for host in ["evil.example:1111", "192.168.1.2", "[2001:db8::1]:80", ""] {
            assert!(!local_host(Some(host)), "{host}");
        }
        assert!(local_host(None));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("briefs/x/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("charts/a.svg"), "image/svg+xml");
        assert_eq!(content_type("charts/a.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("fonts/a.WOFF2"), "font/woff2");
        assert_eq!(content_type("CNAME"), "text/plain; charset=utf-8");
        assert_eq!(content_type("a.bin"), "application/octet-stream");
    }
}
