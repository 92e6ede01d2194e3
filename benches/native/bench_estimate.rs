//! The native half of the estimation benchmark (`bash scripts/bench.sh`, see
//! docs/BENCHMARKS.md).
//!
//! ```sh
//! cargo run --release --example bench_estimate -- DIR REPS CONTEXT_JSON [core]
//! ```
//!
//! Reads every `orders-*.json` file in `DIR` (each a JSON array of orders, the very text the
//! browser hands to WebAssembly), then `REPS` times estimates every chunk the way the wasm
//! binding `estimateCommissionsJson` does: parse the JSON text, `estimate_commissions`,
//! serialize the report to JSON text. With `core`, also times `estimate_commissions` alone on
//! orders already parsed. Prints one JSON object with the times and totals.

use std::hint::black_box;
use std::time::Instant;

use afflink::commission::estimate_commissions;
use afflink::EstimateContext;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 && !(args.len() == 4 && args[3] == "core") {
        eprintln!("usage: bench_estimate DIR REPS CONTEXT_JSON [core]");
        std::process::exit(2);
    }
    let reps: usize = args[1].parse().expect("REPS must be a number");
    let ctx_value: Value = serde_json::from_str(&args[2]).expect("CONTEXT_JSON must be JSON");
    let ctx = EstimateContext::from_json(&ctx_value).expect("a valid context");

    let mut paths: Vec<_> = std::fs::read_dir(&args[0])
        .expect("DIR must be a directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("orders-") && name.ends_with(".json")
        })
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable chunk"))
        .collect();
    assert!(!texts.is_empty(), "no orders-*.json in {}", args[0]);

    // Warm-up on the first chunk.
    let warm: Vec<Value> = serde_json::from_str(&texts[0]).unwrap();
    black_box(serde_json::to_string(&estimate_commissions(&warm, &ctx)).unwrap());
    drop(warm);

    let (mut orders, mut errors, mut qualifying, mut estimated) = (0, 0, 0, Decimal::ZERO);
    let mut times = Vec::with_capacity(reps);
    for rep in 0..reps {
        let t0 = Instant::now();
        for text in &texts {
            let chunk: Vec<Value> = serde_json::from_str(text).unwrap();
            let report = estimate_commissions(&chunk, &ctx);
            let out = serde_json::to_string(&report).unwrap();
            black_box(out.len());
            if rep == 0 {
                orders += report.summary.orders;
                errors += report.summary.errors;
                qualifying += report.summary.qualifying_orders;
                estimated += report.summary.estimated;
            }
        }
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
    }

    // The core alone (orders already parsed, no report text): informative only.
    let core_ms = (args.len() == 4).then(|| {
        let parsed: Vec<Vec<Value>> = texts
            .iter()
            .map(|t| serde_json::from_str(t).unwrap())
            .collect();
        let t0 = Instant::now();
        for chunk in &parsed {
            black_box(estimate_commissions(chunk, &ctx));
        }
        t0.elapsed().as_secs_f64() * 1000.0
    });

    let result = json!({
        "chunks": texts.len(),
        "times": times,
        "coreOnlyMs": core_ms,
        "check": {
            "orders": orders,
            "errors": errors,
            "qualifying": qualifying,
            "estimated": estimated.round_dp(2).to_string(),
        },
    });
    println!("{result}");
}
