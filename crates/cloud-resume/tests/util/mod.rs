//! Runs the real `cloud-resume` binary for integration tests: a server on a free loopback port,
//! its log captured, stopped by PID when the test is done.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// The example resume at the root of the repository.
pub fn example_resume() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/resume.json")
}

/// `kill -SIGNAL pid`; whether it was delivered.
pub fn send_signal(pid: u32, signal: &str) -> bool {
    Command::new("kill").arg(format!("-{signal}")).arg(pid.to_string()).status().is_ok_and(|s| s.success())
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cloud-resume"))
}

/// `build --pdf` of `resume` with `extra` arguments into `dist/` of a new folder, with a `PATH`
/// that holds no browser (nor anything else).
#[allow(dead_code)]
pub fn build_pdf(resume: &Path, extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("build")
        .arg("--pdf")
        .arg("--resume")
        .arg(resume)
        .arg("--out")
        .arg(dir.path().join("dist"))
        .args(extra)
        .env_remove("CHROMIUM_PATH")
        .env("PATH", dir.path())
        .output()
        .unwrap();
    (out, dir)
}

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `cloud-resume serve` on a free port with the given data dir and extra arguments.
    pub fn start(data_dir: &Path, extra: &[&str]) -> Self {
        Self::start_with_env(data_dir, extra, &[])
    }

    pub fn start_with_env(data_dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_wrapped(&[], data_dir, extra, env)
    }

    /// Starts the server as `WRAPPER… DATA_DIR cloud-resume serve …`: the wrapper gets the data
    /// directory, then must `exec` the rest (like `unshare … sh -c '… "$0"; exec "$@"'`), so that
    /// the process ID stays the server's.
    pub fn start_wrapped(wrapper: &[&str], data_dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        Self::start_full(wrapper, &example_resume(), data_dir, extra, env)
    }

    /// Starts `cloud-resume serve --resume RESUME …` (see [`Server::start_wrapped`]).
    pub fn start_full(wrapper: &[&str], resume: &Path, data_dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut cmd = match wrapper.split_first() {
            Some((program, args)) => {
                let mut cmd = Command::new(program);
                cmd.args(args).arg(data_dir).arg(env!("CARGO_BIN_EXE_cloud-resume"));
                cmd
            }
            None => bin(),
        };
        cmd.arg("serve")
            .arg("--resume")
            .arg(resume)
            .arg("--data-dir")
            .arg(data_dir)
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("start cloud-resume serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            let mut announced = false;
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                if !announced && let Some(rest) = line.split("serving http://").nth(1) {
                    let addr = rest.split('/').next().unwrap_or_default().to_owned();
                    let _ = tx.send(addr);
                    announced = true;
                }
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(addr) => addr.parse().expect("announced address"),
            Err(_) => {
                let _ = child.kill();
                panic!("server did not start; log:\n{}", log.lock().unwrap());
            }
        };
        Self { child, addr, data_dir: data_dir.to_owned(), log }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends `signal` (e.g. "TERM", "KILL") and waits for the process to exit.
    pub fn stop_with(&mut self, signal: &str) -> std::process::ExitStatus {
        self.signal(signal);
        self.wait_for_exit()
    }

    pub fn signal(&self, signal: &str) {
        assert!(send_signal(self.pid(), signal), "kill -{signal} failed");
    }

    /// Waits (up to 20 s) for the process to exit.
    pub fn wait_for_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Let the log reader drain the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(Instant::now() < deadline, "server did not stop after SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends `head` (request line and headers, without the blank line) and `body` on a
    /// connection of its own, closed after the answer; the status and the body's bytes.
    fn exchange(&self, head: &str, body: &str, timeout: Duration) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(timeout)).unwrap();
        write!(stream, "{head}\r\nHost: {}\r\nUser-Agent: {FIREFOX}\r\nConnection: close\r\n\r\n{body}", self.addr)
            .unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let split = response.windows(4).position(|w| w == b"\r\n\r\n").map_or(response.len(), |i| i + 4);
        let status_line = String::from_utf8_lossy(&response[..split]);
        let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, response[split..].to_vec())
    }

    /// `GET target` as [`Server::raw_get`] sends it; the status and the body's bytes.
    #[allow(dead_code)]
    pub fn raw_get_bytes(&self, target: &str) -> (u16, Vec<u8>) {
        self.exchange(&format!("GET {target} HTTP/1.1"), "", Duration::from_secs(30))
    }

    /// Sends a request exactly as written (no client-side normalisation of the path) and
    /// returns the status code and body.
    pub fn raw_get(&self, target: &str) -> (u16, String) {
        let (status, body) = self.exchange(&format!("GET {target} HTTP/1.1"), "", Duration::from_secs(10));
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// A browser's view of `path` (`POST /api/visits`, same origin, over a connection of its
    /// own): the status and the JSON answer.
    #[allow(dead_code)]
    pub fn post_visit_from(&self, path: &str) -> (u16, serde_json::Value) {
        let body = serde_json::json!({ "path": path }).to_string();
        let head =
            format!("POST /api/visits HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}", body.len());
        let (status, answer) = self.exchange(&head, &body, Duration::from_secs(10));
        (status, serde_json::from_slice(&answer).unwrap_or_default())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// `serve` arguments that turn the inflation cap off, for tests that send many new visitors
/// from one address (loopback) to test something else.
pub const NO_CAP: &[&str] = &["--views-per-ip-hour", "0"];

/// POSTs a view of `path` as the given User-Agent (and, with `--trust-proxy`, forwarded IP).
pub async fn post_visit(
    client: &reqwest::Client,
    server_url: &str,
    path: &str,
    ua: &str,
    ip: Option<&str>,
) -> reqwest::Result<serde_json::Value> {
    let mut req = client
        .post(server_url)
        .header("user-agent", ua)
        .header("content-type", "application/json")
        .body(serde_json::json!({ "path": path }).to_string());
    if let Some(ip) = ip {
        req = req.header("x-forwarded-for", ip);
    }
    req.send().await?.error_for_status()?.json().await
}

pub async fn totals(client: &reqwest::Client, server: &Server, path: &str) -> (u64, u64) {
    let v: serde_json::Value =
        client.get(server.url(&format!("/api/visits?path={path}"))).send().await.unwrap().json().await.unwrap();
    (v["views"].as_u64().unwrap(), v["visitors"].as_u64().unwrap())
}

/// Every byte of every file under `dir`, as lossy text, with the file names.
pub fn all_files_text(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out
}

/// A fixture shared with the site crate's tests.
pub fn site_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../resume/tests/fixtures").join(name)
}
