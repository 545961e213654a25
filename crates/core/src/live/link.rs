//! Room addresses: where the relay is and which room, in one string people can share.
//!
//! Two forms name a room (docs/cli.md "Live rooms"):
//!
//! - a relay address with the room id as its last path segment, the URL y-websocket
//!   itself connects to: `ws://127.0.0.1:1234/ROOMID`, `wss://relay.example.com/okr/ROOMID`;
//! - an app link, which the browser opens: `https://site/#live=ROOMID@wss://relay.example.com`.
//!   The room is in the fragment, which a browser never sends to the site's host.
//!
//! A room id is at least 22 URL-safe base64 characters (132 bits): [`room_id`] makes one
//! from 16 random bytes, and a shorter one is refused, so a room cannot be guessed.

use crate::i18n::Text;

/// The shortest room id accepted: 22 base64 characters carry 128 bits.
pub const MIN_ROOM_ID: usize = 22;
/// The longest room id accepted.
pub const MAX_ROOM_ID: usize = 128;

/// A room on a relay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomUrl {
    /// The relay's WebSocket address, without a trailing slash: `wss://relay.example.com`.
    pub relay: String,
    /// The room id.
    pub room: String,
}

/// Why a room address cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error(
        "{0:?} is not a room address: use ws://host:port/ROOM, wss://host/ROOM or a link with #live=ROOM@wss://host"
    )]
    NotARoom(String),
    #[error(
        "the room id {0:?} is too short or has characters other than A-Z a-z 0-9 - _: a room id has at least 22 of them (128 random bits), so nobody can guess it"
    )]
    WeakRoomId(String),
}

impl LinkError {
    pub fn message(&self) -> Text {
        let zh = match self {
            LinkError::NotARoom(text) => {
                format!(
                    "{text:?} 不是房间地址：请用 ws://主机:端口/房间、wss://主机/房间，或带 #live=房间@wss://主机 的链接"
                )
            }
            LinkError::WeakRoomId(id) => format!(
                "房间号 {id:?} 太短或含有 A-Z a-z 0-9 - _ 以外的字符：房间号至少 22 个字符（128 位随机数），别人才猜不到"
            ),
        };
        Text::new(zh, self.to_string())
    }
}

impl RoomUrl {
    /// Reads either form of room address.
    pub fn parse(text: &str) -> Result<RoomUrl, LinkError> {
        let text = text.trim();
        let not_a_room = || LinkError::NotARoom(text.to_owned());
        if let Some((_, fragment)) = text.split_once('#') {
            let value = fragment.split('&').find_map(|part| part.strip_prefix("live=")).ok_or_else(not_a_room)?;
            let (room, relay) = value.split_once('@').ok_or_else(not_a_room)?;
            if !is_websocket(relay) {
                return Err(not_a_room());
            }
            return RoomUrl::new(relay, room);
        }
        if !is_websocket(text) {
            return Err(not_a_room());
        }
        let (relay, room) = text.trim_end_matches('/').rsplit_once('/').ok_or_else(not_a_room)?;
        if !is_websocket(&format!("{relay}/")) || relay.ends_with('/') {
            return Err(not_a_room());
        }
        RoomUrl::new(relay, room)
    }

    fn new(relay: &str, room: &str) -> Result<RoomUrl, LinkError> {
        let strong = (MIN_ROOM_ID..=MAX_ROOM_ID).contains(&room.len())
            && room.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !strong {
            return Err(LinkError::WeakRoomId(room.to_owned()));
        }
        Ok(RoomUrl { relay: relay.trim_end_matches('/').to_owned(), room: room.to_owned() })
    }

    /// The address to open a WebSocket to (what y-websocket's client opens too).
    pub fn websocket(&self) -> String {
        format!("{}/{}", self.relay, self.room)
    }

    /// The link the browser app opens: `site` is the app's address without a fragment.
    pub fn app_link(&self, site: &str) -> String {
        let site = site.split('#').next().unwrap_or(site);
        format!("{site}#live={}@{}", self.room, self.relay)
    }
}

fn is_websocket(text: &str) -> bool {
    ["ws://", "wss://"]
        .iter()
        .any(|scheme| text.strip_prefix(scheme).is_some_and(|rest| rest.len() > 1 && port_is_valid(rest)))
}

/// Whether the port `rest` names after its host, if any, is one (1 to 65535): the
/// browser refuses another, and a client that read it as none connected to port 80.
fn port_is_valid(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    // After an IPv6 address's closing bracket, whose colons are not a port's.
    let host_end = authority.rfind(']').map_or(0, |at| at + 1);
    match authority[host_end..].rsplit_once(':') {
        Some((_, port)) => port.parse::<u16>().is_ok_and(|port| port > 0),
        None => true,
    }
}

/// A room id made of 16 random bytes (from the caller: the browser's crypto, the OS).
pub fn room_id(random: [u8; 16]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = u128::from_be_bytes(random);
    // 22 characters of 6 bits: 132 bits, the last 4 always zero.
    let mut id = String::with_capacity(22);
    for _ in 0..22 {
        id.push(ALPHABET[(bits >> 122) as usize] as char);
        bits <<= 6;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "AAECAwQFBgcICQoLDA0ODw";

    #[test]
    fn both_forms_name_the_same_room() {
        let plain = RoomUrl::parse(&format!("wss://relay.example.com/okr/{ID}")).unwrap();
        assert_eq!(plain.relay, "wss://relay.example.com/okr");
        assert_eq!(plain.room, ID);
        let link = plain.app_link("https://okr.example.com/app/#old");
        assert_eq!(link, format!("https://okr.example.com/app/#live={ID}@wss://relay.example.com/okr"));
        assert_eq!(RoomUrl::parse(&link).unwrap(), plain);
        assert_eq!(
            RoomUrl::parse(&format!("ws://127.0.0.1:1234/{ID}/")).unwrap().websocket(),
            format!("ws://127.0.0.1:1234/{ID}")
        );
    }

    #[test]
    fn guessable_rooms_and_other_addresses_are_refused() {
        for bad in ["ws://h/short", "ws://h/aaaaaaaaaaaaaaaaaaaaa!x", "ws://h/"] {
            assert!(RoomUrl::parse(bad).is_err(), "{bad}");
        }
        for bad in [
            "http://h/AAECAwQFBgcICQoLDA0ODw",
            "https://s/#x=1",
            "",
            "ws://",
            "https://s/#live=AAECAwQFBgcICQoLDA0ODw@http://h",
            // Ports that are none: once read as no port, hence port 80.
            "ws://127.0.0.1:99999/AAECAwQFBgcICQoLDA0ODw",
            "ws://h:0/AAECAwQFBgcICQoLDA0ODw",
            "ws://h:x/AAECAwQFBgcICQoLDA0ODw",
            "https://s/#live=AAECAwQFBgcICQoLDA0ODw@ws://h:70000",
        ] {
            assert!(matches!(RoomUrl::parse(bad), Err(LinkError::NotARoom(_))), "{bad}");
        }
        for good in [
            "ws://127.0.0.1:1234/AAECAwQFBgcICQoLDA0ODw",
            "wss://[::1]:443/okr/AAECAwQFBgcICQoLDA0ODw",
            "ws://[::1]/AAECAwQFBgcICQoLDA0ODw",
        ] {
            assert!(RoomUrl::parse(good).is_ok(), "{good}");
        }
    }

    #[test]
    fn room_ids_carry_128_bits() {
        assert_eq!(room_id([0; 16]), "A".repeat(22));
        assert_eq!(room_id(core::array::from_fn(|i| i as u8)), ID);
        let id = room_id([0xff; 16]);
        assert_eq!(id.len(), MIN_ROOM_ID);
        assert!(RoomUrl::parse(&format!("ws://h/{id}")).is_ok());
    }
}
