//! `okrpad live pull ROOM -o FILE` and `okrpad live push FILE ROOM`: a live room on a
//! Yjs relay, from the command line (docs/cli.md "Live rooms").
//!
//! Everything about the room (the CRDT, the protocol, the size cap, room addresses) is
//! okrpad-live's; this is the WebSocket at the edge: a blocking client with a deadline
//! on every read, so a relay that stops answering ends the command with a message.

use std::net::TcpStream;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::{Args, Subcommand};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

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

#[derive(Debug, Args)]
pub(super) struct LiveArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Write the room's current document as an OKR file.
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

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Connects to the room and syncs: the replica then holds everything the relay had.
fn join(room: &str) -> Result<(Socket, Room), Text> {
    let url = RoomUrl::parse(room).map_err(|error| error.message())?;
    let address = url.websocket();
    let config =
        WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_BYTES)).max_frame_size(Some(MAX_MESSAGE_BYTES));
    let (mut socket, _) = tungstenite::client::connect_with_config(address.as_str(), Some(config), 3)
        .map_err(|error| network(&address, &error))?;
    if let MaybeTlsStream::Plain(stream) = socket.get_mut() {
        let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    }
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

fn silent() -> Text {
    let seconds = DEADLINE.as_secs();
    Text::new(
        format!("中继服务器 {seconds} 秒内没有回应"),
        format!("the relay did not answer within {seconds} seconds"),
    )
}

fn send(socket: &mut Socket, frame: Vec<u8>) -> Result<(), Text> {
    socket.send(Message::binary(frame)).map_err(|error| network("", &error))
}

/// The next binary frame, or `None` if none came before `until`.
fn next_frame(socket: &mut Socket, until: Instant) -> Result<Option<Vec<u8>>, Text> {
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
            Err(tungstenite::Error::Io(error))
                if matches!(error.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
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
