use std::fmt;

/// The longest page path we count, in bytes.
pub const MAX_PATH_BYTES: usize = 256;

/// A page path that may be counted: starts with `/`, at most 256 bytes, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PagePath(String);

/// Why a page path was refused; the message is written for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path must start with \"/\"")]
    /// The path does not start with `/`.
    NoLeadingSlash,
    #[error("the path is {0} bytes long; at most 256 are allowed")]
    /// The path is longer than its limit, in bytes.
    TooLong(usize),
    #[error("the path must not contain control characters")]
    /// The path holds a control character.
    ControlCharacter,
}

impl PagePath {
    /// The path `raw`, if it keeps the rules: a leading `/`, at most 256 bytes, no control characters.
    pub fn parse(raw: &str) -> Result<Self, PathError> {
        if !raw.starts_with('/') {
            return Err(PathError::NoLeadingSlash);
        }
        if raw.len() > MAX_PATH_BYTES {
            return Err(PathError::TooLong(raw.len()));
        }
        if raw.chars().any(char::is_control) {
            return Err(PathError::ControlCharacter);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The site root, `/`.
    pub fn root() -> Self {
        Self("/".to_owned())
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for PagePath {
    fn default() -> Self {
        Self::root()
    }
}

impl fmt::Display for PagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_that_start_with_a_slash() {
        assert_eq!(PagePath::parse("/").unwrap().as_str(), "/");
        assert_eq!(PagePath::parse("/blog/ünïcode?x=1").unwrap().as_str(), "/blog/ünïcode?x=1");
        assert!(PagePath::parse(&format!("/{}", "a".repeat(255))).is_ok());
    }

    #[test]
    fn refuses_bad_paths_with_the_reason() {
        assert_eq!(PagePath::parse(""), Err(PathError::NoLeadingSlash));
        assert_eq!(PagePath::parse("blog"), Err(PathError::NoLeadingSlash));
        assert_eq!(PagePath::parse(&format!("/{}", "a".repeat(256))), Err(PathError::TooLong(257)));
        assert_eq!(PagePath::parse("/a\nb"), Err(PathError::ControlCharacter));
        assert_eq!(PagePath::parse("/a\u{7f}"), Err(PathError::ControlCharacter));
        assert_eq!(PagePath::parse("/a\u{85}"), Err(PathError::ControlCharacter));
    }
}
