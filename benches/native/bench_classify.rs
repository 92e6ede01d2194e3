//! The native half of the real-world classification benchmark (`benches/realworld.mjs`,
//! run by `bash scripts/bench.sh`; see docs/BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example bench_classify -- URLS_JSON REPS
//! ```
//!
//! Reads `URLS_JSON` (a JSON array of strings: the real-world corpus the Node side
//! measures), classifies every URL once as a warm-up, then `REPS` times in a row, timing
//! each pass (wall time, and the thread's CPU time where Linux tells it). Then times the URLs
//! with and without a query string apart (one pass each, for information). Prints one JSON
//! object: nanoseconds per URL of each pass and their median, and the count of each kind.

use std::hint::black_box;
use std::time::Instant;

use afflink::{classify, Kind};

fn pass(urls: &[&str]) -> f64 {
    let start = Instant::now();
    for url in urls {
        black_box(classify(black_box(url)));
    }
    start.elapsed().as_nanos() as f64 / urls.len().max(1) as f64
}

/// This thread's CPU time in nanoseconds (Linux: the first field of
/// `/proc/thread-self/schedstat`); `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn median(xs: &[f64]) -> f64 {
    let mut s = xs.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: bench_classify URLS_JSON REPS");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[0]).expect("URLS_JSON must be readable");
    let owned: Vec<String> =
        serde_json::from_str(&text).expect("URLS_JSON must be an array of strings");
    let reps: usize = args[1].parse().expect("REPS must be a number");
    let urls: Vec<&str> = owned.iter().map(String::as_str).collect();

    let mut kinds = [0usize; 5];
    for url in &urls {
        let i = match classify(url).kind {
            Kind::Product => 0,
            Kind::Page => 1,
            Kind::AffiliateLink => 2,
            Kind::ShortLink => 3,
            Kind::Rejected => 4,
        };
        kinds[i] += 1;
    }
    let mut cpu = Vec::new();
    let all: Vec<f64> = (0..reps)
        .map(|_| {
            let before = thread_cpu_ns();
            let ns = pass(&urls);
            if let (Some(a), Some(b)) = (before, thread_cpu_ns()) {
                cpu.push(b.saturating_sub(a) as f64 / urls.len().max(1) as f64);
            }
            ns
        })
        .collect();
    let (with_query, without_query): (Vec<&str>, Vec<&str>) =
        urls.iter().partition(|u| u.contains('?'));
    let with_query_ns = pass(&with_query);
    let without_query_ns = pass(&without_query);
    println!(
        "{}",
        serde_json::json!({
            "urls": urls.len(),
            "nsPerUrl": median(&all),
            "allNsPerUrl": all,
            "cpuNsPerUrl": (cpu.len() == all.len()).then(|| median(&cpu)),
            "withQuery": { "urls": with_query.len(), "nsPerUrl": with_query_ns },
            "withoutQuery": { "urls": without_query.len(), "nsPerUrl": without_query_ns },
            "kinds": {
                "product": kinds[0],
                "page": kinds[1],
                "affiliateLink": kinds[2],
                "shortLink": kinds[3],
                "rejected": kinds[4],
            },
        })
    );
}
