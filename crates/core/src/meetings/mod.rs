//! The meeting views, computed from a document and a date: the dashboard, the weekly
//! review, grading and the presentation's running order.

pub mod dashboard;
pub mod deck;
pub mod grading;
pub mod review;
