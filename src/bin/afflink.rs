//! `afflink`: the command-line tool.
//!
//! ```text
//! afflink classify [URL]...   # or one URL per line on stdin
//! ```
//!
//! Exit status: 0 when it ran (refusals are results, not failures), 1 on an I/O error,
//! 2 on a usage error.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use afflink::{classify, ClassifiedUrl};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "afflink",
    version,
    about = "Deep links and tracking links for the AliExpress and Alibaba.com affiliate programs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify URLs: product page, other page, affiliate link, short link or rejected.
    ///
    /// Writes one JSON object per input line: {"input", "kind", "program", "productId",
    /// "canonicalUrl", "affiliateParams", "reason"}.
    Classify {
        /// URLs to classify; when none are given, one URL per line is read from stdin.
        urls: Vec<String>,
    },
    /// List every stable code with its message, one JSON object per line.
    Codes,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match cli.command {
        Command::Classify { urls } if urls.is_empty() => classify_stdin(&mut out),
        Command::Classify { urls } => urls.iter().try_for_each(|u| write_classified(&mut out, u)),
        Command::Codes => afflink::Code::ALL.iter().try_for_each(|c| {
            serde_json::to_writer(&mut out, &afflink::Reason::from(*c)).map_err(io::Error::from)?;
            out.write_all(b"\n")
        }),
    };
    match result.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`afflink classify | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("afflink: {e}");
            ExitCode::from(1)
        }
    }
}

fn write_classified(out: &mut impl Write, input: &str) -> io::Result<()> {
    let classification = classify(input);
    serde_json::to_writer(
        &mut *out,
        &ClassifiedUrl {
            input,
            classification: &classification,
        },
    )?;
    out.write_all(b"\n")
}

/// One result per input line, blank lines included, so output line N answers input line N.
/// A line that is not UTF-8 is classified from its lossy text: the replacement character
/// U+FFFD makes it `not_a_url`, never a product.
fn classify_stdin(out: &mut impl Write) -> io::Result<()> {
    let mut stdin = io::stdin().lock();
    let mut line = Vec::new();
    loop {
        line.clear();
        if stdin.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        write_classified(out, &String::from_utf8_lossy(text))?;
    }
}
