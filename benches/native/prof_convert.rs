//! Times LinkConverter::convert and classify on 10,000 product URLs, natively (profiling aid):
//! `cargo run --release --example prof_convert`.
use std::time::Instant;
fn main() {
    let c = afflink::LinkConverter::new(&[
        ("aff-short-key", "_dT5B1bR"),
        ("af", "myblog"),
        ("cn", "spring"),
    ])
    .unwrap();
    let urls: Vec<String> = (0..10000).map(|i| format!("https://www.aliexpress.com/item/10050061234{:05}.html?spm=a2g0o.home.0.0&algo_pvid=x{i}", i)).collect();
    for _ in 0..3 {
        let t = Instant::now();
        let mut n = 0;
        for u in &urls {
            if c.convert(u).is_ok() {
                n += 1;
            }
        }
        let dt = t.elapsed();
        let t2 = Instant::now();
        for u in &urls {
            std::hint::black_box(afflink::classify(u));
        }
        println!(
            "{n} converts {:?} ({:.2} µs each); classify alone {:.2} µs",
            dt,
            dt.as_secs_f64() * 1e6 / 10000.0,
            t2.elapsed().as_secs_f64() * 1e6 / 10000.0
        );
    }
}
