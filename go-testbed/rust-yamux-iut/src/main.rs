//! The Rust `yamux` crate as the implementation under test of `go-netrpc conformance yamux`
//! (adapter `--iut rust-yamux`). It does the IUT duty of src/conformance/yamux/duty.ts with the
//! crate's public API only: a `Connection` per TCP connection (Mode::Server, or Mode::Client when
//! YAMUX_CONFORMANCE_ROLE=client), every inbound stream echoed until the kit's FIN, then closed;
//! the optional `OPEN <n> <size>[ hold]` command through `poll_new_outbound`. The crate has no
//! keepalive, StreamOpenTimeout or StreamCloseTimeout, so the adapter declares only `open`.
//! One OS thread per connection runs a single-threaded executor (async-io reactor).
use std::cell::RefCell;
use std::collections::VecDeque;
use std::net::{TcpListener, TcpStream};
use std::rc::Rc;
use std::task::{Poll, Waker};

use async_io::Async;
use futures::executor::LocalPool;
use futures::future::poll_fn;
use futures::task::LocalSpawnExt;
use futures::{AsyncReadExt, AsyncWriteExt};
use yamux::{Config, Connection, Mode, Stream};

/// Byte i of a stream opened on request: (id*31 + i) % 251.
fn pattern(size: usize, id: u32) -> Vec<u8> {
    let base = (id as u64 * 31) % 251;
    (0..size as u64).map(|i| ((base + i) % 251) as u8).collect()
}

/// Requests for outbound streams, served by the connection's driver.
#[derive(Default)]
struct Opens {
    queue: VecDeque<futures::channel::oneshot::Sender<Stream>>,
    waker: Option<Waker>,
}

type SharedOpens = Rc<RefCell<Opens>>;

async fn open_stream(opens: &SharedOpens) -> Option<Stream> {
    let (tx, rx) = futures::channel::oneshot::channel();
    {
        let mut o = opens.borrow_mut();
        o.queue.push_back(tx);
        if let Some(w) = o.waker.take() {
            w.wake();
        }
    }
    rx.await.ok()
}

async fn drain(stream: &mut Stream) {
    let mut buf = vec![0u8; 16 * 1024];
    while let Ok(n) = stream.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
}

async fn run_open(opens: SharedOpens, n: usize, size: usize, hold: bool) -> bool {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let Some(mut s) = open_stream(&opens).await else { return false };
        tasks.push(async move {
            let data = pattern(size, s.id().val());
            if s.write_all(&data).await.is_err() {
                return false;
            }
            if hold {
                drain(&mut s).await;
                s.close().await.is_ok()
            } else {
                let ok = s.close().await.is_ok();
                drain(&mut s).await;
                ok
            }
        });
    }
    futures::future::join_all(tasks).await.into_iter().all(|x| x)
}

async fn serve_stream(mut s: Stream, opens: SharedOpens, spawner: futures::executor::LocalSpawner) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut head: Vec<u8> = Vec::new();
    // Decide between a command and an echo on the first 5 bytes.
    while head.len() < 5 {
        match s.read(&mut buf).await {
            Ok(0) => {
                let _ = s.write_all(&head).await;
                let _ = s.close().await;
                return;
            }
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(_) => return,
        }
    }
    if &head[..5] == b"OPEN " {
        let mut rest = Vec::new();
        if s.read_to_end(&mut rest).await.is_err() {
            return;
        }
        head.extend_from_slice(&rest);
        let text = String::from_utf8_lossy(&head).to_string();
        let line = text.strip_suffix('\n').unwrap_or(&text);
        let parts: Vec<&str> = line.split(' ').collect();
        let parsed = match parts.as_slice() {
            ["OPEN", n, size] => n.parse::<usize>().ok().zip(size.parse::<usize>().ok()).map(|(n, z)| (n, z, false)),
            ["OPEN", n, size, "hold"] => n.parse::<usize>().ok().zip(size.parse::<usize>().ok()).map(|(n, z)| (n, z, true)),
            _ => None,
        };
        let reply: &[u8] = match parsed {
            None => b"ERR bad command\n",
            Some((n, size, hold)) => {
                // The streams run on their own; the reply does not wait for them (as Go's IUT).
                let o = opens.clone();
                let _ = spawner.spawn_local(async move {
                    run_open(o, n, size, hold).await;
                });
                b"OK\n"
            }
        };
        let _ = s.write_all(reply).await;
        let _ = s.close().await;
        return;
    }
    if s.write_all(&head).await.is_err() {
        return;
    }
    loop {
        match s.read(&mut buf).await {
            Ok(0) => break,
            Ok(n) => {
                if s.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
            Err(_) => return,
        }
    }
    let _ = s.close().await;
}

fn serve_conn(sock: TcpStream, mode: Mode) {
    let _ = sock.set_nodelay(true);
    let Ok(sock) = Async::new(sock) else { return };
    let mut pool = LocalPool::new();
    let spawner = pool.spawner();
    let opens: SharedOpens = Rc::default();
    let mut conn = Connection::new(sock, Config::default(), mode);
    let driver_opens = opens.clone();
    let driver_spawner = spawner.clone();
    pool.run_until(poll_fn(move |cx| {
        // Outbound streams requested by OPEN commands.
        loop {
            let mut o = driver_opens.borrow_mut();
            if o.queue.is_empty() {
                o.waker = Some(cx.waker().clone());
                break;
            }
            match conn.poll_new_outbound(cx) {
                Poll::Ready(Ok(s)) => {
                    if let Some(tx) = o.queue.pop_front() {
                        let _ = tx.send(s);
                    }
                }
                Poll::Ready(Err(_)) => {
                    o.queue.clear();
                    break;
                }
                Poll::Pending => break,
            }
        }
        // Drives the connection: every inbound stream is served.
        loop {
            match conn.poll_next_inbound(cx) {
                Poll::Ready(Some(Ok(s))) => {
                    let _ = driver_spawner.spawn_local(serve_stream(s, driver_opens.clone(), driver_spawner.clone()));
                }
                Poll::Ready(Some(Err(_))) | Poll::Ready(None) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    }));
}

fn mode_from_env() -> Mode {
    match std::env::var("YAMUX_CONFORMANCE_ROLE").as_deref() {
        Ok("client") => Mode::Client,
        _ => Mode::Server,
    }
}

fn main() {
    let mode = mode_from_env();
    if let Ok(addr) = std::env::var("YAMUX_CONFORMANCE_LISTEN") {
        let listener = TcpListener::bind(&addr).unwrap_or_else(|e| {
            eprintln!("rust-yamux-iut: cannot listen on {addr}: {e}");
            std::process::exit(2)
        });
        eprintln!("listening {}", listener.local_addr().map(|a| a.to_string()).unwrap_or(addr));
        for sock in listener.incoming().flatten() {
            let m = mode;
            std::thread::spawn(move || serve_conn(sock, m));
        }
        return;
    }
    let Ok(addr) = std::env::var("YAMUX_CONFORMANCE_DIAL") else {
        eprintln!("rust-yamux-iut: set YAMUX_CONFORMANCE_DIAL or YAMUX_CONFORMANCE_LISTEN");
        std::process::exit(2)
    };
    // Keep one idle connection waiting: the next is dialled once this one receives its first
    // byte (or closes idle); a refused dial means the kit is done.
    loop {
        let Ok(sock) = TcpStream::connect(&addr) else { return };
        let mut b = [0u8; 1];
        match sock.peek(&mut b) {
            Ok(0) | Err(_) => continue,
            Ok(_) => {
                let m = mode;
                std::thread::spawn(move || serve_conn(sock, m));
            }
        }
    }
}
