//! The accept loop: HTTP/1.1 connections served by hyper with the deadlines and the cap that a
//! server facing unknown clients needs, and a shutdown that cannot be held up.
//!
//! - **Head deadline**: a request's head (request line and headers) must arrive within
//!   [`Limits::head_timeout`], however slowly it trickles. hyper starts this clock whenever the
//!   connection waits for a head, so it is also the **idle keep-alive timeout**: a connection
//!   that sends nothing for that long is closed.
//! - **Body deadline**: the API reads a body within its own deadline (`api`), and no other route
//!   reads one; a body that is not read keeps the connection from being reused.
//! - **Connection cap**: at most [`Limits::max_connections`] open at once. When a new client
//!   comes and the cap is reached, the oldest connection with no request in progress (idle,
//!   or still sending its head) is closed to make room; if every one is busy, the newcomer is.
//! - **Shutdown**: idle and half-sent connections are dropped at once, requests in progress get
//!   [`Limits::shutdown_deadline`] to finish, then whatever is left is dropped.
//!
//! No line logged here names a client.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::{AbortHandle, JoinSet};
use tower::ServiceExt;

/// The deadlines and the cap of the accept loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a request's head may take to arrive, and how long a connection may stay idle.
    pub head_timeout: Duration,
    /// How many connections may be open at once.
    pub max_connections: usize,
    /// How long requests in progress get to finish after a stop is asked for.
    pub shutdown_deadline: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self { head_timeout: Duration::from_secs(5), max_connections: 512, shutdown_deadline: Duration::from_secs(5) }
    }
}

/// The largest read buffer of a connection, which bounds a request's head: 32 KiB (a longer head
/// is answered 431). With the cap, it bounds the memory that half-sent heads can hold.
const MAX_BUF_BYTES: usize = 32 * 1024;

/// How long to wait before accepting again after `accept` failed (out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// One open connection as the loop sees it.
struct Open {
    /// Requests in progress, from the head read to the last byte of the response sent.
    busy: Arc<AtomicUsize>,
    /// Asks the connection to finish its request in progress and close.
    finish: Arc<Notify>,
    abort: AbortHandle,
}

#[derive(Default)]
struct Registry(Mutex<BTreeMap<u64, Open>>);

impl Registry {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, Open>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Closes the oldest connection without a request in progress; false when every one is busy.
    /// It leaves the registry at once, so that the next eviction picks another.
    fn evict_oldest_idle(&self) -> bool {
        let mut open = self.lock();
        let idle = open.iter().find(|(_, c)| c.busy.load(Ordering::SeqCst) == 0).map(|(id, _)| *id);
        match idle.and_then(|id| open.remove(&id)) {
            Some(evicted) => {
                evicted.abort.abort();
                true
            }
            None => false,
        }
    }
}

/// Removes a connection from the registry when its task ends, however it ends.
struct Deregister {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for Deregister {
    fn drop(&mut self) {
        self.registry.lock().remove(&self.id);
    }
}

/// Counts one request in progress for as long as it lives.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn start(counter: &Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(counter))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves `app` on `listener` until `stop` resolves, then shuts down as the module says.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits, stop: impl Future<Output = ()>) {
    let registry = Arc::new(Registry::default());
    let mut tasks = JoinSet::new();
    let mut next_id = 0_u64;
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        tracing::warn!(error = %err, "could not accept a connection");
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                };
                let full = registry.lock().len() >= limits.max_connections;
                if full && !registry.evict_oldest_idle() {
                    tracing::warn!(open = limits.max_connections, "every connection is busy; closing a new one");
                    continue;
                }
                let busy = Arc::new(AtomicUsize::new(0));
                let finish = Arc::new(Notify::new());
                let mut open = registry.lock();
                let deregister = Deregister { registry: Arc::clone(&registry), id: next_id };
                let connection = Connection { stream, peer, app: app.clone(), busy: Arc::clone(&busy), finish: Arc::clone(&finish) };
                let abort = tasks.spawn(connection.serve(limits.head_timeout, deregister));
                open.insert(next_id, Open { busy, finish, abort });
                next_id += 1;
            }
        }
    }
    drop(listener);
    for open in registry.lock().values() {
        if open.busy.load(Ordering::SeqCst) == 0 {
            open.abort.abort();
        } else {
            open.finish.notify_one();
        }
    }
    let finished = tokio::time::timeout(limits.shutdown_deadline, async { while tasks.join_next().await.is_some() {} });
    if finished.await.is_err() {
        tracing::warn!(left = tasks.len(), "requests still in progress at the shutdown deadline were dropped");
        tasks.shutdown().await;
    }
}

struct Connection {
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    busy: Arc<AtomicUsize>,
    finish: Arc<Notify>,
}

impl Connection {
    async fn serve(self, head_timeout: Duration, _deregister: Deregister) {
        let Self { stream, peer, app, busy, finish } = self;
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let in_progress = Busy::start(&busy);
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            let answer = app.clone().oneshot(request);
            async move {
                let response = answer.await.unwrap_or_else(|never: Infallible| match never {});
                // Busy until hyper drops the body, after its last byte is written.
                Ok::<_, Infallible>(response.map(|body| {
                    Body::new(body.map_frame(move |frame| {
                        let _ = &in_progress;
                        frame
                    }))
                }))
            }
        });
        let mut builder = http1::Builder::new();
        builder.timer(TokioTimer::new()).header_read_timeout(head_timeout).max_buf_size(MAX_BUF_BYTES);
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        tokio::pin!(connection);
        tokio::select! {
            // Errors here are the client's doing (a reset, a head too slow): nothing to report.
            _ = connection.as_mut() => return,
            () = finish.notified() => {}
        }
        connection.as_mut().graceful_shutdown();
        let _ = connection.await;
    }
}
