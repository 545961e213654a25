//! `okrpad live pull ROOM -o FILE` and `okrpad live push FILE ROOM`: a live room on a
//! Yjs relay, from the command line (docs/cli.md "Live rooms").
//!
//! Everything about the room (the CRDT, the protocol, the size cap, room addresses) is
//! okrpad-live's; this is the WebSocket at the edge: a blocking client with a deadline
//! on every read and write ([`Bounded`]), so a relay that stops answering, or answers a
//! byte at a time, ends the command with a message.

use std::cell::Cell;
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::{Args, Subcommand};
use tungstenite::client::IntoClientRequest;
use tungstenite::error::{ProtocolError, TlsError};
use tungstenite::handshake::HandshakeError;
use tungstenite::protocol::WebSocketConfig;
use tungstenite::stream::{MaybeTlsStream, Mode};
use tungstenite::{Connector, Message, WebSocket};

use super::{Environment, LangArg, Output, deliver, fail, read_document};
use okrpad_core::formats::file::to_json;
use okrpad_core::i18n::{Lang, Text};
use okrpad_live::link::RoomUrl;
use okrpad_live::protocol::{self, MAX_MESSAGE_BYTES};
use okrpad_live::{LiveError, Room};

/// How long the relay may take to answer before the command gives up.
const DEADLINE: Duration = Duration::from_secs(20);
/// How long an empty room is watched after the sync. The stock relay answers a first
/// visitor at once, then loads the room from its disk and sends it as an update: a room
/// that is empty at first may not be.
const LOADING: Duration = Duration::from_secs(2);

/// What `--help` says about wss:// relays (docs/cli.md, "`okrpad live pull` and `okrpad live push`").
const TLS_HELP: &str = "wss:// relays: the relay's certificate is checked against the system's CA store. \
    To trust a team's own CA or a self-signed relay certificate instead, name its PEM file with SSL_CERT_FILE \
    (a folder of them with SSL_CERT_DIR); these replace the system's store:\n  \
    SSL_CERT_FILE=relay-cert.pem okrpad live pull wss://relay.example.com/ROOM -o team.okr.json";

#[derive(Debug, Args)]
#[command(after_help = TLS_HELP)]
pub(super) struct LiveArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Write the room's current document as an OKR file.
    #[command(after_help = TLS_HELP)]
    Pull {
        /// The room: ws://host:port/ROOM, wss://host/ROOM or an app link with #live=ROOM@wss://host.
        #[arg(value_name = "ROOM_URL")]
        room: String,
        /// Write the document here instead of standard output.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
        #[arg(long, value_enum, value_name = "LANG")]
        lang: Option<LangArg>,
    },
    /// Merge an OKR file into the room by id (nothing in the room is deleted).
    #[command(after_help = TLS_HELP)]
    Push {
        /// The OKR file to merge in, or `-` for standard input.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The room: ws://host:port/ROOM, wss://host/ROOM or an app link with #live=ROOM@wss://host.
        #[arg(value_name = "ROOM_URL")]
        room: String,
        /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
        #[arg(long, value_enum, value_name = "LANG")]
        lang: Option<LangArg>,
    },
}

pub(super) fn run(args: LiveArgs, environment: Environment<'_>) -> Output {
    match args.action {
        Action::Pull { room, output, lang } => {
            let lang = lang.map_or(environment.lang, Lang::from);
            match pull(&room) {
                Ok(text) => deliver(output.as_deref(), text, lang),
                Err(message) => fail(lang, message),
            }
        }
        Action::Push { file, room, lang } => {
            let lang = lang.map_or(environment.lang, Lang::from);
            let document = match read_document(&file, environment.stdin) {
                Ok(document) => document,
                Err(message) => return fail(lang, message),
            };
            match push(&room, &document) {
                Ok(count) => {
                    let done = Text::new(
                        format!("已合并到房间，房间里现在有 {count} 个目标"),
                        format!("merged into the room, which now holds {count} objectives"),
                    );
                    Output { stderr: format!("okrpad: {}\n", done.get(lang)), ..Output::default() }
                }
                Err(message) => fail(lang, message),
            }
        }
    }
}

fn pull(room: &str) -> Result<String, Text> {
    let (_, replica) = join(room)?;
    replica.document().map(|document| to_json(&document)).map_err(|error| error.message())
}

/// Merges `document` into the room, waits until the relay holds the change, and returns
/// how many objectives the room holds then.
fn push(room: &str, document: &okrpad_core::model::Document) -> Result<usize, Text> {
    let (mut socket, mut replica) = join(room)?;
    // A room that holds something else is not overwritten.
    if let Err(error) = replica.document()
        && !matches!(error, LiveError::EmptyRoom)
    {
        return Err(error.message());
    }
    let update = replica.merge(document);
    send(&mut socket, protocol::update(update))?;
    send(&mut socket, protocol::ask_everything())?;
    let started = Instant::now();
    loop {
        let frame = next_frame(&mut socket, started + DEADLINE)?.ok_or_else(silent)?;
        let received = protocol::receive(&mut replica, &frame).map_err(|error| error.message())?;
        if received.synced {
            let relay = protocol::whole_state(&frame, now).map_err(|error| error.message())?;
            if protocol::confirm(&replica, &relay) {
                return replica.document().map(|d| d.objectives.len()).map_err(|error| error.message());
            }
        }
        for reply in received.replies {
            send(&mut socket, reply)?;
        }
    }
}

type Socket = WebSocket<MaybeTlsStream<Bounded>>;

/// A TCP stream that fails with `TimedOut` once its deadline has passed, however the
/// bytes come: a timeout per read alone lets a relay that sends a byte now and then
/// keep a command waiting for ever.
struct Bounded {
    stream: TcpStream,
    until: Rc<Cell<Instant>>,
}

impl Bounded {
    /// What is left of the deadline, as a timeout for the next wait.
    fn left(&self) -> io::Result<Duration> {
        let left = self.until.get().saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the relay's time is up"));
        }
        Ok(left)
    }
}

impl Read for Bounded {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        self.stream.read(buffer)
    }
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        self.stream.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Connects to the room and syncs: the replica then holds everything the relay had.
fn join(room: &str) -> Result<(Socket, Room), Text> {
    let url = RoomUrl::parse(room).map_err(|error| error.message())?;
    let mut socket = connect(&url.websocket())?;
    let mut replica = Room::new(now);
    send(&mut socket, protocol::start(&replica))?;
    let started = Instant::now();
    let mut synced_at = None;
    loop {
        let until = synced_at.map_or(started + DEADLINE, |at: Instant| at + LOADING);
        let Some(frame) = next_frame(&mut socket, until)? else {
            return match synced_at {
                Some(_) => Ok((socket, replica)),
                None => Err(silent()),
            };
        };
        let received = protocol::receive(&mut replica, &frame).map_err(|error| error.message())?;
        for reply in received.replies {
            send(&mut socket, reply)?;
        }
        if received.synced && synced_at.is_none() {
            synced_at = Some(Instant::now());
        }
        if synced_at.is_some() && !matches!(replica.document(), Err(LiveError::EmptyRoom)) {
            return Ok((socket, replica));
        }
    }
}

/// Opens the WebSocket to `address` (ws://, or wss:// with TLS by rustls). Connecting
/// and the handshakes (TLS, then WebSocket) end within the deadline, together.
fn connect(address: &str) -> Result<Socket, Text> {
    let request = address.into_client_request().map_err(|error| network(address, &error))?;
    let mode = tungstenite::client::uri_mode(request.uri()).map_err(|error| network(address, &error))?;
    let host = request.uri().host().unwrap_or_default().trim_start_matches('[').trim_end_matches(']').to_owned();
    let port = request.uri().port_u16().unwrap_or(match mode {
        Mode::Plain => 80,
        Mode::Tls => 443,
    });
    let stream = tcp(&host, port).map_err(|error| network(address, &tungstenite::Error::Io(error)))?;
    // The whole handshake (TLS, then WebSocket) within the deadline.
    let stream = Bounded { stream, until: Rc::new(Cell::new(Instant::now() + DEADLINE)) };
    let connector = match mode {
        Mode::Plain => Connector::Plain,
        Mode::Tls => Connector::Rustls(tls_config()?),
    };
    let config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_BYTES)).max_frame_size(Some(MAX_MESSAGE_BYTES));
    let (socket, _) =
        tungstenite::client_tls_with_config(request, stream, Some(config), Some(connector)).map_err(|error| {
            match error {
                // The relay accepted the connection but did not answer, or not all of it in time.
                HandshakeError::Failure(error) if timed_out(&error) => silent(),
                HandshakeError::Failure(error) => failure(address, &host, &error),
                HandshakeError::Interrupted(_) => silent(),
            }
        })?;
    Ok(socket)
}

/// Bounds every later read and write of `socket` by `until`.
fn bound(socket: &mut Socket, until: Instant) {
    let stream = match socket.get_mut() {
        MaybeTlsStream::Plain(stream) => Some(stream),
        MaybeTlsStream::Rustls(tls) => Some(tls.get_mut()),
        _ => None,
    };
    if let Some(stream) = stream {
        stream.until.set(until);
    }
}

/// A TCP connection to the first of the host's addresses that answers in time.
fn tcp(host: &str, port: u16) -> std::io::Result<TcpStream> {
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, format!("{host} has no address"));
    for address in (host, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&address, DEADLINE) {
            Ok(stream) => return Ok(stream),
            Err(error) => last = error,
        }
    }
    Err(last)
}

/// The TLS settings for wss:// rooms: ring's crypto, and the certificates of the system's
/// CA store, or of the PEM file `SSL_CERT_FILE` names (a team's own CA, or a relay's
/// self-signed certificate) and the folders `SSL_CERT_DIR` names instead.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, Text> {
    let named = std::env::var_os("SSL_CERT_FILE").filter(|file| !file.is_empty());
    if let Some(file) = &named
        && let Err(error) = std::fs::metadata(file)
    {
        let file = file.to_string_lossy();
        return Err(Text::new(
            format!("无法读取 SSL_CERT_FILE={file}：{error}"),
            format!("cannot read SSL_CERT_FILE={file}: {error}"),
        ));
    }
    let found = rustls_native_certs::load_native_certs();
    let mut roots = rustls::RootCertStore::empty();
    roots.add_parsable_certificates(found.certs);
    if roots.is_empty() {
        let why = found.errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        let why = if why.is_empty() { String::new() } else { format!("（{why}）") };
        return Err(match named {
            Some(file) => {
                let file = file.to_string_lossy();
                Text::new(
                    format!("SSL_CERT_FILE={file} 中没有可用的证书{why}：它应是 PEM 格式的证书文件"),
                    format!(
                        "SSL_CERT_FILE={file} holds no usable certificate{why}: it should be a PEM certificate file"
                    ),
                )
            }
            None => Text::new(
                format!(
                    "找不到系统的 CA 证书，无法验证 wss:// 中继服务器{why}：请用 SSL_CERT_FILE 指定 PEM 格式的证书文件"
                ),
                format!(
                    "found no CA certificates on this system to check a wss:// relay with{why}: \
                     name a PEM certificate file with SSL_CERT_FILE"
                ),
            ),
        });
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| Text::new(format!("TLS 设置无效：{error}"), format!("invalid TLS settings: {error}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The message for a connection or handshake that failed: TLS failures say what to do.
fn failure(address: &str, host: &str, error: &tungstenite::Error) -> Text {
    let tls = match error {
        tungstenite::Error::Tls(TlsError::Rustls(error)) => Some(error),
        tungstenite::Error::Io(error) => error.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()),
        _ => None,
    };
    match (tls, error) {
        (Some(rustls::Error::InvalidCertificate(certificate)), _) => untrusted(address, host, certificate),
        (Some(error), _) => tls_failed(address, error),
        // Something answered, but not as a WebSocket: a web server, or another service.
        (None, tungstenite::Error::Http(response)) => {
            let status = response.status();
            not_a_relay(
                address,
                Text::new(format!("网页服务器（HTTP {status}）"), format!("a web server (HTTP {status})")),
            )
        }
        (None, tungstenite::Error::Protocol(ProtocolError::WrongHttpVersion)) => {
            not_a_relay(address, Text::new("网页服务器（HTTP/1.0）", "a web server (HTTP/1.0)"))
        }
        (None, tungstenite::Error::Protocol(ProtocolError::HttparseError(_))) => {
            not_a_relay(address, Text::new("不是 HTTP 的服务", "something that does not speak HTTP"))
        }
        (None, error) => network(address, error),
    }
}

/// The address answered as `what` is, not as a Yjs relay.
fn not_a_relay(address: &str, what: Text) -> Text {
    Text::new(
        format!("{address} 的回应来自{}，而不是 WebSocket 中继服务器：请检查地址中的主机、端口和路径", what.zh),
        format!("{address} answered as {}, not as a WebSocket relay: check the address's host, port and path", what.en),
    )
}

fn untrusted(address: &str, host: &str, error: &rustls::CertificateError) -> Text {
    use rustls::CertificateError::{NotValidForName, NotValidForNameContext, Other};
    // `openssl req -x509` makes a CA certificate unless told otherwise, which rustls does
    // not accept as a server's own.
    if let Other(other) = error
        && let Some(webpki::Error::CaUsedAsEndEntity) = other.0.downcast_ref::<webpki::Error>()
    {
        return Text::new(
            format!(
                "中继服务器 {address} 的证书是 CA 证书，不能用作服务器证书：请用 CA:FALSE 生成自签名证书\
                 （openssl req -x509 … -addext basicConstraints=critical,CA:FALSE），或用团队的 CA 签发"
            ),
            format!(
                "the certificate of the relay {address} is a CA certificate, which cannot serve as the server's own: \
                 make the self-signed certificate with CA:FALSE (openssl req -x509 … \
                 -addext basicConstraints=critical,CA:FALSE), or sign it with the team's CA"
            ),
        );
    }
    if matches!(error, NotValidForName | NotValidForNameContext { .. }) {
        return Text::new(
            format!("中继服务器 {address} 的证书不是签发给 {host} 的（{error}）：请使用证书上的主机名"),
            format!("the certificate of the relay {address} is not for {host} ({error}): use the host name it names"),
        );
    }
    let (zh, en) = match std::env::var_os("SSL_CERT_FILE") {
        Some(file) => {
            let file = file.to_string_lossy();
            (
                format!(
                    "SSL_CERT_FILE={file} 中既没有这个证书，也没有签发它的 CA 证书；请让 SSL_CERT_FILE 指向它（PEM 格式）"
                ),
                format!(
                    "SSL_CERT_FILE={file} holds neither it nor the CA certificate that signed it: \
                     point SSL_CERT_FILE at that certificate (PEM)"
                ),
            )
        }
        None => (
            "若中继服务器使用团队自己的 CA 或自签名证书，请用 SSL_CERT_FILE 信任它，\
             例如 SSL_CERT_FILE=relay-cert.pem okrpad live pull …（PEM 格式；它会取代系统的 CA 证书）"
                .to_owned(),
            "if the relay uses the team's own CA or a self-signed certificate, trust it with SSL_CERT_FILE, \
             e.g. SSL_CERT_FILE=relay-cert.pem okrpad live pull … (PEM; it replaces the system's CA store)"
                .to_owned(),
        ),
    };
    Text::new(
        format!("不信任中继服务器 {address} 的证书（{error}）：{zh}"),
        format!("the certificate of the relay {address} is not trusted ({error}): {en}"),
    )
}

fn tls_failed(address: &str, error: &rustls::Error) -> Text {
    Text::new(
        format!("与中继服务器 {address} 的 TLS 握手失败：{error}（它是 wss:// 中继吗？不加密的中继用 ws://）"),
        format!(
            "the TLS handshake with the relay {address} failed: {error} (is it a wss:// relay? one without TLS is ws://)"
        ),
    )
}

fn silent() -> Text {
    let seconds = DEADLINE.as_secs();
    Text::new(
        format!("中继服务器 {seconds} 秒内没有回应"),
        format!("the relay did not answer within {seconds} seconds"),
    )
}

fn send(socket: &mut Socket, frame: Vec<u8>) -> Result<(), Text> {
    bound(socket, Instant::now() + DEADLINE);
    socket.send(Message::binary(frame)).map_err(|error| if timed_out(&error) { silent() } else { network("", &error) })
}

/// Whether `error` is a wait that ran out: [`Bounded`]'s deadline (`TimedOut`), or the
/// socket's own timeout under it, which Unix reports as `WouldBlock`.
fn timed_out(error: &tungstenite::Error) -> bool {
    matches!(error, tungstenite::Error::Io(error) if matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut))
}

/// The next binary frame, or `None` if none came whole before `until`.
fn next_frame(socket: &mut Socket, until: Instant) -> Result<Option<Vec<u8>>, Text> {
    bound(socket, until);
    loop {
        if Instant::now() > until {
            return Ok(None);
        }
        match socket.read() {
            Ok(Message::Binary(bytes)) => return Ok(Some(bytes.to_vec())),
            Ok(Message::Close(_)) => {
                return Err(Text::new(
                    "中继服务器在同步完成前关闭了连接",
                    "the relay closed the connection before the sync ended",
                ));
            }
            Ok(_) => {}
            Err(error) if timed_out(&error) => {}
            Err(tungstenite::Error::Capacity(_)) => {
                return Err(LiveError::TooLarge { size: MAX_MESSAGE_BYTES + 1, limit: MAX_MESSAGE_BYTES }.message());
            }
            Err(error) => return Err(network("", &error)),
        }
    }
}

fn network(address: &str, error: &tungstenite::Error) -> Text {
    let at = if address.is_empty() { String::new() } else { format!(" {address}") };
    Text::new(format!("无法连接中继服务器{at}：{error}"), format!("cannot reach the relay{at}: {error}"))
}
