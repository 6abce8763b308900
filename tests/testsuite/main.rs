//! dossier's integration tests: one test binary, a module per feature. Each test runs the real
//! binary on a fixture site copied into a temporary folder; no test writes into `output/`.

mod util;

mod build;
mod charts;
mod check;
mod citations;
mod cite;
mod datafiles;
mod invalid;
mod languages;
mod layers;
mod proptests;
mod publication;
mod publish;
mod reliability;
mod safety;
mod search;
mod serve;
mod share;
mod workflows;
