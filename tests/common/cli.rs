//! Running the `afflink` binary in the CLI tests (`tests/cli.rs`, `tests/cli_estimate.rs`).
//! Included with `#[path]` by those files only: the binary does not exist for the wasm tests.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs the binary with `args`, writing `stdin` to it.
pub fn afflink(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_afflink"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("afflink runs");
    // Written from a thread so that a large output cannot fill the pipe while we still
    // write. With URL arguments the tool never reads stdin and may exit first: a broken
    // pipe is expected, so the write result is deliberately ignored.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

/// The JSON lines of its standard output.
pub fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}
