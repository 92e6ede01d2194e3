//! `afflink rewrite`: the script tag's conversion done on files (`afflink::rewrite`). Reads
//! the settings from a JSON file (the widget's `afflink-config` block), rewrites each file
//! (or stdin) to stdout, in place, or as a diff, and writes a summary on stderr.
//!
//! Exit status: 0 when it ran; 1 with `--check` when a file would change, or on an error
//! while reading or writing a file; 2 on a usage error or settings that cannot be used (no
//! file is changed then).

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use afflink::links::Platform;
use afflink::rewrite::{rewrite, settings_from_json, Format, Summary};
use afflink::{Code, Error, LinkConverter};
use clap::Args;

use crate::Outcome;

#[derive(Args)]
pub struct RewriteArgs {
    /// HTML (.html, .htm), Markdown (.md, .markdown) or text (.txt) files; when none is
    /// given, stdin is rewritten to stdout (as HTML unless --format says otherwise).
    files: Vec<PathBuf>,
    /// The settings: a JSON object, as in the script tag's afflink-config block
    /// ({"affShortKey": "…", "af": "…", "alibabaTemplate": "…", "pid": "…", …}).
    #[arg(long, value_name = "FILE", default_value = "afflink.json")]
    config: PathBuf,
    /// Write each file back in place (only files that change are written).
    #[arg(long, conflicts_with_all = ["dry_run", "check"])]
    in_place: bool,
    /// Read every input as this format, whatever its extension.
    #[arg(long, value_name = "html|markdown|text", value_parser = ["html", "markdown", "text"])]
    format: Option<String>,
    /// Print a unified diff of what would change instead of the rewritten files.
    #[arg(long)]
    dry_run: bool,
    /// Write nothing; exit with 1 when a file would change (for a site's CI).
    #[arg(long)]
    check: bool,
    /// Whose Alibaba.com link template to use: pc (the default, alibabaTemplate), wap
    /// (alibabaTemplateWap: mobile web) or app (alibabaTemplateApp); a platform without its
    /// own template uses the PC one.
    #[arg(long, value_name = "pc|wap|app", default_value = "pc", value_parser = ["pc", "wap", "app"])]
    platform: String,
}

/// A refusal as the CLI prints it: the sentence, then the code (`afflink: … [code]`).
fn coded(e: &Error) -> String {
    format!("afflink: {e}")
}

fn unreadable(path: &Path, e: &io::Error) -> Error {
    Error::new(
        Code::UnreadableInput,
        format!("The file {} cannot be read: {e}.", path.display()),
    )
}

/// The converter from the settings file; errors are reported here.
fn converter(path: &Path) -> Option<LinkConverter> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{}", coded(&unreadable(path, &e)));
            return None;
        }
    };
    let settings = match settings_from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "{}",
                coded(&crate::located(&e, &path.display().to_string()))
            );
            return None;
        }
    };
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    match LinkConverter::new(&pairs) {
        Ok(c) => {
            for w in c.warnings() {
                eprintln!("{}", coded(w));
            }
            Some(c)
        }
        Err(e) => {
            eprintln!("{} No file was changed.", coded(&e));
            None
        }
    }
}

pub fn run(out: &mut impl Write, args: &RewriteArgs) -> io::Result<Outcome> {
    let forced = args.format.as_deref().and_then(Format::parse);
    let mut formats = Vec::new();
    for path in &args.files {
        match forced.or_else(|| Format::from_path(path)) {
            Some(f) => formats.push(f),
            None => {
                eprintln!(
                    "afflink: {}: the extension does not say whether it is HTML, Markdown or text; pass --format.",
                    path.display()
                );
                return Ok(Outcome::Usage);
            }
        }
    }
    if args.files.is_empty() && args.in_place {
        eprintln!("afflink: --in-place needs files.");
        return Ok(Outcome::Usage);
    }
    let Some(converter) = converter(&args.config) else {
        return Ok(Outcome::Usage);
    };
    // The value parser only lets the three names through.
    let converter = converter.with_platform(Platform::parse(&args.platform).unwrap_or_default());
    if !converter.enabled() {
        eprintln!("afflink: conversion is off (\"convert\": \"off\"); nothing is changed.");
    }
    let mut summary = Summary::default();
    let mut failed = false;
    if args.files.is_empty() {
        let format = forced.unwrap_or(Format::Html);
        let stdin = io::stdin().lock();
        one(out, args, &converter, format, stdin, None, &mut summary)?;
    }
    for (path, format) in args.files.iter().zip(formats) {
        let file = match File::open(path).and_then(|f| {
            if f.metadata()?.is_dir() {
                return Err(io::Error::other("it is a directory"));
            }
            Ok(f)
        }) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}", coded(&unreadable(path, &e)));
                failed = true;
                continue;
            }
        };
        let reader = BufReader::with_capacity(64 * 1024, file);
        // A file that fails half-way counts for nothing; the files before it still count.
        let before = summary.clone();
        if let Err(e) = one(
            out,
            args,
            &converter,
            format,
            reader,
            Some(path),
            &mut summary,
        ) {
            eprintln!("afflink: {}: {e}", path.display());
            summary = before;
            failed = true;
        }
    }
    eprintln!("{}", summary_line(&summary));
    if summary.converted_without_marks > 0 {
        eprintln!(
            "afflink: {} converted links are Markdown links, which have no attributes: they get no rel=\"sponsored noopener\" and no data-afflink-original (rewrite the built HTML to mark them).",
            summary.converted_without_marks
        );
    }
    Ok(if failed || (args.check && summary.changed_files > 0) {
        Outcome::Refused
    } else {
        Outcome::Ran
    })
}

/// One input: rewritten to `out`, to its own file, to a diff, or only checked.
fn one(
    out: &mut impl Write,
    args: &RewriteArgs,
    converter: &LinkConverter,
    format: Format,
    mut input: impl Read,
    path: Option<&Path>,
    summary: &mut Summary,
) -> io::Result<()> {
    let name = path.map_or_else(|| "-".to_owned(), |p| p.display().to_string());
    if args.dry_run {
        let mut before = Vec::new();
        input.read_to_end(&mut before)?;
        let mut after = Vec::new();
        if rewrite(converter, format, &before[..], &mut after, summary)? {
            let (old, new) = (
                String::from_utf8_lossy(&before),
                String::from_utf8_lossy(&after),
            );
            let diff = similar::TextDiff::from_lines(old.as_ref(), new.as_ref());
            let text = diff
                .unified_diff()
                .context_radius(2)
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string();
            out.write_all(text.as_bytes())?;
            if args.check {
                // With --check too: named, as --check alone names it.
                eprintln!("afflink: {name} would change.");
            }
        }
        return Ok(());
    }
    if args.check {
        if rewrite(converter, format, input, io::sink(), summary)? {
            // Named, so that CI says which file needs rewriting.
            eprintln!("afflink: {name} would change.");
        }
        return Ok(());
    }
    match path {
        Some(path) if args.in_place => in_place(converter, format, input, path, summary),
        _ => {
            let mut buffered = BufWriter::with_capacity(64 * 1024, &mut *out);
            rewrite(converter, format, input, &mut buffered, summary)?;
            buffered.flush()
        }
    }
}

/// Rewrites into a temporary file next to `path`, then moves it over `path` when it
/// changed (keeping the file's permissions, and its owner and group where allowed). A
/// symbolic link is followed: the file it points to is rewritten, and the link stays.
fn in_place(
    converter: &LinkConverter,
    format: Format,
    input: impl Read,
    path: &Path,
    summary: &mut Summary,
) -> io::Result<()> {
    let real = fs::canonicalize(path)?;
    let path = real.as_path();
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{file_name}.afflink-{}", std::process::id()));
    let result = (|| {
        let created = File::create(&temp).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot create the temporary file {} next to it, to write the new version before it replaces the file: {e}",
                    temp.display()
                ),
            )
        })?;
        let mut writer = BufWriter::with_capacity(64 * 1024, created);
        let changed = rewrite(converter, format, input, &mut writer, summary)?;
        writer.flush()?;
        Ok::<bool, io::Error>(changed)
    })();
    match result {
        Ok(true) => {
            if let Ok(meta) = fs::metadata(path) {
                fs::set_permissions(&temp, meta.permissions())?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::MetadataExt;
                    // As the owner may not give a file away, a failure here is not an error.
                    let _ = std::os::unix::fs::chown(&temp, Some(meta.uid()), Some(meta.gid()));
                }
            }
            fs::rename(&temp, path)
        }
        Ok(false) => fs::remove_file(&temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// `afflink: 2 files (1 changed), 9 links: 3 converted, 2 left as they are (1
/// already_tracked, 1 not_a_product_page), 1 kept by data-afflink="off", 0 already
/// converted, 3 to other sites.`
fn summary_line(s: &Summary) -> String {
    let left = if s.left.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = s
            .left
            .iter()
            .map(|(code, n)| format!("{n} {code}"))
            .collect();
        format!(" ({})", parts.join(", "))
    };
    format!(
        "afflink: {} file{} ({} changed), {} link{}: {} converted, {} left as they are{left}, {} kept by data-afflink=\"off\", {} already converted, {} to other sites.",
        s.files,
        if s.files == 1 { "" } else { "s" },
        s.changed_files,
        s.links,
        if s.links == 1 { "" } else { "s" },
        s.converted,
        s.left_total(),
        s.opted_out,
        s.already_converted,
        s.other_sites
    )
}
