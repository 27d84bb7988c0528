//! The runtime settings that `cloud-resume serve` and the Lambda function share, read the same
//! way in both: the refresh window and its bounds, the site name, the store timeouts, the day
//! format, and the AWS SDK set-up. `infra/modules/api/variables.tf` validates the refresh window
//! with the same bounds (a test there holds them together).

use std::time::Duration;

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

/// The site name mixed into visitor keys, unless one is given.
pub const DEFAULT_SITE: &str = "cloud-resume";

/// A repeat view from the same visitor of the same page within this window is not counted.
pub const DEFAULT_REFRESH_WINDOW: Duration = Duration::from_secs(10 * 60);
/// The longest refresh window: a visitor is known for one UTC day only.
pub const MAX_REFRESH_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// The inflation cap: at most this many counted views per client IP per hour.
pub const DEFAULT_VIEWS_PER_IP_HOUR: u32 = 30;

/// `30`: a whole number of views per client IP per hour; `0` turns the cap off (`None`).
pub fn parse_views_per_ip_hour(raw: &str) -> Result<Option<u32>, String> {
    match raw.trim().parse::<u32>() {
        Ok(0) => Ok(None),
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(format!("{raw:?} is not a whole number of views (0 turns the cap off)")),
    }
}

/// `--views-per-ip-hour` and `VIEWS_PER_IP_HOUR` as given, read by [`parse_views_per_ip_hour`]
/// in both: at most this many counted views per client IP per hour, `None` (written `0`) for
/// no cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewsPerIpHour(pub Option<u32>);

impl Default for ViewsPerIpHour {
    fn default() -> Self {
        Self(Some(DEFAULT_VIEWS_PER_IP_HOUR))
    }
}

impl std::str::FromStr for ViewsPerIpHour {
    type Err = String;
    fn from_str(raw: &str) -> Result<Self, String> {
        parse_views_per_ip_hour(raw).map(Self)
    }
}

impl std::fmt::Display for ViewsPerIpHour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.unwrap_or(0))
    }
}

/// An origin, `http(s)://host[:port]`, lowercased (a trailing `/` is dropped), and nothing else:
/// an origin has no path, query or wildcard. `serve --allowed-origin` and the function's
/// `SITE_ORIGINS` are read by it.
pub fn parse_origin(raw: &str) -> Result<String, String> {
    let origin = raw.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("{raw:?} is not an origin: it must start with https:// or http://"))?;
    let valid_host = !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        && !rest.starts_with(':');
    if !valid_host {
        return Err(format!(
            "{raw:?} is not an origin: write scheme://host[:port] with no path, like https://example.com"
        ));
    }
    Ok(origin.to_ascii_lowercase())
}

/// How long one store call may take, its retry included, before the API answers 503, in the
/// Lambda function, whose own timeout (`timeout_seconds` in `infra/modules/api`) must be longer.
pub const LAMBDA_STORE_TIMEOUT: Duration = Duration::from_secs(4);
/// The bounds of a store timeout given to `serve`.
pub const STORE_TIMEOUT_BOUNDS: (Duration, Duration) = (Duration::from_millis(100), Duration::from_secs(300));

/// How days are written in the stores and the API: `2026-11-29`.
pub const DAY_FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// `30s`, `10m`, `1h`: more than 0 and at most [`MAX_REFRESH_WINDOW`].
pub fn parse_refresh_window(raw: &str) -> Result<Duration, String> {
    let window = humantime::parse_duration(raw).map_err(|e| format!("{e}; write it like 30s, 10m or 1h"))?;
    if window.is_zero() || window > MAX_REFRESH_WINDOW {
        return Err("the refresh window must be more than 0 and at most 24h".into());
    }
    Ok(window)
}

/// `2s`, `10s`: within [`STORE_TIMEOUT_BOUNDS`].
pub fn parse_store_timeout(raw: &str) -> Result<Duration, String> {
    let timeout = humantime::parse_duration(raw).map_err(|e| format!("{e}; write it like 2s or 10s"))?;
    let (least, most) = STORE_TIMEOUT_BOUNDS;
    if timeout < least || timeout > most {
        return Err("the store timeout must be from 100ms to 5m".into());
    }
    Ok(timeout)
}

/// The Lambda function's settings, from its environment (`lookup` is `std::env::var` there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSettings {
    /// `TABLE_NAME` (required): the DynamoDB table.
    pub table: String,
    /// `SITE_NAME` (default [`DEFAULT_SITE`]).
    pub site: String,
    /// `REFRESH_WINDOW` (default [`DEFAULT_REFRESH_WINDOW`]), read by [`parse_refresh_window`].
    pub refresh_window: Duration,
    /// `SITE_ORIGINS` (default none): the site's own origins, comma-separated, each read by
    /// [`parse_origin`].
    pub site_origins: Vec<String>,
    /// `VIEWS_PER_IP_HOUR` (default [`DEFAULT_VIEWS_PER_IP_HOUR`]; `0` for no cap), read by
    /// [`parse_views_per_ip_hour`].
    pub views_per_ip_hour: Option<u32>,
    /// `SITE_LANGUAGES` (default none): the site's other languages, comma-separated BCP 47 tags
    /// (`de,pt-BR`): each one's page (`/de/`) and statistics page (`/de/stats.html`) count too.
    pub site_languages: Vec<String>,
}

/// A language of the site as `SITE_LANGUAGES` lists it: a BCP 47 tag (letters, digits and
/// hyphens, a letter first, at most 35 characters), in lower case as its folder is named.
pub fn parse_site_language(raw: &str) -> Result<String, String> {
    let tag = raw.trim().to_ascii_lowercase();
    let valid = !tag.is_empty()
        && tag.len() <= 35
        && tag.starts_with(|c: char| c.is_ascii_lowercase())
        && tag.split('-').all(|part| (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric()));
    if valid { Ok(tag) } else { Err(format!("{raw:?} is not a language tag (write de, fr or pt-BR)")) }
}

impl FunctionSettings {
    /// The site's pages: [`crate::SITE_PAGES`], and each language's.
    pub fn pages(&self) -> crate::PageSet {
        crate::PageSet::with_languages(&self.site_languages)
    }

    /// Reads the settings; an error names the variable and what to write.
    pub fn from_env(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let table = lookup("TABLE_NAME").ok_or("TABLE_NAME is not set: name the DynamoDB table")?;
        let refresh_window = match lookup("REFRESH_WINDOW") {
            Some(raw) => parse_refresh_window(&raw).map_err(|e| format!("REFRESH_WINDOW={raw:?}: {e}"))?,
            None => DEFAULT_REFRESH_WINDOW,
        };
        let site = lookup("SITE_NAME").unwrap_or_else(|| DEFAULT_SITE.to_owned());
        let site_origins = lookup("SITE_ORIGINS")
            .unwrap_or_default()
            .split(',')
            .filter(|o| !o.trim().is_empty())
            .map(|o| parse_origin(o).map_err(|e| format!("SITE_ORIGINS: {e}")))
            .collect::<Result<_, _>>()?;
        let views_per_ip_hour = match lookup("VIEWS_PER_IP_HOUR") {
            Some(raw) => parse_views_per_ip_hour(&raw).map_err(|e| format!("VIEWS_PER_IP_HOUR: {e}"))?,
            None => ViewsPerIpHour::default().0,
        };
        let site_languages = lookup("SITE_LANGUAGES")
            .unwrap_or_default()
            .split(',')
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_site_language(t).map_err(|e| format!("SITE_LANGUAGES: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(Self { table, site, refresh_window, site_origins, views_per_ip_hour, site_languages })
    }
}

/// Timeouts and tries for every call of an AWS SDK client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkTimeouts {
    /// How long a connection may take to open.
    pub connect: Duration,
    /// How long one attempt of a call may take.
    pub attempt: Duration,
    /// How long a call may take in all, its retries included.
    pub operation: Duration,
    /// How many attempts a call gets.
    pub attempts: u32,
}

impl SdkTimeouts {
    /// For a store call that may take `timeout` in all: an unreachable endpoint fails within the
    /// 1 s connect timeout (a quick 503); a slow but working one gets two attempts of half each.
    pub fn store(timeout: Duration) -> Self {
        Self { connect: Duration::from_secs(1).min(timeout), attempt: timeout / 2, operation: timeout, attempts: 2 }
    }

    /// For deploys, which move megabytes (the Lambda zip) and may wait on AWS: generous, three tries.
    pub fn deploy() -> Self {
        Self {
            connect: Duration::from_secs(5),
            attempt: Duration::from_secs(120),
            operation: Duration::from_secs(300),
            attempts: 3,
        }
    }
}

/// The standard AWS environment (region, credentials, `AWS_ENDPOINT_URL[_<SERVICE>]`) with these
/// timeouts: the one SDK set-up of the CLI and the function.
#[cfg(feature = "aws")]
pub async fn aws_sdk_config(timeouts: SdkTimeouts) -> aws_config::SdkConfig {
    use aws_config::retry::RetryConfig;
    use aws_config::timeout::TimeoutConfig;

    let timeout_config = TimeoutConfig::builder()
        .connect_timeout(timeouts.connect)
        .operation_attempt_timeout(timeouts.attempt)
        .operation_timeout(timeouts.operation)
        .build();
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .timeout_config(timeout_config)
        .retry_config(RetryConfig::standard().with_max_attempts(timeouts.attempts))
        .load()
        .await
}

/// A DynamoDB client whose calls give up after `timeout` ([`SdkTimeouts::store`]).
#[cfg(feature = "dynamodb")]
pub async fn dynamodb_client(timeout: Duration) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(&aws_sdk_config(SdkTimeouts::store(timeout)).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_windows_are_more_than_zero_and_at_most_a_day() {
        assert_eq!(parse_refresh_window("10m"), Ok(DEFAULT_REFRESH_WINDOW));
        assert_eq!(parse_refresh_window("24h"), Ok(MAX_REFRESH_WINDOW));
        assert_eq!(parse_refresh_window("1s"), Ok(Duration::from_secs(1)));
        for bad in ["0s", "0", "24h 1s", "2d", "ten minutes", ""] {
            assert!(parse_refresh_window(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn origins() {
        assert_eq!(parse_origin("https://Example.com/").unwrap(), "https://example.com");
        assert_eq!(parse_origin(" http://127.0.0.1:3000").unwrap(), "http://127.0.0.1:3000");
        for bad in ["*", "example.com", "https://example.com/path", "https://", "https://:80", "https://a b"] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_view_cap_reads_alike_as_a_flag_and_a_variable() {
        assert_eq!("0".parse(), Ok(ViewsPerIpHour(None)));
        assert_eq!(" 45 ".parse(), Ok(ViewsPerIpHour(Some(45))));
        assert!("-1".parse::<ViewsPerIpHour>().is_err());
        assert_eq!(ViewsPerIpHour::default().to_string().parse(), Ok(ViewsPerIpHour::default()));
        assert_eq!(ViewsPerIpHour(None).to_string(), "0");
    }

    #[test]
    fn store_timeouts_are_bounded() {
        assert_eq!(parse_store_timeout("10s"), Ok(Duration::from_secs(10)));
        for bad in ["50ms", "6m", "soon"] {
            assert!(parse_store_timeout(bad).is_err(), "{bad}");
        }
        let lambda = SdkTimeouts::store(LAMBDA_STORE_TIMEOUT);
        assert_eq!(
            (lambda.connect, lambda.attempt, lambda.attempts),
            (Duration::from_secs(1), Duration::from_secs(2), 2)
        );
    }

    #[test]
    fn the_function_reads_its_environment() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
        };
        let settings = FunctionSettings::from_env(env(&[("TABLE_NAME", "t")])).unwrap();
        assert_eq!(
            settings,
            FunctionSettings {
                table: "t".into(),
                site: DEFAULT_SITE.into(),
                refresh_window: DEFAULT_REFRESH_WINDOW,
                site_origins: vec![],
                views_per_ip_hour: Some(30),
                site_languages: vec![],
            }
        );
        assert_eq!(settings.pages(), crate::PageSet::site());
        const LANGUAGES: &[(&str, &str)] = &[("TABLE_NAME", "t"), ("SITE_LANGUAGES", "de, pt-BR,")];
        let languages = FunctionSettings::from_env(env(LANGUAGES)).unwrap();
        assert_eq!(languages.site_languages, ["de", "pt-br"]);
        let pages: Vec<String> = languages.pages().iter().map(|p| p.to_string()).collect();
        assert_eq!(pages, ["/", "/de/", "/de/stats.html", "/pt-br/", "/pt-br/stats.html", "/stats.html"]);
        const BAD_TAG: &[(&str, &str)] = &[("TABLE_NAME", "t"), ("SITE_LANGUAGES", "de,../x")];
        assert!(FunctionSettings::from_env(env(BAD_TAG)).unwrap_err().starts_with("SITE_LANGUAGES: \"../x\""));
        const HUNDRED: &[(&str, &str)] = &[("TABLE_NAME", "t"), ("VIEWS_PER_IP_HOUR", "100")];
        const OFF: &[(&str, &str)] = &[("TABLE_NAME", "t"), ("VIEWS_PER_IP_HOUR", "0")];
        assert_eq!(FunctionSettings::from_env(env(HUNDRED)).unwrap().views_per_ip_hour, Some(100));
        assert_eq!(FunctionSettings::from_env(env(OFF)).unwrap().views_per_ip_hour, None);
        const BAD: &[(&str, &str)] = &[("TABLE_NAME", "t"), ("VIEWS_PER_IP_HOUR", "-1")];
        assert!(FunctionSettings::from_env(env(BAD)).unwrap_err().contains("VIEWS_PER_IP_HOUR"));
        const ORIGINS: &[(&str, &str)] =
            &[("TABLE_NAME", "t"), ("SITE_ORIGINS", "https://me.dev/, https://www.me.dev,")];
        let origins = FunctionSettings::from_env(env(ORIGINS)).unwrap().site_origins;
        assert_eq!(origins, ["https://me.dev", "https://www.me.dev"]);
        const NO_SCHEME: &[(&str, &str)] = &[("TABLE_NAME", "t"), ("SITE_ORIGINS", "https://me.dev,me.dev")];
        let no_scheme = FunctionSettings::from_env(env(NO_SCHEME)).unwrap_err();
        assert!(no_scheme.starts_with("SITE_ORIGINS: \"me.dev\" is not an origin"), "{no_scheme}");
        let set =
            FunctionSettings::from_env(env(&[("TABLE_NAME", "t"), ("SITE_NAME", "me.dev"), ("REFRESH_WINDOW", "1h")]))
                .unwrap();
        assert_eq!((set.site.as_str(), set.refresh_window), ("me.dev", Duration::from_secs(3600)));
        assert!(FunctionSettings::from_env(env(&[])).unwrap_err().contains("TABLE_NAME"));
        let zero = FunctionSettings::from_env(env(&[("TABLE_NAME", "t"), ("REFRESH_WINDOW", "0s")])).unwrap_err();
        assert!(zero.contains("REFRESH_WINDOW=\"0s\"") && zero.contains("more than 0"), "{zero}");
    }
}
