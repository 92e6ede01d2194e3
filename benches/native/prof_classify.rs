//! Classifies 10,000 product URLs many times, natively, for a profiler (`perf record`):
//! `cargo build --release --example prof_classify`.
fn main() {
    let urls: Vec<String> = (0..10000)
        .map(|i| format!("https://www.aliexpress.com/item/10050061234{i:05}.html?spm=a2g0o.home.0.0&algo_pvid=x{i}"))
        .collect();
    let mut n = 0;
    for _ in 0..200 {
        for u in &urls {
            n += usize::from(afflink::classify(std::hint::black_box(u)).is_product());
        }
    }
    println!("{n}");
}
