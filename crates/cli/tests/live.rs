//! `okrpad live` against the real relay: the stock `@y/websocket-server` (relay/, pinned
//! and installed by `scripts/setup.sh relay`, which `make test` runs), started by each
//! test on a free port with its own data folder; for wss:// rooms, behind a TLS
//! terminator (a few lines of Node) with a self-signed certificate made by the test.

mod support;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use okrpad_core::formats::file;
use okrpad_core::model::Document;
use support::{repo_root, run_binary};

/// A relay process, stopped when dropped.
struct Relay {
    child: Child,
    port: u16,
    data: PathBuf,
}

impl Relay {
    /// Starts the relay, or `None` (with a message) when it is not installed.
    fn start(data: &Path, port: u16) -> Option<Relay> {
        let server = repo_root().join("relay/node_modules/@y/websocket-server/src/server.js");
        if !server.exists() {
            eprintln!("SKIPPED: the relay is not installed: run `scripts/setup.sh relay` (make test does)");
            return None;
        }
        let mut command = Command::new("node");
        command
            .arg(&server)
            .current_dir(repo_root().join("relay"))
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("YPERSISTENCE", data);
        let child = listening(command, port, "the relay")?;
        Some(Relay { child, port, data: data.to_owned() })
    }

    fn url(&self, room: &str) -> String {
        format!("ws://127.0.0.1:{}/{room}", self.port)
    }

    fn restart(mut self) -> Relay {
        let (port, data) = (self.port, self.data.clone());
        let _ = self.child.kill();
        let _ = self.child.wait();
        drop(self);
        Relay::start(&data, port).expect("the relay starts again")
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a node `command` and waits until it listens on `port`, or returns `None`
/// (with a message) when node is not installed.
fn listening(mut command: Command, port: u16, what: &str) -> Option<Child> {
    let Ok(mut child) = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn() else {
        eprintln!("SKIPPED: node is not installed");
        return None;
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not start");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(child)
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0)).and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okrpad-live-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temp folder");
    dir
}

/// A room id of 128 random-looking bits, different per test.
fn room(name: &str) -> String {
    let mut bytes = [0u8; 16];
    for (i, b) in name.bytes().chain(std::process::id().to_le_bytes()).enumerate() {
        bytes[i % 16] ^= b.wrapping_mul(31).wrapping_add(i as u8);
    }
    okrpad_live::link::room_id(bytes)
}

/// A TLS terminator in front of a relay, as a team would run one for wss:// rooms (the
/// relay itself speaks plain ws://), with a self-signed certificate for 127.0.0.1 and
/// localhost; stopped when dropped.
struct TlsProxy {
    child: Child,
    port: u16,
    /// The certificate, in PEM: what a user names with SSL_CERT_FILE to trust the relay.
    cert: PathBuf,
}

impl TlsProxy {
    /// Starts the terminator in `dir` for the relay on `relay_port`, or `None` (with a
    /// message) when node is not installed.
    fn start(dir: &Path, relay_port: u16) -> Option<TlsProxy> {
        let (cert, key) = self_signed(dir, "relay");
        const PROXY: &str = "
            const fs = require('fs'), net = require('net'), tls = require('tls');
            const options = { key: fs.readFileSync(process.env.KEY), cert: fs.readFileSync(process.env.CERT) };
            const server = tls.createServer(options, (client) => {
                const relay = net.connect(Number(process.env.RELAY), '127.0.0.1');
                client.pipe(relay).pipe(client);
                client.on('error', () => relay.destroy());
                relay.on('error', () => client.destroy());
            });
            server.on('tlsClientError', () => {});
            server.listen(Number(process.env.PORT), '127.0.0.1');
        ";
        let port = free_port();
        let mut command = Command::new("node");
        command
            .args(["-e", PROXY])
            .env("KEY", &key)
            .env("CERT", &cert)
            .env("RELAY", relay_port.to_string())
            .env("PORT", port.to_string());
        let child = listening(command, port, "the TLS terminator")?;
        Some(TlsProxy { child, port, cert })
    }

    fn url(&self, host: &str, room: &str) -> String {
        format!("wss://{host}:{}/{room}", self.port)
    }
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A relay behind a TLS terminator, in a new temp folder `NAME`, or `None` (with a
/// message) when node or the relay is missing.
fn wss_relay(name: &str) -> Option<(PathBuf, Relay, TlsProxy)> {
    let dir = temp(name);
    let relay = Relay::start(&dir.join("data"), free_port())?;
    let proxy = TlsProxy::start(&dir, relay.port)?;
    Some((dir, relay, proxy))
}

/// Writes a new self-signed certificate for 127.0.0.1 and localhost, and its key, as
/// `dir/NAME-cert.pem` and `dir/NAME-key.pem`, and returns their paths.
fn self_signed(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .expect("a self-signed certificate");
    let cert = dir.join(format!("{name}-cert.pem"));
    let key = dir.join(format!("{name}-key.pem"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    (cert, key)
}

fn pull(url: &str, out: &Path) -> Document {
    pull_with(url, out, &[])
}

/// Pulls with the environment variables `env` (SSL_CERT_FILE).
fn pull_with(url: &str, out: &Path, env: &[(&str, &str)]) -> Document {
    let run = run_binary(&["live", "pull", url, "-o", out.to_str().unwrap()], env, b"");
    assert_eq!(run.code, 0, "pull: {}", run.stderr);
    file::parse(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn push(path: &Path, url: &str) {
    push_with(path, url, &[]);
}

fn push_with(path: &Path, url: &str, env: &[(&str, &str)]) {
    let run = run_binary(&["live", "push", path.to_str().unwrap(), url], env, b"");
    assert_eq!(run.code, 0, "push: {}", run.stderr);
}

fn sample() -> Document {
    file::parse(&std::fs::read_to_string(repo_root().join("tests/fixtures/sales-2026q1.okr.json")).unwrap()).unwrap()
}

#[test]
fn a_pushed_file_comes_back_and_survives_a_relay_restart() {
    let dir = temp("restart");
    let Some(relay) = Relay::start(&dir.join("data"), free_port()) else { return };
    let url = relay.url(&room("restart"));
    let source = repo_root().join("tests/fixtures/sales-2026q1.okr.json");
    push(&source, &url);
    assert_eq!(pull(&url, &dir.join("a.okr.json")), sample());

    let relay = relay.restart();
    assert_eq!(pull(&url, &dir.join("b.okr.json")), sample(), "nothing lost across a restart");
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_pushes_of_different_changes_converge() {
    let dir = temp("two");
    let Some(relay) = Relay::start(&dir.join("data"), free_port()) else { return };
    let url = relay.url(&room("two"));
    let base = sample();
    let write = |name: &str, document: &Document| {
        let path = dir.join(name);
        std::fs::write(&path, file::to_json(document)).unwrap();
        path
    };
    push(&write("base.okr.json", &base), &url);
    let mut one = base.clone();
    one.objectives[0].title = "changed by one".into();
    // A push sets what its file holds (the file's values win, field by field), and keeps
    // what it does not hold: two people pushing the objectives each of them owns, or
    // files pulled after each other's push, never undo each other.
    let mut two = base.clone();
    two.objectives.retain(|o| o.id == base.objectives[1].id);
    two.objectives[0].owner = "changed by two".into();
    two.objectives[0].key_results[0].title = "kr changed by two".into();
    push(&write("one.okr.json", &one), &url);
    push(&write("two.okr.json", &two), &url);
    let merged = pull(&url, &dir.join("merged.okr.json"));
    assert_eq!(merged.objectives[0].title, "changed by one");
    assert_eq!(merged.objectives[1].owner, "changed by two");
    assert_eq!(merged.objectives[1].key_results[0].title, "kr changed by two");
    assert_eq!(merged.objectives.len(), base.objectives.len());
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_rooms_and_absent_relays_give_a_message_in_both_languages() {
    let weak = run_binary(&["live", "pull", "ws://127.0.0.1:9/short", "--lang", "zh"], &[], b"");
    assert_eq!(weak.code, 2);
    assert!(weak.stderr.contains("房间号"), "{}", weak.stderr);
    let url = format!("ws://127.0.0.1:{}/{}", free_port(), room("absent"));
    let absent = run_binary(&["live", "pull", &url, "--lang", "en"], &[], b"");
    assert_eq!(absent.code, 2);
    assert!(absent.stderr.contains("cannot reach the relay"), "{}", absent.stderr);
}

/// A server that answers every connection with `answer` (a web server, or one that
/// sends bytes now and then), and its port.
fn answering(answer: &'static [u8], then_trickle: bool) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let mut stream = stream;
                let _ = stream.read(&mut [0; 4096]);
                let _ = stream.write_all(answer);
                while then_trickle && stream.write_all(b"X-Slow: 1\r\n").is_ok() {
                    std::thread::sleep(std::time::Duration::from_secs(2));
                }
            });
        }
    });
    port
}

#[test]
fn a_web_server_or_a_trickling_server_is_not_taken_for_a_relay() {
    let web = answering(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false);
    let url = format!("ws://127.0.0.1:{web}/{}", room("web"));
    let en = run_binary(&["live", "pull", &url, "--lang", "en"], &[], b"");
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("answered as a web server (HTTP 200 OK), not as a WebSocket relay"), "{}", en.stderr);
    let zh = run_binary(&["live", "pull", &url, "--lang", "zh"], &[], b"");
    assert!(zh.stderr.contains("网页服务器（HTTP 200 OK）"), "{}", zh.stderr);

    // A handshake answered a header line every 2 s: ended by the 20 s deadline, not by
    // the relay (a read timeout alone never ended it).
    let slow = answering(b"HTTP/1.1 101 Switching Protocols\r\n", true);
    let started = std::time::Instant::now();
    let run =
        run_binary(&["live", "pull", &format!("ws://127.0.0.1:{slow}/{}", room("slow")), "--lang", "en"], &[], b"");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did not answer within 20 seconds"), "{}", run.stderr);
    assert!(started.elapsed() < std::time::Duration::from_secs(30), "{:?}", started.elapsed());
}

#[test]
fn a_wss_room_behind_tls_works_once_its_certificate_is_trusted() {
    let Some((dir, relay, proxy)) = wss_relay("wss") else { return };
    let room = room("wss");
    let trust = [("SSL_CERT_FILE", proxy.cert.to_str().unwrap())];
    let source = repo_root().join("tests/fixtures/sales-2026q1.okr.json");
    push_with(&source, &proxy.url("127.0.0.1", &room), &trust);
    assert_eq!(pull_with(&proxy.url("127.0.0.1", &room), &dir.join("a.okr.json"), &trust), sample());
    // By host name too (the certificate names both), and the same room as over ws://.
    assert_eq!(pull_with(&proxy.url("localhost", &room), &dir.join("b.okr.json"), &trust), sample());
    assert_eq!(pull(&relay.url(&room), &dir.join("c.okr.json")), sample());
    drop(proxy);
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_untrusted_wss_relay_fails_with_a_message_that_says_how_to_trust_it() {
    let Some((dir, relay, proxy)) = wss_relay("untrusted") else { return };
    let url = proxy.url("127.0.0.1", &room("untrusted"));
    let out = dir.join("never.okr.json");
    let pull = |lang: &str, env: &[(&str, &str)]| {
        run_binary(&["live", "pull", &url, "-o", out.to_str().unwrap(), "--lang", lang], env, b"")
    };

    // Another certificate than the relay's.
    let (other, _) = self_signed(&dir, "other");
    let other = [("SSL_CERT_FILE", other.to_str().unwrap())];
    let en = pull("en", &other);
    assert_eq!(en.code, 2, "{}", en.stderr);
    assert!(
        en.stderr.contains("the certificate of the relay") && en.stderr.contains("is not trusted"),
        "{}",
        en.stderr
    );
    assert!(en.stderr.contains("SSL_CERT_FILE="), "{}", en.stderr);
    let zh = pull("zh", &other);
    assert_eq!(zh.code, 2, "{}", zh.stderr);
    assert!(zh.stderr.contains("不信任中继服务器") && zh.stderr.contains("SSL_CERT_FILE="), "{}", zh.stderr);

    // The system's CA store, or whatever SSL_CERT_FILE and SSL_CERT_DIR this machine
    // already names: the message says how to trust the relay all the same.
    let system = pull("en", &[]);
    assert_eq!(system.code, 2, "{}", system.stderr);
    assert!(system.stderr.contains("SSL_CERT_FILE"), "{}", system.stderr);

    // A file that is not there.
    let missing = dir.join("missing.pem");
    let missing = pull("en", &[("SSL_CERT_FILE", missing.to_str().unwrap())]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stderr.contains("cannot read SSL_CERT_FILE="), "{}", missing.stderr);

    // And a push fails the same way, changing nothing.
    let source = repo_root().join("tests/fixtures/sales-2026q1.okr.json");
    let push = run_binary(&["live", "push", source.to_str().unwrap(), &url, "--lang", "en"], &[], b"");
    assert_eq!(push.code, 2, "{}", push.stderr);
    assert!(push.stderr.contains("SSL_CERT_FILE"), "{}", push.stderr);

    assert!(!out.exists(), "a failed pull writes no file");
    drop(proxy);
    drop(relay);
    let _ = std::fs::remove_dir_all(&dir);
}
