//! The behaviour every [`Store`] must have, as tests any implementation can run.
//!
//! Call [`store_contract_tests!`](crate::store_contract_tests) with an async expression that
//! yields an `Arc<dyn Store>`; it expands to one `#[tokio::test]` per case. The cases use paths,
//! days and instants of their own, so they may share one backing store and run in parallel.

use std::sync::Arc;

use time::{Date, Duration, OffsetDateTime, macros::datetime};

use crate::attribution::{Attribution, Dimension, MAX_REFERRERS_PER_PAGE_DAY, OTHER};
use crate::{PagePath, Store, Totals, ViewCap, ViewRecord, VisitorKey};

/// Expands to one test per contract case for the store made by `$make` (an async expression
/// evaluating to `Arc<dyn Store>`, evaluated afresh for each case).
///
/// `store_contract_tests!(needs_emulators: $make)` marks every case ignored unless the calling
/// crate's `emulator-tests` feature is on (for stores that need moto), so a plain `cargo test`
/// names them instead of failing.
#[macro_export]
macro_rules! store_contract_tests {
    (@cases $needs:ident $make:expr) => {
        $crate::store_contract_tests!(@each $needs $make;
            first_view_counts_a_view_and_a_visitor,
            repeat_within_the_window_changes_nothing,
            repeat_after_the_window_counts_a_view_only,
            distinct_visitors_each_count,
            paths_are_counted_apart,
            daily_counts_fall_on_their_day,
            unknown_path_has_zero_totals,
            first_salt_of_a_day_wins,
            concurrent_salt_creation_agrees,
            concurrent_distinct_visitors_all_count,
            concurrent_repeats_count_once,
            purge_forgets_expired_markers_and_salts_but_keeps_counts,
            ping_answers,
            a_full_cap_bucket_counts_nothing_more,
            repeats_do_not_use_up_the_cap,
            concurrent_views_never_pass_the_cap,
            a_counted_view_counts_where_it_came_from_and_a_repeat_adds_nothing,
            named_referrers_are_bounded_per_page_and_day,
            breakdowns_span_the_days_asked_for,
            links_are_added_listed_and_removed,
        );
    };
    (@each $needs:ident $make:expr; $($case:ident),+ $(,)?) => {
        $( $crate::store_contract_tests!(@one $needs $make; $case); )+
    };
    (@one emulators $make:expr; $case:ident) => {
        #[cfg_attr(
            not(feature = "emulator-tests"),
            ignore = "needs moto, which scripts/test starts: run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
        )]
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $case() {
            let store: ::std::sync::Arc<dyn $crate::Store> = $make.await;
            $crate::contract::$case(store).await;
        }
    };
    (@one nothing $make:expr; $case:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $case() {
            let store: ::std::sync::Arc<dyn $crate::Store> = $make.await;
            $crate::contract::$case(store).await;
        }
    };
    (needs_emulators: $make:expr) => {
        $crate::store_contract_tests!(@cases emulators $make);
    };
    ($make:expr) => {
        $crate::store_contract_tests!(@cases nothing $make);
    };
}

const NOON: OffsetDateTime = datetime!(2026-11-28 12:00 UTC);
const WINDOW: Duration = Duration::minutes(10);

/// A path no other case (or earlier run against the same store) uses.
pub fn unique_path(name: &str) -> PagePath {
    let nonce: u64 = rand::random();
    PagePath::parse(&format!("/contract/{name}/{nonce:016x}")).expect("valid path")
}

fn visitor(n: u32) -> VisitorKey {
    let nonce: u64 = rand::random();
    VisitorKey::from_stored(format!("{nonce:016x}{n:016x}"))
}

fn view(path: &PagePath, visitor: &VisitorKey, at: OffsetDateTime) -> ViewRecord {
    ViewRecord {
        path: path.clone(),
        visitor: visitor.clone(),
        at,
        window: WINDOW,
        marker_expires_at: (at.date() + Duration::days(1)).midnight().assume_utc(),
        cap: None,
        attribution: Attribution::default(),
    }
}

/// A view held to a cap of `limit` in `bucket`, which expires an hour after noon.
fn capped(path: &PagePath, visitor: &VisitorKey, at: OffsetDateTime, bucket: &str, limit: u32) -> ViewRecord {
    ViewRecord {
        cap: Some(ViewCap { bucket: bucket.to_owned(), limit, expires_at: NOON + Duration::hours(1) }),
        ..view(path, visitor, at)
    }
}

fn unique_bucket() -> String {
    format!("contract-bucket-{:016x}", rand::random::<u64>())
}

fn t(views: u64, visitors: u64) -> Totals {
    Totals { views, visitors }
}

/// A first view counts one view and one visitor.
pub async fn first_view_counts_a_view_and_a_visitor(store: Arc<dyn Store>) {
    let path = unique_path("first");
    let r = store.record_view(&view(&path, &visitor(1), NOON)).await.unwrap();
    assert!(r.counted);
    assert_eq!(r.totals, t(1, 1));
    assert_eq!(store.totals(&path).await.unwrap(), t(1, 1));
}

/// A repeat within the window is not counted and changes nothing.
pub async fn repeat_within_the_window_changes_nothing(store: Arc<dyn Store>) {
    let path = unique_path("repeat");
    let v = visitor(1);
    store.record_view(&view(&path, &v, NOON)).await.unwrap();
    for later in [Duration::ZERO, Duration::seconds(1), WINDOW - Duration::milliseconds(1)] {
        let r = store.record_view(&view(&path, &v, NOON + later)).await.unwrap();
        assert!(!r.counted, "a repeat {later} later must not count");
        assert_eq!(r.totals, t(1, 1));
    }
    let days = store.daily(&path, NOON.date(), NOON.date()).await.unwrap();
    assert_eq!((days[0].views, days[0].visitors), (1, 1));
}

/// A repeat after the window counts a view, not a visitor.
pub async fn repeat_after_the_window_counts_a_view_only(store: Arc<dyn Store>) {
    let path = unique_path("after-window");
    let v = visitor(1);
    store.record_view(&view(&path, &v, NOON)).await.unwrap();
    let r = store.record_view(&view(&path, &v, NOON + WINDOW)).await.unwrap();
    assert!(r.counted);
    assert_eq!(r.totals, t(2, 1));
    // The window restarts from the last counted view.
    let r = store.record_view(&view(&path, &v, NOON + WINDOW + Duration::minutes(5))).await.unwrap();
    assert!(!r.counted);
    let r = store.record_view(&view(&path, &v, NOON + WINDOW * 2)).await.unwrap();
    assert!(r.counted);
    assert_eq!(r.totals, t(3, 1));
}

/// Distinct visitors each count.
pub async fn distinct_visitors_each_count(store: Arc<dyn Store>) {
    let path = unique_path("distinct");
    for n in 1..=3u64 {
        let r = store.record_view(&view(&path, &visitor(n as u32), NOON)).await.unwrap();
        assert!(r.counted);
        assert_eq!(r.totals, t(n, n));
    }
}

/// Each path has counts of its own.
pub async fn paths_are_counted_apart(store: Arc<dyn Store>) {
    let (a, b) = (unique_path("a"), unique_path("b"));
    let v = visitor(1);
    assert!(store.record_view(&view(&a, &v, NOON)).await.unwrap().counted);
    let r = store.record_view(&view(&b, &v, NOON)).await.unwrap();
    assert!(r.counted, "the same visitor on another path counts there");
    assert_eq!(r.totals, t(1, 1));
    assert_eq!(store.totals(&a).await.unwrap(), t(1, 1));
}

/// Daily counts fall on the view's UTC day.
pub async fn daily_counts_fall_on_their_day(store: Arc<dyn Store>) {
    let path = unique_path("daily");
    let other = unique_path("daily-other");
    let d0 = NOON - Duration::days(2);
    for (at, n) in [(d0, 1), (d0, 2), (NOON, 3)] {
        store.record_view(&view(&path, &visitor(n), at)).await.unwrap();
    }
    store.record_view(&view(&other, &visitor(9), NOON)).await.unwrap();
    let days = store.daily(&path, d0.date() - Duration::days(3), NOON.date()).await.unwrap();
    let got: Vec<(Date, u64, u64)> = days.iter().map(|d| (d.date, d.views, d.visitors)).collect();
    assert_eq!(got, vec![(d0.date(), 2, 2), (NOON.date(), 1, 1)]);
    let only_first = store.daily(&path, d0.date(), d0.date()).await.unwrap();
    assert_eq!(only_first.len(), 1);
    assert!(
        store.daily(&path, NOON.date() + Duration::days(1), NOON.date() + Duration::days(9)).await.unwrap().is_empty()
    );
}

/// A path never viewed has zero totals and no days.
pub async fn unknown_path_has_zero_totals(store: Arc<dyn Store>) {
    assert_eq!(store.totals(&unique_path("unknown")).await.unwrap(), t(0, 0));
}

fn unique_day() -> Date {
    // Far from the days other cases write, and different on every run.
    let offset = rand::random::<u32>() % 1_500_000;
    datetime!(2100-01-01 0:00 UTC).date() + Duration::days(i64::from(offset))
}

/// The first salt stored for a day is the day's salt.
pub async fn first_salt_of_a_day_wins(store: Arc<dyn Store>) {
    let day = unique_day();
    let expires = (day + Duration::days(1)).midnight().assume_utc();
    let first = store.salt(day, [7; 32], expires).await.unwrap();
    assert_eq!(first, [7; 32]);
    assert_eq!(store.salt(day, [8; 32], expires).await.unwrap(), [7; 32]);
    let next = day + Duration::days(1);
    assert_eq!(store.salt(next, [9; 32], expires + Duration::days(1)).await.unwrap(), [9; 32]);
}

/// Many first salts at once agree on one.
pub async fn concurrent_salt_creation_agrees(store: Arc<dyn Store>) {
    let day = unique_day();
    let expires = (day + Duration::days(1)).midnight().assume_utc();
    let tasks: Vec<_> = (0..20u8)
        .map(|n| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.salt(day, [n; 32], expires).await.unwrap() })
        })
        .collect();
    let mut salts = Vec::new();
    for task in tasks {
        salts.push(task.await.unwrap());
    }
    assert!(salts.iter().all(|s| *s == salts[0]), "every caller must get the one stored salt");
}

/// Many distinct visitors at once all count, none lost.
pub async fn concurrent_distinct_visitors_all_count(store: Arc<dyn Store>) {
    let path = unique_path("concurrent");
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let store = Arc::clone(&store);
            let record = view(&path, &visitor(n), NOON);
            tokio::spawn(async move { store.record_view(&record).await.unwrap() })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().counted);
    }
    assert_eq!(store.totals(&path).await.unwrap(), t(200, 200));
    let days = store.daily(&path, NOON.date(), NOON.date()).await.unwrap();
    assert_eq!((days[0].views, days[0].visitors), (200, 200));
}

/// Many views of one visitor at once count once.
pub async fn concurrent_repeats_count_once(store: Arc<dyn Store>) {
    let path = unique_path("same-visitor");
    let v = visitor(1);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let store = Arc::clone(&store);
            let record = view(&path, &v, NOON);
            tokio::spawn(async move { store.record_view(&record).await.unwrap() })
        })
        .collect();
    let mut counted = 0;
    for task in tasks {
        counted += usize::from(task.await.unwrap().counted);
    }
    assert_eq!(counted, 1);
    assert_eq!(store.totals(&path).await.unwrap(), t(1, 1));
}

/// A purge forgets expired markers and salts and keeps every count.
pub async fn purge_forgets_expired_markers_and_salts_but_keeps_counts(store: Arc<dyn Store>) {
    // A day of its own, long before every other case's, so purging it touches nothing else.
    let offset = rand::random::<u32>() % 3000;
    let at = datetime!(1980-01-01 12:00 UTC) + Duration::days(i64::from(offset));
    let day = at.date();
    let end = (day + Duration::days(1)).midnight().assume_utc();
    let path = unique_path("purge");
    let v = visitor(1);
    store.salt(day, [3; 32], end).await.unwrap();
    store.record_view(&view(&path, &v, at)).await.unwrap();

    // Before the expiry nothing goes: the day's first salt is still the one answered.
    store.purge_expired(end - Duration::seconds(1)).await.unwrap();
    assert_eq!(store.salt(day, [4; 32], end).await.unwrap(), [3; 32]);

    store.purge_expired(end).await.unwrap();
    assert_eq!(store.totals(&path).await.unwrap(), t(1, 1), "counts are never purged");
    assert_eq!(store.salt(day, [4; 32], end).await.unwrap(), [4; 32], "the old salt is gone");
    let r = store.record_view(&view(&path, &v, at + WINDOW)).await.unwrap();
    assert_eq!(r.totals, t(2, 2), "with its marker gone the visitor counts as new");
}

/// A reachable store answers a ping.
pub async fn ping_answers(store: Arc<dyn Store>) {
    store.ping().await.unwrap();
}

/// Once a bucket holds `limit` counted views, no further view in it counts, new visitor or
/// returning one, on any path; other buckets are not affected.
pub async fn a_full_cap_bucket_counts_nothing_more(store: Arc<dyn Store>) {
    let (path, other_path) = (unique_path("cap"), unique_path("cap-other"));
    let bucket = unique_bucket();
    for n in 1..=3 {
        let r = store.record_view(&capped(&path, &visitor(n), NOON, &bucket, 3)).await.unwrap();
        assert!(r.counted, "view {n} of 3");
    }
    let returning = visitor(9);
    let fourth = store.record_view(&capped(&other_path, &returning, NOON, &bucket, 3)).await.unwrap();
    assert!(!fourth.counted, "a fourth view in a bucket of 3");
    assert_eq!(fourth.totals, t(0, 0));
    let fifth = store.record_view(&capped(&path, &visitor(4), NOON + WINDOW, &bucket, 3)).await.unwrap();
    assert_eq!((fifth.counted, fifth.totals), (false, t(3, 3)));
    assert_eq!(store.totals(&path).await.unwrap(), t(3, 3));
    let elsewhere = store.record_view(&capped(&path, &visitor(5), NOON, &unique_bucket(), 3)).await.unwrap();
    assert!(elsewhere.counted, "another bucket (another address or hour) has its own cap");
    // Nothing was kept of the refused view: once the cap is lifted, it is a first view.
    let lifted = store.record_view(&view(&other_path, &returning, NOON)).await.unwrap();
    assert_eq!((lifted.counted, lifted.totals), (true, t(1, 1)));
}

/// A repeat within the refresh window is not counted and does not use up the cap.
pub async fn repeats_do_not_use_up_the_cap(store: Arc<dyn Store>) {
    let path = unique_path("cap-repeat");
    let bucket = unique_bucket();
    let v = visitor(1);
    for _ in 0..5 {
        store.record_view(&capped(&path, &v, NOON, &bucket, 2)).await.unwrap();
    }
    let second = store.record_view(&capped(&path, &visitor(2), NOON, &bucket, 2)).await.unwrap();
    assert!(second.counted, "four repeats used none of the cap of 2");
    assert_eq!(second.totals, t(2, 2));
}

/// Many views at once in one bucket: exactly `limit` of them count.
pub async fn concurrent_views_never_pass_the_cap(store: Arc<dyn Store>) {
    let path = unique_path("cap-concurrent");
    let bucket = unique_bucket();
    let tasks: Vec<_> = (0..24)
        .map(|n| {
            let (store, view) = (Arc::clone(&store), capped(&path, &visitor(n), NOON, &bucket, 10));
            tokio::spawn(async move { store.record_view(&view).await.unwrap().counted })
        })
        .collect();
    let mut counted = 0;
    for task in tasks {
        counted += u64::from(task.await.unwrap());
    }
    assert_eq!(counted, 10);
    assert_eq!(store.totals(&path).await.unwrap(), t(10, 10));
}

fn from(link: &str, referrer: &str, country: &str) -> Attribution {
    Attribution { link: link.into(), referrer: referrer.into(), country: country.into() }
}

async fn by(
    store: &Arc<dyn Store>,
    path: &PagePath,
    dimension: Dimension,
    first: Date,
    last: Date,
) -> Vec<(String, u64)> {
    let mut rows = store.breakdown(path, dimension, first, last).await.unwrap();
    rows.sort();
    rows
}

fn rows(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    let mut rows: Vec<(String, u64)> = pairs.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect();
    rows.sort();
    rows
}

/// A counted view adds one to its link, referrer and country on its day; a repeat within the
/// window and a view refused by a full cap add nothing.
pub async fn a_counted_view_counts_where_it_came_from_and_a_repeat_adds_nothing(store: Arc<dyn Store>) {
    let path = unique_path("attribution");
    let day = NOON.date();
    let v = visitor(1);
    let came = from("acme-backend", "linkedin.com", "GB");
    assert!(
        store.record_view(&ViewRecord { attribution: came.clone(), ..view(&path, &v, NOON) }).await.unwrap().counted
    );
    let repeat = ViewRecord { attribution: came.clone(), ..view(&path, &v, NOON + Duration::minutes(1)) };
    assert!(!store.record_view(&repeat).await.unwrap().counted);
    let bucket = unique_bucket();
    for n in 2..5 {
        let capped = ViewRecord { attribution: came.clone(), ..capped(&path, &visitor(n), NOON, &bucket, 1) };
        store.record_view(&capped).await.unwrap();
    }
    assert_eq!(by(&store, &path, Dimension::Ref, day, day).await, rows(&[("acme-backend", 2)]));
    assert_eq!(by(&store, &path, Dimension::Referrer, day, day).await, rows(&[("linkedin.com", 2)]));
    assert_eq!(by(&store, &path, Dimension::Country, day, day).await, rows(&[("GB", 2)]));
    assert_eq!(store.totals(&path).await.unwrap(), t(2, 2), "the cap let one of three through");
}

/// At most [`MAX_REFERRERS_PER_PAGE_DAY`] referring domains are counted by name per page and
/// day; the rest count as `other`, and a named one keeps counting under its name.
pub async fn named_referrers_are_bounded_per_page_and_day(store: Arc<dyn Store>) {
    let path = unique_path("referrers");
    let day = NOON.date();
    let max = MAX_REFERRERS_PER_PAGE_DAY;
    for n in 0..max + 2 {
        let came = from("none", &format!("site{n}.example"), "unknown");
        let r = store.record_view(&ViewRecord { attribution: came, ..view(&path, &visitor(n), NOON) }).await.unwrap();
        assert!(r.counted);
    }
    let again = from("none", "site3.example", "unknown");
    store.record_view(&ViewRecord { attribution: again, ..view(&path, &visitor(1000), NOON) }).await.unwrap();
    let counted = by(&store, &path, Dimension::Referrer, day, day).await;
    assert_eq!(counted.len() as u32, max + 1, "{max} names and other: {counted:?}");
    assert!(counted.contains(&(OTHER.to_owned(), 2)), "{counted:?}");
    assert!(counted.contains(&("site3.example".to_owned(), 2)), "{counted:?}");
    // The next day has a bound of its own.
    let next = NOON + Duration::days(1);
    let came = from("none", "late.example", "unknown");
    store.record_view(&ViewRecord { attribution: came, ..view(&path, &visitor(2000), next) }).await.unwrap();
    assert_eq!(by(&store, &path, Dimension::Referrer, next.date(), next.date()).await, rows(&[("late.example", 1)]));
}

/// A breakdown sums the days asked for, and no others.
pub async fn breakdowns_span_the_days_asked_for(store: Arc<dyn Store>) {
    let path = unique_path("breakdown-days");
    let (first, second) = (NOON, NOON + Duration::days(1));
    store
        .record_view(&ViewRecord { attribution: from("none", "direct", "DE"), ..view(&path, &visitor(1), first) })
        .await
        .unwrap();
    store
        .record_view(&ViewRecord { attribution: from("none", "direct", "DE"), ..view(&path, &visitor(2), second) })
        .await
        .unwrap();
    store
        .record_view(&ViewRecord { attribution: from("none", "direct", "FR"), ..view(&path, &visitor(3), second) })
        .await
        .unwrap();
    assert_eq!(by(&store, &path, Dimension::Country, first.date(), first.date()).await, rows(&[("DE", 1)]));
    assert_eq!(by(&store, &path, Dimension::Country, first.date(), second.date()).await, rows(&[("DE", 2), ("FR", 1)]));
    assert_eq!(by(&store, &path, Dimension::Ref, first.date(), second.date()).await, rows(&[("none", 3)]));
    assert!(by(&store, &unique_path("never"), Dimension::Country, first.date(), second.date()).await.is_empty());
}

/// Share links are added once, listed by name, and removed.
pub async fn links_are_added_listed_and_removed(store: Arc<dyn Store>) {
    let name = format!("link-{:016x}", rand::random::<u64>());
    assert!(!store.is_link(&name).await.unwrap());
    assert!(store.add_link(&name, NOON).await.unwrap());
    assert!(!store.add_link(&name, NOON + Duration::hours(1)).await.unwrap(), "already a link");
    assert!(store.is_link(&name).await.unwrap());
    let links = store.links().await.unwrap();
    let link = links.iter().find(|l| l.name == name).expect("listed");
    assert_eq!(link.created, NOON, "the first time it was made");
    assert!(links.windows(2).all(|w| w[0].name <= w[1].name), "by name");
    assert!(store.remove_link(&name).await.unwrap());
    assert!(!store.remove_link(&name).await.unwrap());
    assert!(!store.is_link(&name).await.unwrap());
}
