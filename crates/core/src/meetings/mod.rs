//! The meeting views, computed from a document and a date: the dashboard, the weekly
//! review, grading, the presentation's running order, what is due for a check-in and
//! the calendar reminder of the cadence.

pub mod cadence;
pub mod dashboard;
pub mod deck;
pub mod grading;
pub mod reminder;
pub mod review;
