use std::fmt;
use std::net::IpAddr;
use std::sync::LazyLock;

use sha2::{Digest, Sha256};

use crate::Salt;

/// A visitor's identity for one UTC day: a SHA-256 over the day's salt, the site, the client IP
/// and the User-Agent, kept to 128 bits. Without the salt, which is forgotten after its day, the
/// key cannot be traced back to an IP or a User-Agent.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct VisitorKey(String);

impl VisitorKey {
    /// The key of a client on a day: a keyed hash of the day's salt, the site, the IP and the User-Agent.
    pub fn derive(salt: &Salt, site: &str, ip: IpAddr, user_agent: &str) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(salt);
        // Length prefixes keep ("ab","c") and ("a","bc") apart.
        for part in [site.as_bytes(), ip.to_string().as_bytes(), user_agent.as_bytes()] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        let digest = hasher.finalize();
        Self(hex::encode(&digest[..16]))
    }

    /// The key of a client address alone on a day, for the inflation cap: a keyed hash of the
    /// day's salt, the site and the IP, apart from every visitor key.
    pub fn of_address(salt: &Salt, site: &str, ip: IpAddr) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(salt);
        hasher.update(b"address");
        for part in [site.as_bytes(), ip.to_string().as_bytes()] {
            hasher.update((part.len() as u64).to_be_bytes());
            hasher.update(part);
        }
        Self(hex::encode(&hasher.finalize()[..16]))
    }

    /// The key as 32 lowercase hex digits; what stores keep.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Wraps a key read back from a store.
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }
}

impl fmt::Debug for VisitorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VisitorKey({})", self.0)
    }
}

static BOTS: LazyLock<isbot::Bots> = LazyLock::new(isbot::Bots::default);

/// True for crawlers, monitors, scripts and empty User-Agents: none of them is counted.
///
/// The pattern list is the `isbot` crate's, kept up to date upstream, plus generic HTTP
/// libraries that it lets through.
pub fn is_bot(user_agent: &str) -> bool {
    let ua = user_agent.trim();
    if ua.is_empty() {
        return true;
    }
    let lower = ua.to_ascii_lowercase();
    const TOOLS: &[&str] = &["curl/", "wget/", "python-requests", "go-http-client", "okhttp", "headlesschrome"];
    TOOLS.iter().any(|t| lower.starts_with(t) || lower.contains(t)) || BOTS.is_bot(ua)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    #[test]
    fn key_depends_on_every_input_and_holds_none_of_them() {
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let a = VisitorKey::derive(&[1; 32], "site", ip, FIREFOX);
        assert_eq!(a, VisitorKey::derive(&[1; 32], "site", ip, FIREFOX));
        assert_ne!(a, VisitorKey::derive(&[2; 32], "site", ip, FIREFOX));
        assert_ne!(a, VisitorKey::derive(&[1; 32], "other", ip, FIREFOX));
        assert_ne!(a, VisitorKey::derive(&[1; 32], "site", "203.0.113.8".parse().unwrap(), FIREFOX));
        assert_ne!(a, VisitorKey::derive(&[1; 32], "site", ip, "Other/1.0"));
        assert_eq!(a.as_str().len(), 32);
        assert!(a.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!a.as_str().contains("203"));
    }

    #[test]
    fn bots_and_empty_agents_are_recognised() {
        for ua in [
            "",
            "   ",
            "Googlebot/2.1 (+http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "curl/8.5.0",
            "python-requests/2.32.3",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
        ] {
            assert!(is_bot(ua), "{ua:?} should be a bot");
        }
        for ua in [
            FIREFOX,
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        ] {
            assert!(!is_bot(ua), "{ua:?} should be a person");
        }
    }
}
