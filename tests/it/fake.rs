//! A raw TCP server for the faults wiremock cannot make: connections closed or reset mid-call,
//! truncated or garbage responses, bodies that drip in slowly or never end.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with each connection, after reading the request head.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Closes the connection without answering.
    CloseBeforeResponse,
    /// Sends the status line and headers of a 200 with a 1000-byte body, 10 bytes of it, then resets
    /// the connection.
    ResetMidBody,
    /// Declares `Content-Length: 100`, sends 14 bytes, then closes.
    TruncatedBody,
    /// Answers with bytes that are not HTTP.
    Garbage,
    /// Sends a 200 head, then one body byte every 100 ms, forever.
    SlowDrip,
    /// Sends a chunked 200 body without `Content-Length`, endless.
    EndlessChunkedBody,
}

/// A running fake server; it stops when dropped.
pub struct FakeServer {
    pub address: SocketAddr,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeServer {
    pub async fn start(fault: Fault) -> FakeServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
        let address = listener.local_addr().expect("bound");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(socket, fault));
            }
        });
        FakeServer {
            address,
            connections,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many connections were accepted (one per attempt: every fault ends its connection).
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_head(socket: &mut TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
}

async fn serve(mut socket: TcpStream, fault: Fault) {
    read_head(&mut socket).await;
    let _ = match fault {
        Fault::CloseBeforeResponse => Ok(()),
        Fault::ResetMidBody => {
            let _ = socket
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"action\":",
                )
                .await;
            // Zero linger turns the close into a reset. It is deprecated because closing then blocks
            // the thread, which cannot happen with zero linger.
            #[allow(deprecated)]
            let _ = socket.set_linger(Some(Duration::ZERO));
            Ok(())
        }
        Fault::TruncatedBody => socket
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"action\":\"OK\"",
            )
            .await,
        Fault::Garbage => {
            socket
                .write_all(b"SSH-2.0-OpenSSH_9.6\r\n\x00\x01\x02garbage\r\n\r\n")
                .await
        }
        Fault::SlowDrip => drip(&mut socket).await,
        Fault::EndlessChunkedBody => endless(&mut socket).await,
    };
    let _ = socket.shutdown().await;
}

async fn drip(socket: &mut TcpStream) -> std::io::Result<()> {
    socket
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n")
        .await?;
    loop {
        socket.write_all(b" ").await?;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn endless(socket: &mut TcpStream) -> std::io::Result<()> {
    socket
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
        .await?;
    let chunk = format!("{:x}\r\n{}\r\n", 16 * 1024, "x".repeat(16 * 1024));
    loop {
        socket.write_all(chunk.as_bytes()).await?;
    }
}
