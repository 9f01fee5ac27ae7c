//! Work the app hands to its parsers worker, and the worker's answers.
//!
//! Parsers (YAML today; CloudFormation, buildspec and log-query parsers later) are heavy
//! and only some pages need them, so they live in a second WebAssembly module that runs in
//! a Web Worker and is fetched the first time a page asks (see ARCHITECTURE.md, "What
//! loads when"). Messages are postcard bytes of [`Request`] and [`Response`]: both sides
//! are built from this one definition, so they cannot disagree.
use serde::{Deserialize, Serialize};

use engine::dora::EventLog;

/// A job and the number that its response will carry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    pub job: Job,
}

/// What to parse.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Job {
    /// A DORA event log (YAML, `engine::dora`'s format).
    DoraLog(String),
}

/// A job's outcome, with its request's number.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub id: u32,
    pub outcome: Outcome,
}

/// What a job produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    DoraLog(Result<EventLog, Located>),
    /// The request could not be read (a worker and an app from different builds).
    BadRequest(String),
}

/// A problem at a 1-based line and column of the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Request {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }
}

impl Response {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// A response from the worker's bytes; `None` when they cannot be read.
    pub fn decode(bytes: &[u8]) -> Option<Response> {
        postcard::from_bytes(bytes).ok()
    }
}

/// Does a job (feature `parse`: the worker, and tests that run jobs in the page).
#[cfg(feature = "parse")]
pub fn run(job: Job) -> Outcome {
    match job {
        Job::DoraLog(text) => {
            Outcome::DoraLog(engine::dora::parse_log(&text).map_err(|e| Located {
                line: e.line,
                column: e.column,
                message: e.message,
            }))
        }
    }
}

/// Answers a request's bytes with a response's bytes (feature `parse`).
#[cfg(feature = "parse")]
pub fn answer(request: &[u8]) -> Vec<u8> {
    let response = match postcard::from_bytes::<Request>(request) {
        Ok(r) => Response {
            id: r.id,
            outcome: run(r.job),
        },
        Err(e) => Response {
            id: u32::MAX,
            outcome: Outcome::BadRequest(e.to_string()),
        },
    };
    response.encode()
}

#[cfg(all(test, feature = "parse"))]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_answered_with_the_parsed_log_or_a_located_error() {
        let ok = Request {
            id: 7,
            job: Job::DoraLog(
                "team: T\nfrom: 2025-03-03T00:00:00Z\nto: 2025-03-10T00:00:00Z\n".into(),
            ),
        };
        let response = Response::decode(&answer(&ok.encode())).unwrap();
        assert_eq!(response.id, 7);
        match response.outcome {
            Outcome::DoraLog(Ok(log)) => assert_eq!(log.team, "T"),
            other => panic!("{other:?}"),
        }
        let bad = Request {
            id: 8,
            job: Job::DoraLog("team: [unclosed\n".into()),
        };
        let response = Response::decode(&answer(&bad.encode())).unwrap();
        assert_eq!(response.id, 8);
        match response.outcome {
            Outcome::DoraLog(Err(Located { line, .. })) => assert!(line >= 1),
            other => panic!("{other:?}"),
        }
        let garbage = Response::decode(&answer(&[0xff, 0xff, 0xff])).unwrap();
        assert!(matches!(garbage.outcome, Outcome::BadRequest(_)));
    }
}
