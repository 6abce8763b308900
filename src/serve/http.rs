//! The HTTP side of the preview server: reads a request's head, turns its path into a file of
//! the built site, refuses paths that try to leave it, and answers with the right content type.
//!
//! Connections themselves are handled in [`super::server`]; this module only decides answers,
//! so it needs no socket to test.

use std::io::Write;
use std::sync::Arc;

use percent_encoding::percent_decode_str;

use super::reload;
use super::state::{Snapshot, State};

/// Where the server's own endpoints live: a path that no site's pages use.
pub const PREFIX: &str = "/__dossier/";

/// The longest request head read; a browser's is well under 2 KiB.
pub const MAX_HEAD: usize = 16 * 1024;

/// What the server needs of a request: there is no body to read, since only `GET` and `HEAD`
/// are answered.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// As sent, not decoded: `/briefs/x/?q`.
    pub target: String,
    pub host: Option<String>,
}

/// Parses a request head with `httparse` (hyper's parser) once it has all arrived: `None`
/// while more is to come, else the request or the answer that refuses it.
pub fn parse_head(bytes: &[u8]) -> Option<Result<Request, Response>> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(bytes) {
        Ok(httparse::Status::Partial) => None,
        Ok(httparse::Status::Complete(_)) => {
            let host = parsed
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("host"))
                .map(|h| String::from_utf8_lossy(h.value).trim().to_string());
            Some(Ok(Request {
                method: parsed.method.unwrap_or_default().to_string(),
                target: parsed.path.unwrap_or_default().to_string(),
                host,
            }))
        }
        Err(httparse::Error::TooManyHeaders) => Some(Err(text_response(431, "too many request headers\n"))),
        Err(_) => Some(Err(text_response(400, "bad request: the request line is not `METHOD /path HTTP/1.1`\n"))),
    }
}

/// True when `request` opens a live-reload stream that the server should keep open. Requests
/// the server refuses (a foreign `Host`, `HEAD`) are answered by [`answer`] instead.
pub fn is_event_stream(request: &Request, loopback: bool) -> bool {
    let path = request.target.split('?').next().unwrap_or_default();
    request.method == "GET"
        && path.strip_prefix(PREFIX) == Some("events")
        && (!loopback || local_host(request.host.as_deref()))
}

/// A whole response, written at once: every response has a known length (never chunked, so any
/// client can read it) and closes its connection.
pub struct Response {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Arc<[u8]>,
}

impl Response {
    /// Writes the response; without its body for `HEAD`.
    pub fn write_to(&self, out: &mut impl Write, head_only: bool) -> std::io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", self.body.len()));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }

    fn header(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
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
        Route::File(crate::layout::file_of(rel))
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

/// The answer to `request`, from what the server holds right now.
pub fn answer(request: &Request, state: &State, loopback: bool) -> Response {
    if loopback && !local_host(request.host.as_deref()) {
        return text_response(403, "forbidden: the Host header does not name this machine\n");
    }
    if request.method != "GET" && request.method != "HEAD" {
        return text_response(405, "only GET and HEAD are served\n");
    }
    let target = &request.target;
    if let Some(endpoint) = target.strip_prefix(PREFIX) {
        let endpoint = endpoint.split('?').next().unwrap_or_default();
        return own_endpoint(endpoint, state);
    }
    let snapshot = state.snapshot();
    match route(target, &snapshot.base_path) {
        Route::File(rel) => file(&snapshot, &rel, target),
        Route::Redirect(to) => redirect(&to),
        Route::NotFound => not_found(&snapshot),
        Route::Forbidden => text_response(403, "forbidden: the path leaves the site\n"),
    }
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

/// `/__dossier/events` (the live-reload stream, answered here only when every slot is taken),
/// `status` (the last build's outcome, as JSON) and `reload.js` (the script every page loads).
fn own_endpoint(endpoint: &str, state: &State) -> Response {
    match endpoint {
        "events" => text_response(
            503,
            &format!("too many live-reload connections: {} pages are open; close some\n", reload::MAX_CLIENTS),
        ),
        "status" => body(200, "application/json", state.status_json().into_bytes()),
        "reload.js" => body(200, "text/javascript; charset=utf-8", reload::SCRIPT.as_bytes().to_vec()),
        _ => text_response(404, "no such dossier endpoint\n"),
    }
}

fn file(snapshot: &Snapshot, rel: &str, target: &str) -> Response {
    if let Some(bytes) = snapshot.files.get(rel) {
        let content_type = content_type(rel);
        if content_type.starts_with("text/html") {
            return body(200, content_type, reload::inject(bytes, snapshot.generation));
        }
        return shared(200, content_type, Arc::clone(bytes));
    }
    // `/base/briefs/x` is a folder: send the browser to `/base/briefs/x/`, as static hosts do,
    // so that relative links in the page resolve the same way.
    if snapshot.files.contains_key(&crate::layout::file_of(&format!("{rel}/"))) {
        let path = target.split(['?', '#']).next().unwrap_or_default();
        return redirect(&format!("{path}/"));
    }
    not_found(snapshot)
}

/// The site's own `404.html` with status 404, or a plain page when the site has none yet.
fn not_found(snapshot: &Snapshot) -> Response {
    let page = match snapshot.files.get("404.html") {
        Some(bytes) => bytes.to_vec(),
        None if snapshot.files.is_empty() => reload::NOT_BUILT_PAGE.as_bytes().to_vec(),
        None => b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1></html>".to_vec(),
    };
    body(404, "text/html; charset=utf-8", reload::inject(&page, snapshot.generation))
}

fn redirect(to: &str) -> Response {
    text_response(301, &format!("moved to {to}\n")).header("Location", to)
}

/// A plain-text answer: errors and refusals.
pub fn text_response(status: u16, message: &str) -> Response {
    body(status, "text/plain; charset=utf-8", message.as_bytes().to_vec())
}

fn body(status: u16, content_type: &str, bytes: Vec<u8>) -> Response {
    shared(status, content_type, Arc::from(bytes))
}

/// A response that is never cached: after a rebuild the browser must fetch every file again.
fn shared(status: u16, content_type: &str, bytes: Arc<[u8]>) -> Response {
    Response { status, headers: Vec::new(), body: bytes }
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
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
    fn request_heads_are_parsed_or_refused() {
        let head = b"GET /briefs/x/?q HTTP/1.1\r\nhost: 127.0.0.1:1111\r\nAccept: */*\r\n\r\n";
        assert!(parse_head(&head[..head.len() - 2]).is_none(), "half a head is not one");
        assert_eq!(
            parse_head(head).and_then(Result::ok),
            Some(Request { method: "GET".into(), target: "/briefs/x/?q".into(), host: Some("127.0.0.1:1111".into()) })
        );
        assert_eq!(parse_head(b"GET / HTTP/1.0\n\n").and_then(Result::ok).and_then(|r| r.host), None);
        for bad in [&b"GET /\r\n\r\n"[..], b"GET / SPDY/3\r\n\r\n", b"G\x00T / HTTP/1.1\r\n\r\n"] {
            let status = parse_head(bad).and_then(Result::err).map(|r| r.status);
            assert_eq!(status, Some(400), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn only_a_get_from_this_machine_opens_an_event_stream() {
        let request = |method: &str, target: &str, host: &str| Request {
            method: method.into(),
            target: target.into(),
            host: Some(host.into()),
        };
        assert!(is_event_stream(&request("GET", "/__dossier/events", "localhost:1111"), true));
        assert!(is_event_stream(&request("GET", "/__dossier/events?x=1", "evil.example"), false));
        assert!(!is_event_stream(&request("GET", "/__dossier/events", "evil.example"), true));
        assert!(!is_event_stream(&request("HEAD", "/__dossier/events", "localhost"), true));
        assert!(!is_event_stream(&request("GET", "/__dossier/status", "localhost"), true));
    }

    #[test]
    fn responses_have_a_length_and_close() {
        let mut out = Vec::new();
        redirect("/sub/").write_to(&mut out, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 301 Moved Permanently\r\n"), "{text}");
        assert!(text.contains("\r\nLocation: /sub/\r\n") && text.contains("\r\nConnection: close\r\n"), "{text}");
        assert!(text.ends_with("\r\nContent-Length: 15\r\nConnection: close\r\n\r\nmoved to /sub/\n"), "{text}");
        let mut out = Vec::new();
        text_response(404, "gone\n").write_to(&mut out, true).unwrap();
        assert!(String::from_utf8(out).unwrap().ends_with("Content-Length: 5\r\nConnection: close\r\n\r\n"));
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
