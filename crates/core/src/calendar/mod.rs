//! The calendar: dates and periods, and every rule about them (quarters, whole
//! months, the next period of the same shape, the period quick picks).

mod date;
mod period;

pub use date::*;
pub use period::*;
