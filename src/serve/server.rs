//! Connections: a fixed set of threads, whatever browsers and other clients do.
//!
//! One thread (`dossier-http`) waits on every socket at once with `mio`: it accepts
//! connections, reads each request head as it arrives, and holds the open live-reload streams,
//! writing each build's event to them and noticing at once when one closes. A request whose head
//! has all arrived goes to one of [`WORKERS`] threads, which answers it from memory and closes the
//! connection. So a connection that sends nothing, or half a request, costs a socket and a few
//! bytes until [`HEAD_TIMEOUT`], never a thread; and no more than [`MAX_WAITING`] of them are
//! kept (the oldest is dropped to make room for a new one).

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::http::{self, Request, Response};
use super::reload::{self, KEEPALIVE, MAX_CLIENTS};
use super::state::State;
use super::tell;

/// Threads answering requests. Each request is answered from memory in well under a
/// millisecond, so a few serve many pages at once; none ever waits for a request to arrive.
pub const WORKERS: usize = 4;

/// Connections whose request has not all arrived yet, at most.
pub const MAX_WAITING: usize = 256;

/// How long a connection may take to send its request head before it is closed.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long writing a response may block before the connection is given up.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Requests that have arrived and wait for a worker, at most; beyond them the server answers
/// 503 at once.
const QUEUE: usize = 64;

const LISTENER: Token = Token(0);
const WAKE: Token = Token(1);
const FIRST_CONNECTION: usize = 2;

/// A request that has arrived, for a worker to answer.
struct Job {
    stream: std::net::TcpStream,
    request: Result<Request, Response>,
}

/// Starts serving `listener` on a connection thread and [`WORKERS`] workers.
pub fn start(listener: std::net::TcpListener, state: Arc<State>) -> std::io::Result<()> {
    // On a loopback address only this machine can connect, but a web page elsewhere could still
    // reach the preview through a domain that resolves to 127.0.0.1 (DNS rebinding): there, only
    // requests that name this machine in `Host` are answered.
    let loopback = listener.local_addr().map(|a| a.ip().is_loopback()).unwrap_or(false);
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry().register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKE)?);
    let events = state.hub().connect(waker);
    let (jobs, queue) = sync_channel::<Job>(QUEUE);
    let queue = Arc::new(Mutex::new(queue));
    for n in 0..WORKERS {
        let (queue, state) = (Arc::clone(&queue), Arc::clone(&state));
        std::thread::Builder::new().name(format!("dossier-http-{n}")).spawn(move || work(&queue, &state, loopback))?;
    }
    let connections = Connections {
        poll,
        listener,
        events,
        jobs,
        state,
        loopback,
        next: FIRST_CONNECTION,
        waiting: BTreeMap::new(),
        streams: BTreeMap::new(),
        keepalive_at: Instant::now() + KEEPALIVE,
    };
    std::thread::Builder::new().name("dossier-http".into()).spawn(move || connections.run())?;
    Ok(())
}

/// A worker: answers requests until the connection thread is gone.
fn work(queue: &Mutex<Receiver<Job>>, state: &State, loopback: bool) {
    loop {
        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok(Job { mut stream, request }) = job else { return };
        let (response, head_only) = match request {
            Ok(request) => {
                // A bug in answering one request must not cost the server a worker.
                let answer = std::panic::catch_unwind(AssertUnwindSafe(|| http::answer(&request, state, loopback)));
                let response =
                    answer.unwrap_or_else(|_| http::text_response(500, "internal error: see the terminal\n"));
                (response, request.method == "HEAD")
            }
            Err(refusal) => (refusal, false),
        };
        // A client that stops reading holds a worker for WRITE_TIMEOUT at most.
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let _ = response.write_to(&mut stream, head_only);
        let _ = stream.shutdown(Shutdown::Write);
    }
}

/// A connection whose request head has not all arrived.
struct Waiting {
    stream: TcpStream,
    head: Vec<u8>,
    deadline: Instant,
}

/// Everything the connection thread holds. Connections are keyed by their token, which grows
/// with each connection, so the first waiting one is the oldest and has the nearest deadline.
struct Connections {
    poll: Poll,
    listener: TcpListener,
    /// Each build's event, from [`reload::Hub::broadcast`].
    events: Receiver<String>,
    jobs: SyncSender<Job>,
    state: Arc<State>,
    loopback: bool,
    next: usize,
    waiting: BTreeMap<usize, Waiting>,
    /// Open live-reload streams: each holds one of [`MAX_CLIENTS`] slots until it closes.
    streams: BTreeMap<usize, TcpStream>,
    keepalive_at: Instant,
}

impl Connections {
    fn run(mut self) {
        let mut ready = Events::with_capacity(256);
        loop {
            let now = Instant::now();
            let mut wake_at = self.keepalive_at;
            if let Some(first) = self.waiting.values().next() {
                wake_at = wake_at.min(first.deadline);
            }
            if let Err(e) = self.poll.poll(&mut ready, Some(wake_at.saturating_duration_since(now))) {
                if e.kind() == ErrorKind::Interrupted {
                    continue;
                }
                tell(format_args!("error: the preview server stopped answering requests: {e}\n"));
                return;
            }
            for event in ready.iter() {
                match event.token() {
                    LISTENER => self.accept(),
                    WAKE => {}
                    Token(n) if self.waiting.contains_key(&n) => self.read_head(n),
                    Token(n) => {
                        if self.streams.get(&n).is_some_and(|s| !still_open(s)) {
                            self.close_stream(n);
                        }
                    }
                }
            }
            self.broadcast();
            self.expire();
        }
    }

    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((mut stream, _)) => {
                    if self.waiting.len() >= MAX_WAITING
                        && let Some((_, oldest)) = self.waiting.pop_first()
                    {
                        self.drop_waiting(oldest);
                    }
                    let n = self.next;
                    self.next += 1;
                    if self.poll.registry().register(&mut stream, Token(n), Interest::READABLE).is_ok() {
                        let deadline = Instant::now() + HEAD_TIMEOUT;
                        self.waiting.insert(n, Waiting { stream, head: Vec::new(), deadline });
                    }
                }
                Err(e) if matches!(e.kind(), ErrorKind::Interrupted | ErrorKind::ConnectionAborted) => {}
                // WouldBlock: all accepted. Anything else (out of file descriptors): the next
                // connection wakes this thread again, and waiting ones time out meanwhile.
                Err(_) => return,
            }
        }
    }

    /// Reads what arrived of a request; hands it on once its head is complete.
    fn read_head(&mut self, n: usize) {
        let Some(waiting) = self.waiting.get_mut(&n) else { return };
        let mut buf = [0u8; 4096];
        loop {
            match waiting.stream.read(&mut buf) {
                Ok(0) => break,
                Ok(got) => {
                    waiting.head.extend_from_slice(&buf[..got]);
                    if let Some(request) = http::parse_head(&waiting.head) {
                        let Some(waiting) = self.waiting.remove(&n) else { return };
                        return self.dispatch(n, waiting.stream, request);
                    }
                    if waiting.head.len() > http::MAX_HEAD {
                        let Some(waiting) = self.waiting.remove(&n) else { return };
                        let refusal = http::text_response(431, "the request head is too large\n");
                        return self.dispatch(n, waiting.stream, Err(refusal));
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        // Closed or failed before its request was complete.
        if let Some(waiting) = self.waiting.remove(&n) {
            self.drop_waiting(waiting);
        }
    }

    /// Keeps a live-reload stream open here, or gives the request to a worker.
    fn dispatch(&mut self, n: usize, mut stream: TcpStream, request: Result<Request, Response>) {
        if let Ok(r) = &request
            && http::is_event_stream(r, self.loopback)
        {
            match self.subscribe(n, stream) {
                Ok(()) => return,
                Err(refused) => stream = refused,
            }
        }
        let _ = self.poll.registry().deregister(&mut stream);
        let stream = into_std(stream);
        if stream.set_nonblocking(false).is_err() {
            return;
        }
        match self.jobs.try_send(Job { stream, request }) {
            Ok(()) => {}
            Err(TrySendError::Full(job)) => {
                // Every worker is busy and many requests wait: say so now rather than queue more.
                let busy = http::text_response(503, "the preview server is busy: reload the page\n");
                let mut stream = job.stream;
                if stream.set_nonblocking(true).is_ok() {
                    let _ = busy.write_to(&mut stream, false);
                }
            }
            Err(TrySendError::Disconnected(_)) => {}
        }
    }

    /// Opens a live-reload stream, unless every slot is taken even after forgetting the pages
    /// that closed; then the stream comes back, for a worker to refuse.
    fn subscribe(&mut self, n: usize, mut stream: TcpStream) -> Result<(), TcpStream> {
        if self.streams.len() >= MAX_CLIENTS {
            // A page may have closed a moment ago, its close not yet seen by `run`.
            let closed: Vec<usize> = self.streams.iter().filter(|(_, s)| !still_open(s)).map(|(n, _)| *n).collect();
            for n in closed {
                self.close_stream(n);
            }
        }
        if self.streams.len() >= MAX_CLIENTS {
            return Err(stream);
        }
        let first = format!("{}{}", reload::STREAM_HEAD, self.state.status_event());
        if send_now(&stream, first.as_bytes()) {
            self.streams.insert(n, stream);
            self.state.set_live_reload(self.streams.len());
        } else {
            let _ = self.poll.registry().deregister(&mut stream);
        }
        Ok(())
    }

    /// Writes the events of the builds since the last call, or a keepalive when it is due, to
    /// every open page.
    fn broadcast(&mut self) {
        let mut text: String = self.events.try_iter().collect();
        if Instant::now() >= self.keepalive_at {
            text.push_str(": keepalive\n\n");
            self.keepalive_at = Instant::now() + KEEPALIVE;
        }
        if text.is_empty() {
            return;
        }
        let failed: Vec<usize> =
            self.streams.iter().filter(|(_, s)| !send_now(s, text.as_bytes())).map(|(n, _)| *n).collect();
        for n in failed {
            self.close_stream(n);
        }
    }

    /// Closes the connections whose request did not arrive in time.
    fn expire(&mut self) {
        let now = Instant::now();
        while let Some(entry) = self.waiting.first_entry() {
            if entry.get().deadline > now {
                return;
            }
            let mut waiting = entry.remove();
            if !waiting.head.is_empty() {
                let late = http::text_response(408, "the request did not arrive in time\n");
                let _ = late.write_to(&mut waiting.stream, false);
            }
            self.drop_waiting(waiting);
        }
    }

    fn drop_waiting(&mut self, mut waiting: Waiting) {
        let _ = self.poll.registry().deregister(&mut waiting.stream);
    }

    fn close_stream(&mut self, n: usize) {
        if let Some(mut stream) = self.streams.remove(&n) {
            let _ = self.poll.registry().deregister(&mut stream);
            self.state.set_live_reload(self.streams.len());
        }
    }
}

/// False once the page at the other end closed the connection. A page sends nothing on its
/// event stream, so anything it does send is read and ignored.
fn still_open(mut stream: &TcpStream) -> bool {
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Writes all of `bytes` without waiting. An event is a few hundred bytes and the socket's
/// buffer holds many of them: a page that cannot take one more has stopped reading, and is
/// dropped (its script reconnects, and the first event of a stream is always the current status).
fn send_now(mut stream: &TcpStream, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        match stream.write(bytes) {
            Ok(0) => return false,
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}

#[cfg(unix)]
fn into_std(stream: TcpStream) -> std::net::TcpStream {
    std::net::TcpStream::from(std::os::fd::OwnedFd::from(stream))
}

#[cfg(windows)]
fn into_std(stream: TcpStream) -> std::net::TcpStream {
    std::net::TcpStream::from(std::os::windows::io::OwnedSocket::from(stream))
}
