//! Live reload: the script injected into served pages, and the server-sent events that tell
//! open pages about each build (reload, swap stylesheets, or show the build's errors).
//!
//! The script goes into HTML responses at serve time, never into the built files, so the
//! preview's pages are otherwise byte for byte what `dossier build` writes.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mio::Waker;

/// The browser side: listens to `/__dossier/events`, reloads the page or its stylesheets, and
/// shows build errors in an overlay.
pub const SCRIPT: &str = include_str!("reload.js");

/// Served for every page while no build has succeeded yet; the script shows why.
pub const NOT_BUILT_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>dossier: no build yet</title></head>\n<body><p>The site has not built yet: the errors are shown \
    above and in the terminal. The page reloads by itself once they are fixed.</p></body></html>\n";

/// Open live-reload connections at most; a browser needs one per open page. A page that is
/// closed gives its slot back as soon as the server sees its connection close.
pub const MAX_CLIENTS: usize = 64;

/// A comment line sent when nothing happened for a while, so that a page whose machine went
/// away without closing the connection is found out.
pub const KEEPALIVE: Duration = Duration::from_secs(15);

/// What an event stream starts with. `retry` makes the browser reconnect quickly after the
/// server restarts, or after the server dropped a page that stopped reading.
pub const STREAM_HEAD: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
    Connection: close\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";

/// Carries each build's event to the connection thread, which writes it to every open page.
#[derive(Default)]
pub struct Hub {
    link: Mutex<Option<(Sender<String>, Arc<Waker>)>>,
}

impl Hub {
    /// The events broadcast from now on; `waker` is woken after each one.
    pub fn connect(&self, waker: Arc<Waker>) -> Receiver<String> {
        let (tx, rx) = channel();
        *self.link.lock().unwrap_or_else(|e| e.into_inner()) = Some((tx, waker));
        rx
    }

    /// Sends `event` to every open page (nowhere before the server started).
    pub fn broadcast(&self, event: &str) {
        let link = self.link.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((tx, waker)) = link.as_ref()
            && tx.send(event.to_string()).is_ok()
        {
            let _ = waker.wake();
        }
    }
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
    fn events_reach_the_connection_thread_and_wake_it() {
        let hub = Hub::default();
        hub.broadcast("event: status\ndata: {\"before\":true}\n\n");
        let mut poll = mio::Poll::new().unwrap();
        let waker = Arc::new(Waker::new(poll.registry(), mio::Token(7)).unwrap());
        let rx = hub.connect(waker);
        hub.broadcast("event: status\ndata: {}\n\n");
        let mut events = mio::Events::with_capacity(4);
        poll.poll(&mut events, Some(Duration::from_secs(30))).unwrap();
        assert!(events.iter().any(|e| e.token() == mio::Token(7)), "the thread is woken");
        assert_eq!(rx.try_iter().collect::<Vec<_>>(), ["event: status\ndata: {}\n\n"], "only events after connect");
    }
}
