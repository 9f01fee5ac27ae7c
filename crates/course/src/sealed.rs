//! Data that the app carries but only the parsers worker reads.
//!
//! A family whose grading needs an engine kept out of the app's first load (CloudFormation:
//! the template engine and its resource knowledge) stores its workspace items and its checks
//! as [`Sealed`] values: the postcard bytes of the real type, inside the compiled labs. The
//! app decodes the catalogue without knowing that type (so it carries none of its decoding
//! code), and hands the bytes to the worker, which opens them. Native builds (the authors'
//! CLI, build.rs, tests) seal and open them directly.
use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The postcard bytes of a `T`.
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Sealed<T> {
    bytes: Vec<u8>,
    #[serde(skip)]
    of: PhantomData<fn() -> T>,
}

impl<T> Sealed<T> {
    /// Bytes received from elsewhere (the app's copy, sent to the worker).
    pub fn from_bytes(bytes: Vec<u8>) -> Sealed<T> {
        Sealed {
            bytes,
            of: PhantomData,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl<T: Serialize> Sealed<T> {
    pub fn seal(value: &T) -> Sealed<T> {
        Sealed::from_bytes(postcard::to_allocvec(value).unwrap_or_default())
    }
}

impl<T: DeserializeOwned> Sealed<T> {
    /// The value; `None` for empty bytes or bytes of another build.
    pub fn open(&self) -> Option<T> {
        postcard::from_bytes(&self.bytes).ok()
    }
}

impl<T> Clone for Sealed<T> {
    fn clone(&self) -> Sealed<T> {
        Sealed::from_bytes(self.bytes.clone())
    }
}

impl<T> Default for Sealed<T> {
    fn default() -> Sealed<T> {
        Sealed::from_bytes(Vec::new())
    }
}

impl<T> PartialEq for Sealed<T> {
    fn eq(&self, other: &Sealed<T>) -> bool {
        self.bytes == other.bytes
    }
}

impl<T> fmt::Debug for Sealed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sealed({} bytes)", self.bytes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        name: String,
        n: u32,
    }

    #[test]
    fn a_sealed_value_opens_to_itself_and_travels_as_bytes() {
        let thing = Thing {
            name: "stack".into(),
            n: 7,
        };
        let sealed = Sealed::seal(&thing);
        assert_eq!(sealed.open(), Some(thing));
        // Inside another postcard message (a compiled lab, a job), it is plain bytes.
        let wire = postcard::to_allocvec(&sealed).unwrap();
        let back: Sealed<Thing> = postcard::from_bytes(&wire).unwrap();
        assert_eq!(back, sealed);
        let raw: Vec<u8> = postcard::from_bytes(&wire).unwrap();
        assert_eq!(raw, sealed.bytes());
    }

    #[test]
    fn bytes_of_another_type_do_not_open() {
        let sealed: Sealed<Thing> = Sealed::from_bytes(vec![200, 1]);
        assert_eq!(sealed.open(), None);
        assert_eq!(Sealed::<Thing>::default().open(), None);
    }
}
