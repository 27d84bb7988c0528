//! The aggregator as it runs in the cloud: the real `bootstrap` with the handler `aggregate`,
//! under cargo-lambda's emulator, invoked with stream events the way Lambda invokes it, made of
//! records read from moto's stream (moto's `GetRecords`, plus what Lambda adds: the stream's
//! ARN and a tumbling window's shard id). Each batch must be added exactly once, however Lambda
//! delivers it: again after a failure, in halves after a bisect, from two shards interleaved, or
//! after a crash that came between adding a batch and answering.

mod emulators;
mod util;

use counter::attribution::Attribution;
use counter::{DynamoStore, PagePath, Store, Totals, ViewRecord, VisitorKey};
use emulators::{Lambda, Moto};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

const TABLE: &str = "aggregated";

/// `count` views of `path`, each by a new visitor, written as the API writes them.
async fn views(store: &DynamoStore, path: &str, count: u32) {
    let path = PagePath::parse(path).unwrap();
    let at = OffsetDateTime::now_utc();
    for n in 0..count {
        let view = ViewRecord {
            path: path.clone(),
            visitor: VisitorKey::from_stored(format!("{:016x}{n:016x}", rand_u64())),
            at,
            window: Duration::minutes(10),
            marker_expires_at: at + Duration::days(1),
            cap: None,
            attribution: Attribution { link: "none".into(), referrer: "news.example".into(), country: "NL".into() },
        };
        assert!(store.record_view(&view).await.unwrap().counted);
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// Every record of the table's stream so far, as moto's GetRecords answers them (DynamoDB JSON),
/// with the stream's ARN and its one shard's id.
async fn stream_records(moto: &Moto) -> (String, String, Vec<Value>) {
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let call = |service: &'static str, target: &'static str, body: Value| {
        http.post(moto.endpoint())
            .header("x-amz-target", target)
            .header("content-type", "application/x-amz-json-1.0")
            .header(
                "authorization",
                format!("AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=0"),
            )
            .body(body.to_string())
            .send()
    };
    let table: Value = call("dynamodb", "DynamoDB_20120810.DescribeTable", json!({"TableName": TABLE}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let arn = table["Table"]["LatestStreamArn"].as_str().expect("the table has a stream").to_owned();
    let stream: Value = call("dynamodb", "DynamoDBStreams_20120810.DescribeStream", json!({"StreamArn": arn}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shard = stream["StreamDescription"]["Shards"][0]["ShardId"].as_str().unwrap().to_owned();
    let iterator: Value = call(
        "dynamodb",
        "DynamoDBStreams_20120810.GetShardIterator",
        json!({"StreamArn": arn, "ShardId": shard, "ShardIteratorType": "TRIM_HORIZON"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let records: Value = call(
        "dynamodb",
        "DynamoDBStreams_20120810.GetRecords",
        json!({"ShardIterator": iterator["ShardIterator"], "Limit": 1000}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let records = records["Records"].as_array().unwrap().clone();
    (arn, shard, records)
}

/// The records of views of `path` (the stream holds every other write of the table too).
fn of_page(records: &[Value], path: &str) -> Vec<Value> {
    records.iter().filter(|r| r["dynamodb"]["NewImage"]["sk"]["S"] == format!("PATH#{path}")).cloned().collect()
}

/// A stream event as Lambda hands it to a function whose event source mapping has a tumbling
/// window (Lambda's documented DynamoDB time-window event).
fn event(arn: &str, shard: &str, records: &[Value]) -> Value {
    let records: Vec<Value> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r["eventSourceARN"] = json!(arn);
            r
        })
        .collect();
    json!({
        "Records": records,
        "window": {"start": "2026-12-01T10:00:00Z", "end": "2026-12-01T10:01:00Z"},
        "state": {},
        "shardId": shard,
        "eventSourceARN": arn,
        "isFinalInvokeForWindow": false,
        "isWindowTerminatedEarly": false,
    })
}

async fn totals(store: &DynamoStore, path: &str) -> Totals {
    store.totals(&PagePath::parse(path).unwrap()).await.unwrap()
}

#[cfg_attr(
    not(feature = "emulator-tests"),
    ignore = "needs the emulators that scripts/test starts (moto, cargo-lambda, schemathesis, util-linux): run scripts/test, or scripts/with-moto cargo test --workspace --all-features"
)]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_aggregator_function_adds_each_batch_exactly_once_however_lambda_delivers_it() {
    let moto = Moto::start_with_conflicts();
    moto.create_table(TABLE);
    let store = DynamoStore::new(moto.client().await, TABLE);
    views(&store, "/", 8).await;
    views(&store, "/stats.html", 6).await;
    let lambda = Lambda::start_with_env(&moto, TABLE, &[("_HANDLER", "aggregate")]);
    let (arn, shard, records) = stream_records(&moto).await;
    let front = of_page(&records, "/");
    let stats = of_page(&records, "/stats.html");
    assert_eq!((front.len(), stats.len()), (8, 6), "one record per view");
    let expect_answer = |answer: (u16, Value)| {
        assert_eq!(answer.0, 200, "{}", answer.1);
        assert_eq!(answer.1, json!({"state": {}, "batchItemFailures": []}), "a tumbling window's answer");
    };
    assert_eq!(totals(&store, "/").await, Totals::default(), "nothing is summed before the aggregator runs");

    // The whole stream so far (views, salts, …), once and then again: a redelivered batch.
    expect_answer(lambda.invoke(&event(&arn, &shard, &records)).await);
    assert_eq!(totals(&store, "/").await, Totals { views: 8, visitors: 8 });
    assert_eq!(totals(&store, "/stats.html").await, Totals { views: 6, visitors: 6 });
    expect_answer(lambda.invoke(&event(&arn, &shard, &records)).await);
    expect_answer(lambda.invoke(&event(&arn, &shard, &front[..4])).await);
    assert_eq!(totals(&store, "/").await, Totals { views: 8, visitors: 8 }, "redelivered: nothing added again");

    // New views; the batch fails, is split in two (bisect on error), and the halves come again.
    views(&store, "/", 6).await;
    let (_, _, records) = stream_records(&moto).await;
    let new: Vec<Value> = of_page(&records, "/").split_off(8);
    assert_eq!(new.len(), 6);
    expect_answer(lambda.invoke(&event(&arn, &shard, &new[..3])).await);
    expect_answer(lambda.invoke(&event(&arn, &shard, &new)).await);
    expect_answer(lambda.invoke(&event(&arn, &shard, &new[3..])).await);
    expect_answer(lambda.invoke(&event(&arn, &shard, &new[..3])).await);
    assert_eq!(totals(&store, "/").await, Totals { views: 14, visitors: 14 });

    // A crash after the batch was added and before Lambda had the answer: Lambda delivers it
    // again. (The first delivery is added here in the test, as the crashed invocation did.)
    views(&store, "/", 4).await;
    let (_, _, records) = stream_records(&moto).await;
    let new: Vec<Value> = of_page(&records, "/").split_off(14);
    let aggregator = counter::Aggregator::new(moto.client().await, TABLE);
    let crashed: Vec<counter::Change> = new[..2].iter().map(to_change).collect();
    assert_eq!(aggregator.apply(&shard, &crashed).await.unwrap().views, 2);
    expect_answer(lambda.invoke(&event(&arn, &shard, &new)).await);
    assert_eq!(totals(&store, "/").await, Totals { views: 18, visitors: 18 }, "two added by the crashed one, two now");

    // Two shards whose records interleave: each has a place of its own, so one shard's later
    // sequence numbers never hide the other's earlier ones.
    views(&store, "/stats.html", 6).await;
    let (_, _, records) = stream_records(&moto).await;
    let new: Vec<Value> = of_page(&records, "/stats.html").split_off(6);
    let odd: Vec<Value> = new.iter().skip(1).step_by(2).cloned().collect();
    let even: Vec<Value> = new.iter().step_by(2).cloned().collect();
    expect_answer(lambda.invoke(&event(&arn, "shardId-odd", &odd[..2])).await);
    expect_answer(lambda.invoke(&event(&arn, "shardId-even", &even)).await);
    expect_answer(lambda.invoke(&event(&arn, "shardId-odd", &odd)).await);
    expect_answer(lambda.invoke(&event(&arn, "shardId-even", &even[..1])).await);
    assert_eq!(totals(&store, "/stats.html").await, Totals { views: 12, visitors: 12 });

    // An event that names no shard (a mapping without its tumbling window) fails, adds nothing,
    // and so is delivered again once the mapping is right.
    views(&store, "/", 1).await;
    let (_, _, records) = stream_records(&moto).await;
    let mut unnamed = event(&arn, &shard, &of_page(&records, "/")[18..]);
    unnamed.as_object_mut().unwrap().remove("shardId");
    let (status, body) = lambda.invoke(&unnamed).await;
    assert!(status >= 400 || body.get("errorType").is_some() || body.get("errorMessage").is_some(), "{status} {body}");
    assert_eq!(totals(&store, "/").await, Totals { views: 18, visitors: 18 });
    let today = OffsetDateTime::now_utc().date();
    let daily = store.daily(&PagePath::parse("/").unwrap(), today, today).await.unwrap();
    assert_eq!((daily[0].views, daily[0].visitors), (18, 18));
}

/// A record of moto's GetRecords answer as the aggregator reads it.
fn to_change(record: &Value) -> counter::Change {
    let image = record["dynamodb"]["NewImage"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(name, value)| {
            let text = value.get("S").or_else(|| value.get("N"))?.as_str()?;
            Some((name.clone(), text.to_owned()))
        })
        .collect();
    counter::Change {
        sequence: record["dynamodb"]["SequenceNumber"].as_str().unwrap().to_owned(),
        kind: counter::ChangeKind::from_event_name(record["eventName"].as_str().unwrap()).unwrap(),
        image,
    }
}
