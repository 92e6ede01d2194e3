//! The error type of the fallible operations: a stable [`Code`] and a message that names
//! what is wrong (the parameter, the placeholder, the field).

use std::borrow::Cow;
use std::fmt;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::{Code, Reason};

/// A refusal: a stable [`Code`] and a plain sentence. Serialises as `{"code", "message"}`;
/// displays as the sentence, then the code in brackets (`The site … refused. [unknown_host]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    code: Code,
    message: Cow<'static, str>,
}

impl Error {
    /// An error with a specific message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Error {
            code,
            message: Cow::Owned(message.into()),
        }
    }

    /// An error with the code's own message ([`Code::message`]).
    pub const fn from_code(code: Code) -> Self {
        Error {
            code,
            message: Cow::Borrowed(code.message()),
        }
    }

    /// The stable code.
    pub const fn code(&self) -> Code {
        self.code
    }

    /// The plain sentence.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<Code> for Error {
    fn from(code: Code) -> Self {
        Error::from_code(code)
    }
}

/// A classification's reason as an error: its code and its message (for `lookalike_host`,
/// the one naming the imitated program).
impl From<Reason> for Error {
    fn from(reason: Reason) -> Self {
        Error {
            code: reason.code,
            message: Cow::Borrowed(reason.message()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for Error {}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("message", &*self.message)?;
        s.end()
    }
}
