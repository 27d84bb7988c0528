//! Where a view came from, reduced to what may be kept: the share link it came through, the
//! registrable domain of the site that sent it, and the viewer's country. Each is a value from a
//! bounded set, counted per page and UTC day beside the view itself; nothing of it names a
//! person (no address, no User-Agent, no full referring URL).

use std::net::IpAddr;

use serde::Serialize;

/// At most this many referring domains are counted by name per page and UTC day; later ones
/// count as [`OTHER`]. A stranger cannot make rows without end.
pub const MAX_REFERRERS_PER_PAGE_DAY: u32 = 50;

/// An unknown share link, a domain past the bound, a referrer that is no domain.
pub const OTHER: &str = "other";
/// No referrer, or the site itself.
pub const DIRECT: &str = "direct";
/// A view that came through no share link.
pub const NO_LINK: &str = "none";
/// A view whose country is not known (always, locally).
pub const UNKNOWN: &str = "unknown";

/// The longest share link name.
pub const MAX_LINK_NAME: usize = 40;

/// What a counted view adds one to, besides the page's views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// The share link (`?ref=NAME`): a known link's name, [`OTHER`] or [`NO_LINK`].
    Ref,
    /// The referring site's registrable domain, [`DIRECT`] or [`OTHER`].
    Referrer,
    /// The viewer's country (ISO 3166-1 alpha-2) or [`UNKNOWN`].
    Country,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 3] = [Dimension::Ref, Dimension::Referrer, Dimension::Country];

    /// Its name in stores and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Ref => "ref",
            Dimension::Referrer => "referrer",
            Dimension::Country => "country",
        }
    }

    /// The dimension of a stored name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == name)
    }
}

/// A view's attribution as stores keep it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// A known link's name, [`OTHER`] or [`NO_LINK`].
    pub link: String,
    /// A registrable domain, [`DIRECT`] or [`OTHER`]; a store counts at most
    /// [`MAX_REFERRERS_PER_PAGE_DAY`] domains by name per page and day, the rest as [`OTHER`].
    pub referrer: String,
    /// An ISO country code or [`UNKNOWN`].
    pub country: String,
}

impl Default for Attribution {
    fn default() -> Self {
        Self { link: NO_LINK.into(), referrer: DIRECT.into(), country: UNKNOWN.into() }
    }
}

/// A share link's name as written (`acme-backend-role`): 1 to 40 lowercase letters, digits and
/// dashes, no dash at either end. `None` for anything else; the caller says why.
pub fn link_name(raw: &str) -> Option<&str> {
    let ok = (1..=MAX_LINK_NAME).contains(&raw.len())
        && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !raw.starts_with('-')
        && !raw.ends_with('-');
    ok.then_some(raw)
}

/// The registrable domain of the referring host (`www.linkedin.com` → `linkedin.com`, by the
/// public suffix list); [`DIRECT`] for none or one of `own` (the site's own hosts, or their
/// registrable domain); [`OTHER`] for what is no domain name (an address, a made-up string).
pub fn referrer_domain(host: Option<&str>, own: &[&str]) -> String {
    let Some(host) = host.map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase()).filter(|h| !h.is_empty()) else {
        return DIRECT.into();
    };
    let is_name = host.len() <= 253
        && host.parse::<IpAddr>().is_err()
        && host.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
        });
    let Some(domain) = is_name.then(|| psl::domain_str(&host)).flatten() else {
        return OTHER.into();
    };
    let own_domain = |h: &&str| {
        let h = h.trim_end_matches('.').to_ascii_lowercase();
        h == host || psl::domain_str(&h) == Some(domain)
    };
    if own.iter().any(own_domain) { DIRECT.into() } else { domain.to_owned() }
}

/// An ISO 3166-1 alpha-2 code as CloudFront sends it (`GB`), else [`UNKNOWN`].
pub fn country(raw: Option<&str>) -> String {
    match raw.map(str::trim) {
        Some(code) if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) => code.to_ascii_uppercase(),
        _ => UNKNOWN.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_names_are_short_lowercase_slugs() {
        for ok in ["acme", "acme-backend-role", "job-2026", "a"] {
            assert_eq!(link_name(ok), Some(ok));
        }
        for bad in ["", "-acme", "acme-", "Acme", "acme role", "acmé", "a/b", &"x".repeat(41)] {
            assert_eq!(link_name(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn referrers_are_registrable_domains() {
        let own = ["resume.example.com"];
        assert_eq!(referrer_domain(Some("www.linkedin.com"), &own), "linkedin.com");
        assert_eq!(referrer_domain(Some("jobs.bbc.co.uk"), &own), "bbc.co.uk");
        assert_eq!(referrer_domain(Some("News.YCombinator.com."), &own), "ycombinator.com");
        assert_eq!(referrer_domain(None, &own), DIRECT);
        assert_eq!(referrer_domain(Some(""), &own), DIRECT);
        assert_eq!(referrer_domain(Some("resume.example.com"), &own), DIRECT);
        assert_eq!(referrer_domain(Some("blog.example.com"), &own), DIRECT, "the same site");
        for odd in ["203.0.113.9", "[2001:db8::1]", "localhost", "a b", "x..y", "<script>", &"a.".repeat(200)] {
            assert_eq!(referrer_domain(Some(odd), &own), OTHER, "{odd:?}");
        }
    }

    #[test]
    fn countries_are_two_letter_codes() {
        assert_eq!(country(Some("GB")), "GB");
        assert_eq!(country(Some("de")), "DE");
        for odd in [None, Some(""), Some("GBR"), Some("1A"), Some("??")] {
            assert_eq!(country(odd), UNKNOWN, "{odd:?}");
        }
    }
}
