//! Live reload: the script injected into served pages, and the server-sent events that tell
//! open pages about each build (reload, swap stylesheets, or show the build's errors).
//!
//! The script goes into HTML responses at serve time, never into the built files, so the
//! preview's pages are otherwise byte for byte what `dossier build` writes.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

/// The browser side: listens to `/__dossier/events`, reloads the page or its stylesheets, and
/// shows build errors in an overlay.
pub const SCRIPT: &str = include_str!("reload.js");

/// Served for every page while no build has succeeded yet; the script shows why.
pub const NOT_BUILT_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>dossier: no build yet</title></head>\n<body><p>The site has not built yet: the errors are shown \
    above and in the terminal. The page reloads by itself once they are fixed.</p></body></html>\n";

/// Open live-reload connections at most; a browser needs one per open page.
const MAX_CLIENTS: usize = 64;

/// A comment line sent when nothing happened for a while, so a closed page's thread notices.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The open live-reload connections.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// A new connection's stream of events, or `None` when too many are open.
    pub fn subscribe(&self) -> Option<Receiver<String>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        if clients.len() >= MAX_CLIENTS {
            return None;
        }
        let (tx, rx) = channel();
        clients.push(tx);
        Some(rx)
    }

    /// Sends `event` to every open connection, forgetting those that closed.
    pub fn broadcast(&self, event: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|tx| tx.send(event.to_string()).is_ok());
    }
}

/// Writes `first`, then each event, to one connection until the page goes away.
pub fn stream(writer: &mut dyn Write, first: &str, events: &Receiver<String>) {
    // `retry` makes the browser reconnect quickly after the server restarts.
    if send(writer, &format!("retry: 500\n\n{first}")).is_err() {
        return;
    }
    loop {
        let sent = match events.recv_timeout(KEEPALIVE) {
            Ok(event) => send(writer, &event),
            Err(RecvTimeoutError::Timeout) => send(writer, ": keepalive\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if sent.is_err() {
            return;
        }
    }
}

fn send(writer: &mut dyn Write, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

/// `html` with the live-reload script added before `</body>` (or at the end when there is none).
/// The page's build generation rides along, so the script can tell a stale page.
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__dossier/reload.js\" data-generation=\"{generation}\"></script>\n");
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></BODY></html>", 7)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__dossier/reload.js\" data-generation=\"7\"></script>\n</BODY></html>"
        );
        let out = String::from_utf8(inject(b"<p>no body", 1)).unwrap();
        assert!(out.starts_with("<p>no body<script"), "{out}");
    }

    #[test]
    fn closed_connections_are_forgotten() {
        let hub = Hub::default();
        let a = hub.subscribe().unwrap();
        let b = hub.subscribe().unwrap();
        drop(b);
        hub.broadcast("event: status\n\n");
        assert_eq!(a.try_recv().unwrap(), "event: status\n\n");
        assert_eq!(hub.clients.lock().unwrap().len(), 1);
    }

    #[test]
    fn a_stream_ends_when_its_page_goes_away() {
        let hub = Hub::default();
        let rx = hub.subscribe().unwrap();
        hub.broadcast("event: status\ndata: {}\n\n");
        drop(hub);
        let mut out = Vec::new();
        stream(&mut out, "event: status\ndata: {\"first\":true}\n\n", &rx);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("retry: 500\n\nevent: status\ndata: {\"first\":true}\n\n"), "{text}");
        assert!(text.ends_with("event: status\ndata: {}\n\n"), "{text}");
    }
}
