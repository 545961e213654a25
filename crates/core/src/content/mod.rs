//! Built-in documents: the sample a first visit opens, the templates drawn from the
//! sales-OKR articles, and generated company-sized trees for tests and the benchmark.

pub mod generate;
pub mod sample;
pub mod templates;
