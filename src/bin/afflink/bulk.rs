//! List mode (one URL per stdin line) and CSV mode of `deeplink` and `alibaba-link`. What
//! every link shares (the key, the template, the parameters) is checked once, before a row
//! is read: a bad one is one refusal on stderr and exit status 1, with no output rows.

use std::io::{self, BufRead, Write};

use afflink::Error;

use crate::{csv_mode, link_json, Outcome};

/// A bulk run: `shared` is the check of what every link shares (the bulk builder called
/// with no URL); then CSV mode when `column` is given, else list mode.
pub fn run(
    out: &mut impl Write,
    shared: Result<(), Error>,
    column: Option<&str>,
    build: impl Fn(&str) -> Result<String, Error>,
    json: bool,
) -> io::Result<Outcome> {
    if let Err(e) = shared {
        eprintln!("afflink: {e}");
        return Ok(Outcome::Refused);
    }
    match column {
        Some(column) => csv_mode::run(out, column, build),
        None => list(out, build, json),
    }
}

/// Many inputs from stdin: one output line per input line. Plain mode prints the link, or an
/// empty line (with the refusal on stderr) so that line N still answers line N.
fn list(
    out: &mut impl Write,
    build: impl Fn(&str) -> Result<String, Error>,
    json: bool,
) -> io::Result<Outcome> {
    let mut n = 0;
    for_each_stdin_line(|line| {
        n += 1;
        let result = build(line);
        if json {
            serde_json::to_writer(&mut *out, &link_json(line, &result))?;
            return writeln!(out);
        }
        match result {
            Ok(link) => writeln!(out, "{link}"),
            Err(e) => {
                eprintln!("afflink: line {n}: {e}");
                writeln!(out)
            }
        }
    })?;
    Ok(Outcome::Ran)
}

/// Calls `f` for every stdin line, blank lines included, so output line N answers input
/// line N. A line ends with a line feed, CRLF, or a lone carriage return (classic Mac text,
/// some apps' clipboards: read as one line, every URL of it was lost). A line that is not
/// UTF-8 is passed as lossy text: the replacement character U+FFFD makes it `not_a_url`,
/// never a product.
pub fn for_each_stdin_line(mut f: impl FnMut(&str) -> io::Result<()>) -> io::Result<()> {
    let mut stdin = io::stdin().lock();
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        if stdin.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        // A byte order mark (as some Windows editors write) is not part of the first line.
        let text = match line.strip_prefix(b"\xef\xbb\xbf") {
            Some(rest) if first => rest,
            _ => &line,
        };
        first = false;
        let text = text.strip_suffix(b"\n").unwrap_or(text);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        for piece in text.split(|&b| b == b'\r') {
            f(&String::from_utf8_lossy(piece))?;
        }
    }
}
