//! Built-in documents: the sample a first visit opens, the templates drawn from the
//! sales-OKR articles, and generated company-sized trees for tests and the benchmark.
//! The sample and the templates are written the same way, as specs in both languages
//! that `builder` turns into documents.

mod builder;
pub mod generate;
pub mod sample;
pub mod templates;
