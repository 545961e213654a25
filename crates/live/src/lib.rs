//! okrpad's live editing: an OKR document shared in a room of a stock Yjs relay, edited by
//! many people at once, through Yrs (the Rust implementation of Yjs).
//!
//! - [`mapping`] owns the mapping between okrpad's [`Document`] and a Yrs document, and
//!   decides what concurrent edits become (including delete against edit).
//! - [`Room`] is one replica: the Yrs document, presence (Yjs awareness) and an undo
//!   manager that undoes this replica's own changes only.
//! - [`protocol`] speaks the Yjs sync and awareness protocol (Yrs's own `sync` module) with
//!   a size cap checked before anything is decoded.
//! - [`link`] reads and writes room addresses (the relay and a room id of 128 random bits).
//!
//! Pure Rust with no browser crate and no I/O: the WebSocket is an adapter at the edge
//! (the CLI's `okrpad live`, and later the browser's). Whatever arrives from a relay is
//! read back through the core's parser ([`okrpad_core::formats::file::parse`]), so a room
//! whose state is not an okrpad document gives a message in both languages and never a
//! damaged local document: the caller keeps its own until [`Room::document`] succeeds.

/// Room addresses live in the core (the app parses and writes them without the engine).
pub use okrpad_core::live::link;
pub mod mapping;
pub mod protocol;
pub mod rebase;
mod room;
pub mod session;

pub use room::{Clock, Room};

use okrpad_core::formats::file::FormatError;
use okrpad_core::i18n::Text;

/// What can go wrong with a room. Every variant has a message in both languages.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    /// Nothing has been written in the room yet.
    #[error("the room is empty: nobody has put a document in it yet")]
    EmptyRoom,
    /// The room's state reads as JSON, but the core refuses it.
    #[error("{}", okrpad_core::live::not_a_document(.0).en)]
    NotADocument(FormatError),
    /// The room's state is not shaped like an okrpad document at all.
    #[error("the room does not hold an okrpad document: {0}")]
    Shape(String),
    /// A message from the relay that the Yjs protocol cannot read.
    #[error("the relay sent a message that is not Yjs: {0}")]
    Garbage(String),
    /// A message larger than [`protocol::MAX_MESSAGE_BYTES`], refused unread.
    #[error("the relay sent a message of {size} bytes, over the limit of {limit} bytes: refused")]
    TooLarge { size: usize, limit: usize },
    /// The relay refused access to the room.
    #[error("the relay refused access to the room: {0}")]
    Denied(String),
    /// A room address okrpad cannot use.
    #[error("{0}")]
    BadLink(link::LinkError),
}

impl LiveError {
    /// The error in both languages, for the UI and the CLI's `--lang`.
    pub fn message(&self) -> Text {
        let en = self.to_string();
        let zh = match self {
            LiveError::EmptyRoom => "房间是空的：还没有人把文档放进来".to_owned(),
            LiveError::NotADocument(error) => okrpad_core::live::not_a_document(error).zh,
            LiveError::Shape(detail) => format!("房间里的不是 okrpad 文档（{detail}）"),
            LiveError::Garbage(detail) => format!("中继服务器发来的消息不是 Yjs 格式（{detail}）"),
            LiveError::TooLarge { size, limit } => {
                format!("中继服务器发来的消息有 {size} 字节，超过上限 {limit} 字节，已拒收")
            }
            LiveError::Denied(reason) => format!("中继服务器拒绝进入房间：{reason}"),
            LiveError::BadLink(error) => error.message().zh,
        };
        Text::new(zh, en)
    }
}
