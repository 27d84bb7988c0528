//! Stand-ins for AWS on loopback, for the emulator tests: moto (scripts/moto-server) and the real
//! `bootstrap` under cargo-lambda's emulator. Each is stopped by PID when dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::util;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A moto server of the test's own.
pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    pub fn start() -> Self {
        Self::start_on(0)
    }

    /// With DynamoDB's transaction conflict rules in front of moto (`--conflicts 25`), as the
    /// test command's moto has them. (Not for Lambda: moto's own Invoke, which fails at once
    /// otherwise, hangs for minutes on the threaded server these rules need.)
    pub fn start_with_conflicts() -> Self {
        Self::try_start(0, &["--conflicts", "25"]).unwrap_or_else(|e| panic!("moto did not start: {e}"))
    }

    /// On a given port (to come back where a stopped one was). Another test's server may hold
    /// that port for a moment, so a refused bind is tried again for up to 10 s.
    pub fn start_on(port: u16) -> Self {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match Self::try_start_on(port) {
                Ok(moto) => return moto,
                Err(_) if port != 0 && std::time::Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("moto did not start on port {port}: {e}"),
            }
        }
    }

    fn try_start_on(port: u16) -> Result<Self, String> {
        Self::try_start(port, &[])
    }

    fn try_start(port: u16, extra: &[&str]) -> Result<Self, String> {
        let mut child = Command::new("python3")
            .arg(repo().join("scripts/moto-server"))
            .args(["--port", &port.to_string()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs scripts/moto-server (pip install 'moto[server]')");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        match line.trim().strip_prefix("PORT=").and_then(|p| p.parse().ok()) {
            Some(port) => Ok(Self { child, port }),
            None => {
                let status = child.wait();
                Err(format!("it printed {line:?} and ended with {status:?} (is the port taken?)"))
            }
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_ACCESS_KEY_ID", "test".into()),
            ("AWS_SECRET_ACCESS_KEY", "test".into()),
            ("AWS_REGION", "us-east-1".into()),
        ]
    }

    /// `kill -STOP` freezes it (connections are still accepted, nothing is answered), and
    /// `kill -CONT` thaws it.
    pub fn signal(&self, signal: &str) {
        assert!(util::send_signal(self.child.id(), signal), "kill -{signal} moto");
    }

    pub fn stop(&mut self) {
        util::send_signal(self.child.id(), "CONT");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn create_table(&self, table: &str) {
        let out = util::bin().args(["table", "create", "--table", table]).envs(self.env()).output().unwrap();
        assert!(out.status.success(), "table create: {}", String::from_utf8_lossy(&out.stderr));
    }

    async fn config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .endpoint_url(self.endpoint())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("test", "test", None, None, "test"))
            .load()
            .await
    }

    pub async fn client(&self) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::new(&self.config().await)
    }

    /// Reads `table`'s stream to its end and adds the views in it, as the aggregator does in the
    /// cloud (and `serve --store dynamodb` every second): once it returns, every view written so
    /// far is in the counts. Returns how many it added (none when another reader was first).
    pub async fn catch_up(&self, table: &str) -> u64 {
        let config = self.config().await;
        let follower = counter::StreamFollower::new(
            aws_sdk_dynamodb::Client::new(&config),
            aws_sdk_dynamodbstreams::Client::new(&config),
            table,
        );
        follower.catch_up().await.unwrap_or_else(|e| panic!("reading the stream of {table}: {}", e.chain()))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The real `bootstrap` serving function URL events from cargo-lambda's emulator.
pub struct Lambda {
    emulator: Child,
    function: Child,
    pub port: u16,
    log: std::sync::Arc<std::sync::Mutex<String>>,
    _scratch: tempfile::TempDir,
}

impl Lambda {
    pub fn start(moto: &Moto, table: &str) -> Self {
        Self::start_with_env(moto, table, &[])
    }

    /// As [`Lambda::start`], with more environment for `bootstrap` (`RUST_LOG`, its settings).
    pub fn start_with_env(moto: &Moto, table: &str, env: &[(&str, &str)]) -> Self {
        let bootstrap = Path::new(env!("CARGO_BIN_EXE_cloud-resume")).with_file_name("bootstrap");
        assert!(bootstrap.is_file(), "{} is missing: build it with cargo build -p lambda", bootstrap.display());
        // A free port can be taken by another test before the emulator binds it; the emulator
        // then exits, and a new port is tried.
        let mut failures = Vec::new();
        let (mut emulator, port, scratch) = loop {
            let port = free_port();
            match start_emulator(port) {
                Ok((child, scratch)) => break (child, port, scratch),
                Err(e) if failures.len() < 2 => failures.push(e),
                Err(e) => {
                    failures.push(e);
                    panic!("cargo lambda's runtime API did not start: {failures:#?}");
                }
            }
        };
        let function = Command::new(bootstrap)
            .envs(moto.env())
            .env("TABLE_NAME", table)
            .env("AWS_LAMBDA_RUNTIME_API", format!("http://127.0.0.1:{port}/.rt"))
            .env("AWS_LAMBDA_FUNCTION_NAME", "_")
            .env("AWS_LAMBDA_FUNCTION_VERSION", "1")
            .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut function = match function {
            Ok(f) => f,
            Err(e) => {
                let _ = emulator.kill();
                let _ = emulator.wait();
                panic!("starting bootstrap: {e}");
            }
        };
        let log = collect_output(&mut function);
        Self { emulator, function, port, log, _scratch: scratch }
    }

    /// Everything `bootstrap` has logged so far (stdout and stderr).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Invokes the function with `event` as Lambda invokes it (the emulator's Invoke API): its
    /// answer's status and body.
    pub async fn invoke(&self, event: &serde_json::Value) -> (u16, serde_json::Value) {
        let url = format!("http://127.0.0.1:{}/2015-03-31/functions/_/invocations", self.port);
        let http = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().unwrap();
        let answer = http.post(url).json(event).send().await.expect("the emulator answers an Invoke");
        let status = answer.status().as_u16();
        let text = answer.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| serde_json::json!({ "not-json": text })))
    }

    /// The function URL of the emulator for an API path.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/lambda-url/_{path}", self.port)
    }
}

impl Drop for Lambda {
    fn drop(&mut self) {
        for child in [&mut self.function, &mut self.emulator] {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `cargo lambda watch --only-lambda-apis` on `port`, returned once the port accepts
/// connections (its "starting Runtime server" line comes before the bind).
/// A crate of its own to start the emulator in: `cargo lambda` must not wait on the lock that
/// the running `cargo test` holds. With --only-lambda-apis it builds nothing.
fn scratch_crate() -> tempfile::TempDir {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(
        scratch.path().join("Cargo.toml"),
        "[package]\nname = \"emulator\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[[bin]]\nname = \"_\"\npath = \"main.rs\"\n",
    )
    .unwrap();
    std::fs::write(scratch.path().join("main.rs"), "fn main() {}\n").unwrap();
    scratch
}

/// Everything the child writes on stdout and stderr, as it comes (it logs progress on stdout and
/// failures on stderr; both are kept for the error message).
fn collect_output(child: &mut Child) -> std::sync::Arc<std::sync::Mutex<String>> {
    let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let streams: [Box<dyn std::io::Read + Send>; 2] =
        [Box::new(child.stdout.take().unwrap()), Box::new(child.stderr.take().unwrap())];
    for stream in streams {
        let output = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let mut output = output.lock().unwrap();
                output.push_str(&line);
                output.push('\n');
            }
        });
    }
    output
}

fn start_emulator(port: u16) -> Result<(Child, tempfile::TempDir), String> {
    let scratch = scratch_crate();
    let mut emulator = Command::new("cargo");
    // Not the variables cargo sets for this test (CARGO_MANIFEST_DIR, CARGO_TARGET_TMPDIR …):
    // under them cargo-lambda looks for this workspace and waits on its lock.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if (key.starts_with("CARGO") && key != "CARGO_HOME") || key.starts_with("RUST") {
            emulator.env_remove(key.as_ref());
        }
    }
    let mut emulator = emulator
        .args(["lambda", "watch", "--only-lambda-apis", "-A", "127.0.0.1", "-P", &port.to_string()])
        .current_dir(scratch.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cargo lambda runs (pip install cargo-lambda)");
    let output = collect_output(&mut emulator);
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let listening = output.lock().unwrap().contains("starting Runtime server")
            && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        // When the port is taken the bind fails quietly and the emulator exits (status 0), while
        // the connection reaches whoever holds the port: so it must still run a moment later.
        if listening {
            std::thread::sleep(Duration::from_millis(300));
            if emulator.try_wait().ok().flatten().is_none() {
                return Ok((emulator, scratch));
            }
        }
        let exited = emulator.try_wait().ok().flatten();
        if exited.is_some() || std::time::Instant::now() > deadline {
            let _ = emulator.kill();
            let _ = emulator.wait();
            std::thread::sleep(Duration::from_millis(100));
            let output = output.lock().unwrap();
            return Err(format!("port {port}, exit {exited:?}:\n{output}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}
