use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime, Time};

use crate::attribution::{self, Attribution};
use crate::{
    Clock, DayCount, PagePath, Recorded, Salt, Store, StoreError, SystemClock, Totals, ViewCap, ViewRecord, VisitorKey,
    is_bot,
};

/// How a cap bucket names its hour: `2026-11-29T08`.
const HOUR: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]T[hour]");

/// How the counter is set up.
#[derive(Debug, Clone)]
pub struct CounterConfig {
    /// Mixed into every visitor key, so that one person on two sites gets two unrelated keys.
    pub site: String,
    /// A repeat view within this window is not counted.
    pub refresh_window: Duration,
    /// Sweep expired salts and markers on the first view of a new UTC day. Right for SQLite;
    /// a DynamoDB table's TTL does it without a scan in the request path.
    pub purge_on_day_change: bool,
    /// The inflation cap: at most this many counted views per client IP per UTC hour, across
    /// all User-Agents; `None` for no cap.
    pub views_per_ip_hour: Option<u32>,
}

impl Default for CounterConfig {
    fn default() -> Self {
        Self {
            site: crate::settings::DEFAULT_SITE.to_owned(),
            refresh_window: Duration::try_from(crate::settings::DEFAULT_REFRESH_WINDOW)
                .unwrap_or(Duration::minutes(10)),
            purge_on_day_change: true,
            views_per_ip_hour: Some(crate::settings::DEFAULT_VIEWS_PER_IP_HOUR),
        }
    }
}

/// One page view as the HTTP layer saw it. The IP and User-Agent live only as long as this
/// value: the counter turns them into a [`VisitorKey`] and drops them. The rest is reduced to
/// its [`Attribution`] (a known link's name, a registrable domain, a country code).
#[derive(Debug, Clone, Copy)]
pub struct Visit<'a> {
    /// The page viewed.
    pub path: &'a PagePath,
    /// The client's IP address, hashed into the visitor key and dropped.
    pub ip: IpAddr,
    /// The client's User-Agent, hashed into the visitor key and dropped.
    pub user_agent: &'a str,
    /// The share link the page was opened with (`?ref=NAME`), as the page sent it.
    pub link: Option<&'a str>,
    /// The host of the page that linked here, as the page sent it.
    pub referrer: Option<&'a str>,
    /// The viewer's country (ISO code), as the CDN told it; `None` locally.
    pub country: Option<&'a str>,
    /// The site's own host names: a referrer among them (or their domains) is `direct`.
    pub own_hosts: &'a [&'a str],
}

impl<'a> Visit<'a> {
    /// A view of `path` by `ip` and `user_agent`, with no link, referrer or country.
    pub fn new(path: &'a PagePath, ip: IpAddr, user_agent: &'a str) -> Self {
        Self { path, ip, user_agent, link: None, referrer: None, country: None, own_hosts: &[] }
    }
}

/// Applies the counting rules over a [`Store`].
#[derive(Clone)]
pub struct Counter {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: CounterConfig,
    /// The salt of the current UTC day, so that only the first view of a day asks the store.
    salt: Arc<Mutex<Option<(Date, Salt)>>>,
}

impl Counter {
    /// A counter over `store`, on the system clock.
    pub fn new(store: Arc<dyn Store>, config: CounterConfig) -> Self {
        Self::with_clock(store, config, Arc::new(SystemClock))
    }

    /// A counter over `store` on `clock` (tests move a [`crate::ManualClock`]).
    pub fn with_clock(store: Arc<dyn Store>, config: CounterConfig, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock, config, salt: Arc::new(Mutex::new(None)) }
    }

    /// How this counter is set up.
    pub fn config(&self) -> &CounterConfig {
        &self.config
    }

    /// Counts a view if the rules allow it and returns the path's totals either way.
    pub async fn record(&self, visit: Visit<'_>) -> Result<Recorded, StoreError> {
        if is_bot(visit.user_agent) {
            let totals = self.store.totals(visit.path).await?;
            return Ok(Recorded { counted: false, totals });
        }
        let at = self.clock.now();
        let day = at.date();
        let salt = self.salt_of(day).await?;
        let visitor = VisitorKey::derive(&salt, &self.config.site, visit.ip, visit.user_agent);
        let attribution = self.attribution(&visit).await?;
        let view = ViewRecord {
            attribution,
            path: visit.path.clone(),
            visitor,
            at,
            window: self.config.refresh_window,
            marker_expires_at: end_of(day),
            cap: self.config.views_per_ip_hour.map(|limit| {
                let address = VisitorKey::of_address(&salt, &self.config.site, visit.ip);
                let hour = start_of_hour(at);
                ViewCap {
                    bucket: format!("{}#{}", address.as_str(), hour.format(HOUR).unwrap_or_default()),
                    limit,
                    expires_at: hour + Duration::hours(1),
                }
            }),
        };
        self.store.record_view(&view).await
    }

    /// What a view is counted under: a known link by its name (any other as `other`), the
    /// referrer's registrable domain, the country code.
    async fn attribution(&self, visit: &Visit<'_>) -> Result<Attribution, StoreError> {
        let link = match visit.link.map(str::trim).filter(|l| !l.is_empty()) {
            None => attribution::NO_LINK.to_owned(),
            Some(raw) => match attribution::link_name(raw) {
                Some(name) if self.store.is_link(name).await? => name.to_owned(),
                _ => attribution::OTHER.to_owned(),
            },
        };
        Ok(Attribution {
            link,
            referrer: attribution::referrer_domain(visit.referrer, visit.own_hosts),
            country: attribution::country(visit.country),
        })
    }

    /// The path's totals; never counts.
    pub async fn totals(&self, path: &PagePath) -> Result<Totals, StoreError> {
        self.store.totals(path).await
    }

    /// The last `days` UTC days up to today, oldest first, with zeros for days without views.
    pub async fn daily(&self, path: &PagePath, days: u16) -> Result<Vec<DayCount>, StoreError> {
        let last = self.clock.now().date();
        let first = last - Duration::days(i64::from(days.max(1)) - 1);
        let stored = self.store.daily(path, first, last).await?;
        let mut stored = stored.into_iter().peekable();
        let mut out = Vec::with_capacity(usize::from(days));
        let mut date = first;
        loop {
            let count = match stored.next_if(|c| c.date == date) {
                Some(c) => c,
                None => DayCount { date, views: 0, visitors: 0 },
            };
            out.push(count);
            if date == last {
                break;
            }
            date = date.next_day().ok_or_else(|| StoreError::Malformed("date out of range".into()))?;
        }
        Ok(out)
    }

    /// Answers when the store can serve requests.
    pub async fn health(&self) -> Result<(), StoreError> {
        self.store.ping().await
    }

    /// Forgets salts and visitor markers of days that are over.
    pub async fn purge_expired(&self) -> Result<u64, StoreError> {
        self.store.purge_expired(self.clock.now()).await
    }

    async fn salt_of(&self, day: Date) -> Result<Salt, StoreError> {
        if let Some((cached_day, salt)) = *self.salt.lock().unwrap_or_else(|e| e.into_inner())
            && cached_day == day
        {
            return Ok(salt);
        }
        let previous_day = self.salt.lock().unwrap_or_else(|e| e.into_inner()).map(|(d, _)| d);
        let salt = self.store.salt(day, rand::random(), end_of(day)).await?;
        *self.salt.lock().unwrap_or_else(|e| e.into_inner()) = Some((day, salt));
        if self.config.purge_on_day_change && previous_day.is_some_and(|d| d < day) {
            // A new day began: yesterday's salt and markers are of no further use. A failed
            // purge is retried at the next day change or by the periodic sweep of the server.
            if let Err(err) = self.purge_expired().await {
                tracing::warn!(error = %err, "could not purge expired salts and visitor markers");
            }
        }
        Ok(salt)
    }
}

/// The start of the UTC hour of `at`.
fn start_of_hour(at: OffsetDateTime) -> OffsetDateTime {
    at.date().with_hms(at.hour(), 0, 0).map_or(at, |t| t.assume_utc())
}

/// The instant a day's salt and visitor markers expire: the start of the next UTC day.
fn end_of(day: Date) -> OffsetDateTime {
    let next = day.next_day().unwrap_or(day);
    next.with_time(Time::MIDNIGHT).assume_utc()
}
