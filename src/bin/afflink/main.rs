//! `afflink`: the command-line tool.
//!
//! ```text
//! afflink classify [URL]...                        # or one URL per line on stdin
//! afflink link --link URL --param NAME=VALUE...
//! afflink deeplink --aff-short-key KEY [--url URL] --param NAME=VALUE... [--json | --csv --column NAME]
//! afflink alibaba-link --template T [--url URL | --product-id ID] --param ... [--json | --csv --column NAME]
//! afflink alibaba-template --link SAMPLE [--product-id ID]
//! afflink postback check URL [--json]
//! afflink postback expand URL --value NAME=VALUE... [--json]
//! afflink estimate [--rates NAME|CARD.json]... [--previous-period-sales AMOUNT | --history]
//!                  [--exchange-rate EUR=1.0800]... [--group-by period|month] < orders
//! afflink rates list
//! afflink rates show PROGRAM|NAME
//! afflink codes
//! afflink rewrite [--config afflink.json] [--in-place | --dry-run | --check] [--format html|markdown|text] [FILE]...
//! afflink resolve [URL]... [--concurrency N] [--delay-ms MS] [--max N]   # network, see docs/NETWORK.md
//! afflink check [URL]... [--file FILE]... [--concurrency N] [--delay-ms MS] [--max N]
//! afflink reconcile (--report FILE.csv | --postback-template URL --postback-log FILE) [--orders FILE] [--rates NAME|FILE]... [--exchange-rate CUR=RATE]... [--suggest-card FILE]
//! ```
//!
//! Exit status: 0 when it ran (in list and CSV modes, refusals are per-row results); 1 when
//! a single input is refused, when what every row shares (key, template, parameters) is
//! refused, when input cannot be read, or on an I/O error; 2 on a usage error (a malformed
//! `NAME=VALUE` argument included).

mod bulk;
mod csv_mode;
mod estimate;
mod input;
mod net;
mod pasted;
mod reconcile;
mod rewrite;

use std::io::{self, Write};
use std::process::ExitCode;

use afflink::links::{AlibabaProduct, LinkOutcome};
use afflink::{classify, ClassifiedUrl, Error};
use clap::{Args, Parser, Subcommand};

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
    /// Add custom tracking strings to a tracking link (af, cn, cv, dp on AliExpress;
    /// pid, tp1..tp5 on Alibaba.com).
    Link {
        /// The tracking link (s.click.aliexpress.com/… or click.alibaba.com/rd/…).
        #[arg(long)]
        link: String,
        #[command(flatten)]
        params: ParamArgs,
        #[command(flatten)]
        output: JsonArg,
    },
    /// Build AliExpress deep links to product pages.
    Deeplink {
        /// Your aff_short_key from the program dashboard.
        #[arg(long)]
        aff_short_key: String,
        /// The product page URL; when absent, one URL per line is read from stdin.
        #[arg(long, conflicts_with = "csv")]
        url: Option<String>,
        #[command(flatten)]
        params: ParamArgs,
        #[command(flatten)]
        output: JsonArg,
        #[command(flatten)]
        csv: CsvArgs,
    },
    /// Build Alibaba.com product links from a link template ({product_id}, {product_url}).
    AlibabaLink {
        /// The link template copied from the program's site.
        #[arg(long)]
        template: String,
        /// The product page URL; when absent (and no --product-id), one URL per line is read from stdin.
        #[arg(long, conflicts_with_all = ["product_id", "csv"])]
        url: Option<String>,
        /// A bare product id instead of a URL.
        #[arg(long, conflicts_with = "csv")]
        product_id: Option<String>,
        #[command(flatten)]
        params: ParamArgs,
        #[command(flatten)]
        output: JsonArg,
        #[command(flatten)]
        csv: CsvArgs,
    },
    /// Make an Alibaba.com link template from a real link the program made for a product
    /// (the product is read from the link when it carries it, else give --product-id).
    AlibabaTemplate {
        /// The sample link.
        #[arg(long)]
        link: String,
        /// The product id the sample link points to; optional when the link carries it (a
        /// product URL or an id in its query).
        #[arg(long)]
        product_id: Option<String>,
        #[command(flatten)]
        output: JsonArg,
    },
    /// Check or expand an Alibaba.com server-to-server postback URL.
    #[command(subcommand)]
    Postback(PostbackCommand),
    /// Estimate commissions: orders as JSON lines, a JSON array or CSV (with a header) on
    /// stdin; one result per order, then {"summary": …}.
    Estimate {
        /// A rate card to use instead of the default of its program: a shipped card's name
        /// (see `afflink rates list`) or a JSON file, whole or partial; repeatable (one per
        /// program).
        #[arg(long = "rates", value_name = "NAME|FILE")]
        rates: Vec<String>,
        /// The previous calculation period's sales (USD), for the performance incentive.
        #[arg(long, value_name = "AMOUNT", conflicts_with = "history")]
        previous_period_sales: Option<String>,
        /// Treat the input as the whole order history: each period's qualifying sales set
        /// the next period's incentive.
        #[arg(long)]
        history: bool,
        /// An exchange rate as CURRENCY=RATE, USD per unit: EUR=1.0800 means 1 EUR = 1.08 USD;
        /// repeatable.
        #[arg(long = "exchange-rate", value_name = "CUR=RATE", value_parser = parse_exchange_pair)]
        exchange_rates: Vec<String>,
        /// Group the summary's totals by the program's calculation period or by calendar month.
        #[arg(long = "group-by", value_name = "period|month", value_parser = ["period", "month"], default_value = "period")]
        group_by: String,
    },
    /// Rate cards.
    #[command(subcommand)]
    Rates(RatesCommand),
    /// List every stable code with its message, one JSON object per line.
    Codes,
    /// Compare afflink's estimates with what the program reported (AliExpress order report,
    /// Alibaba.com postback calls): one JSON line per order, then {"summary": …}.
    Reconcile(Box<reconcile::ReconcileArgs>),
    /// Convert the product links of HTML, Markdown or text files as the script tag would
    /// (settings from a JSON file like its afflink-config block); a summary on stderr.
    Rewrite(rewrite::RewriteArgs),
    /// Follow short and tracking links to where they land (network): one JSON line per
    /// link, the landing page's classification with "httpStatus", "resolvedFrom",
    /// "finalUrl" and "hops".
    Resolve(net::NetArgs),
    /// Check whether links still lead to a product (network): one JSON line per link,
    /// {"input", "health", "httpStatus", "finalUrl", "reason"}.
    Check(net::NetArgs),
}

#[derive(Subcommand)]
enum RatesCommand {
    /// List the shipped rate cards, one JSON object per line (the defaults first).
    List,
    /// Print a shipped rate card: a program's default (aliexpress or alibaba) or a card name.
    Show {
        /// aliexpress, alibaba, or a name from `afflink rates list`.
        name: String,
    },
}

#[derive(Subcommand)]
enum PostbackCommand {
    /// Report errors and warnings in a postback URL template (exit 1 when it has errors).
    Check {
        /// The postback URL with macros such as {pid} and {est_com}.
        url: String,
        #[command(flatten)]
        output: JsonArg,
    },
    /// Print the URL the program would call, with sample values for the macros.
    Expand {
        /// The postback URL with macros.
        url: String,
        /// A macro value, as NAME=VALUE (e.g. --value est_com=1.25); repeatable.
        #[arg(long = "value", value_name = "NAME=VALUE", value_parser = parse_pair)]
        values: Vec<(String, String)>,
        #[command(flatten)]
        output: JsonArg,
    },
}

#[derive(Args)]
struct ParamArgs {
    /// A tracking parameter as NAME=VALUE (e.g. --param af=myblog); repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_pair)]
    params: Vec<(String, String)>,
}

impl ParamArgs {
    fn pairs(&self) -> Vec<(&str, &str)> {
        self.params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }
}

#[derive(Args)]
struct JsonArg {
    /// Print JSON objects instead of plain links.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct CsvArgs {
    /// Read a product feed as CSV on stdin (separated by `,`, `;` or tabs) and write it
    /// back with link and error columns.
    #[arg(long, requires = "column", conflicts_with = "json")]
    csv: bool,
    /// The CSV column holding the product URL: its title in the header row (case does not
    /// matter when no title matches exactly).
    #[arg(long, requires = "csv", value_parser = parse_column)]
    column: Option<String>,
}

/// A `NAME=VALUE` argument (`--param`, `--value`, `--column`). One without `=`, or with
/// nothing before it, is a usage error (exit 2), as every malformed argument is.
fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((n, v)) if !n.trim().is_empty() => Ok((n.to_owned(), v.to_owned())),
        _ => Err(format!(
            "expected NAME=VALUE (such as af=myblog), got {s:?}"
        )),
    }
}

/// `--column NAME`: a blank name would pick an untitled column (a trailing `,` in the
/// header), so it is a usage error.
fn parse_column(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        Err("expected the title of the column holding the product URL, such as url".into())
    } else {
        Ok(s.to_owned())
    }
}

/// `--exchange-rate CUR=RATE`: the shape is checked here, as a usage error like every
/// NAME=VALUE argument; the currency and the rate are read by the core (`invalid_field`,
/// `invalid_amount`: exit 1).
fn parse_exchange_pair(s: &str) -> Result<String, String> {
    match s.split_once('=') {
        Some((n, _)) if !n.trim().is_empty() => Ok(s.to_owned()),
        _ => Err(format!(
            "expected CURRENCY=RATE (such as EUR=1.0800), got {s:?}"
        )),
    }
}

/// How a run ended, short of an I/O error.
enum Outcome {
    Ran,
    Refused,
    /// A usage error (exit 2), already reported.
    Usage,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = run(cli.command, &mut out);
    match result.and_then(|outcome| out.flush().map(|()| outcome)) {
        Ok(Outcome::Ran) => ExitCode::SUCCESS,
        Ok(Outcome::Refused) => ExitCode::from(1),
        Ok(Outcome::Usage) => ExitCode::from(2),
        // A closed pipe (`afflink classify | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("afflink: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command, out: &mut impl Write) -> io::Result<Outcome> {
    match command {
        Command::Classify { urls } if urls.is_empty() => {
            bulk::for_each_stdin_line(|line| write_classified(out, line))?;
            Ok(Outcome::Ran)
        }
        Command::Classify { urls } => {
            urls.iter().try_for_each(|u| write_classified(out, u))?;
            Ok(Outcome::Ran)
        }
        Command::Link {
            link,
            params,
            output,
        } => single(
            out,
            &link,
            pasted::explained(
                &link,
                afflink::append_tracking_params(&link, &params.pairs()),
            ),
            output.json,
        ),
        Command::Deeplink {
            aff_short_key,
            url,
            params,
            output,
            csv,
        } => {
            let params = params.pairs();
            let build = |u: &str| {
                let link = afflink::build_aliexpress_deep_link(&aff_short_key, u, &params);
                pasted::explained(u, link)
            };
            match url {
                Some(url) => single(out, &url, build(&url), output.json),
                None => {
                    let shared = afflink::links::build_aliexpress_deep_links::<&str>(
                        &[],
                        &aff_short_key,
                        &params,
                    );
                    let shared = shared.map(drop);
                    bulk::run(out, shared, csv.column.as_deref(), build, output.json)
                }
            }
        }
        Command::AlibabaLink {
            template,
            url,
            product_id,
            params,
            output,
            csv,
        } => {
            let params = params.pairs();
            let build = |u: &str| {
                let link =
                    afflink::build_alibaba_product_link(&template, AlibabaProduct::Url(u), &params);
                pasted::explained(u, link)
            };
            match (url, product_id) {
                (Some(url), _) => single(out, &url, build(&url), output.json),
                (None, Some(id)) => {
                    let result = afflink::build_alibaba_product_link(
                        &template,
                        // An id pasted from a spreadsheet cell, spaces around it.
                        AlibabaProduct::Id(id.trim()),
                        &params,
                    );
                    single(out, &id, result, output.json)
                }
                (None, None) => {
                    let shared = afflink::links::build_alibaba_product_links::<&str>(
                        &[],
                        &template,
                        &params,
                    );
                    let shared = shared.map(drop);
                    bulk::run(out, shared, csv.column.as_deref(), build, output.json)
                }
            }
        }
        Command::AlibabaTemplate {
            link,
            product_id,
            output,
        } => single(
            out,
            &link,
            afflink::links::alibaba_template_from_sample(&link, product_id.as_deref()),
            output.json,
        ),
        Command::Postback(PostbackCommand::Check { url, output }) => {
            let report = afflink::check_postback_url(&url);
            if output.json {
                serde_json::to_writer(&mut *out, &report)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", if report.ok { "ok" } else { "not ok" })?;
                if !report.macros.is_empty() {
                    writeln!(out, "macros: {}", report.macros.join(" "))?;
                }
                for p in &report.problems {
                    let severity = serde_json::to_value(p.severity).unwrap_or_default();
                    writeln!(
                        out,
                        "{}: {} [{}]",
                        severity.as_str().unwrap_or(""),
                        p.message,
                        p.code
                    )?;
                }
            }
            Ok(if report.ok {
                Outcome::Ran
            } else {
                Outcome::Refused
            })
        }
        Command::Postback(PostbackCommand::Expand {
            url,
            values,
            output,
        }) => {
            let values: Vec<(&str, &str)> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            // The template's warnings (`postback check` lists them) go to stderr.
            let report = afflink::check_postback_url(&url);
            for p in &report.problems {
                if p.severity == afflink::postback::Severity::Warning {
                    eprintln!("afflink: {} [{}]", p.message, p.code);
                }
            }
            single(
                out,
                &url,
                afflink::postback::expand_postback_url(&url, &values),
                output.json,
            )
        }
        Command::Estimate {
            rates,
            previous_period_sales,
            history,
            exchange_rates,
            group_by,
        } => {
            let mut ctx = afflink::EstimateContext::default();
            for name in &rates {
                match reconcile::load_card(name) {
                    Ok(card) => {
                        ctx.cards.retain(|c| c.program != card.program);
                        ctx.cards.push(card);
                    }
                    Err(e) => {
                        eprintln!("afflink: {e}");
                        return Ok(Outcome::Refused);
                    }
                }
            }
            for pair in &exchange_rates {
                match afflink::commission::parse_exchange_rate(pair) {
                    Ok((currency, rate)) => {
                        ctx.exchange_rates.insert(currency, rate);
                    }
                    Err(e) => {
                        eprintln!("afflink: {}", located(&e, "--exchange-rate"));
                        return Ok(Outcome::Refused);
                    }
                }
            }
            ctx.group_by = afflink::commission::GroupBy::parse(&group_by).unwrap_or_default();
            if let Some(sales) = previous_period_sales {
                match crate::previous_period_sales(&sales) {
                    Ok(incentive) => ctx.incentive = incentive,
                    Err(e) => {
                        eprintln!("afflink: {e}");
                        return Ok(Outcome::Refused);
                    }
                }
            } else if history {
                ctx.incentive = afflink::commission::IncentiveBasis::History;
            }
            estimate::run(out, &ctx)
        }
        Command::Rates(RatesCommand::List) => {
            for info in afflink::RateCard::shipped() {
                serde_json::to_writer(&mut *out, &info)?;
                out.write_all(b"\n")?;
            }
            Ok(Outcome::Ran)
        }
        Command::Rates(RatesCommand::Show { name }) => match afflink::RateCard::named_json(&name) {
            Some(json) => {
                out.write_all(json.as_bytes())?;
                Ok(Outcome::Ran)
            }
            None => {
                let names: Vec<&str> = afflink::RateCard::shipped()
                    .iter()
                    .map(|c| c.name)
                    .collect();
                eprintln!(
                    "afflink: {name:?} is not a shipped rate card; the names are aliexpress, alibaba, {}. [invalid_rate_card]",
                    names.join(", ")
                );
                Ok(Outcome::Usage)
            }
        },
        Command::Codes => {
            for c in afflink::Code::ALL {
                serde_json::to_writer(&mut *out, &afflink::Reason::from(*c))?;
                out.write_all(b"\n")?;
            }
            Ok(Outcome::Ran)
        }
        Command::Reconcile(args) => reconcile::run(out, &args),
        Command::Rewrite(args) => rewrite::run(out, &args),
        Command::Resolve(args) => net::resolve::run(out, &args).map(|()| Outcome::Ran),
        Command::Check(args) => net::check::run(out, &args).map(|()| Outcome::Ran),
    }
}

/// An error with where it came from (a flag, a file) after its sentence:
/// `The rate card cannot be used: … (--rates card.json).`
pub(crate) fn located(e: &Error, place: &str) -> Error {
    Error::new(
        e.code(),
        format!("{} ({place}).", e.message().trim_end_matches('.')),
    )
}

/// `--previous-period-sales`: read as the context's `previousPeriodSales` (amounts as
/// people write them: `400,000`, `$400,000.00`).
pub(crate) fn previous_period_sales(
    sales: &str,
) -> Result<afflink::commission::IncentiveBasis, Error> {
    afflink::EstimateContext::from_json(&serde_json::json!({ "previousPeriodSales": sales }))
        .map(|ctx| ctx.incentive)
        .map_err(|e| located(&e, "--previous-period-sales"))
}

pub(crate) fn link_json<'a>(input: &'a str, result: &'a Result<String, Error>) -> LinkOutcome<'a> {
    LinkOutcome { input, result }
}

/// One input: the link on stdout, or the refusal on stderr and exit status 1.
fn single(
    out: &mut impl Write,
    input: &str,
    result: Result<String, Error>,
    json: bool,
) -> io::Result<Outcome> {
    if json {
        serde_json::to_writer(&mut *out, &link_json(input, &result))?;
        writeln!(out)?;
    }
    match result {
        Ok(link) => {
            if !json {
                writeln!(out, "{link}")?;
            }
            Ok(Outcome::Ran)
        }
        Err(e) => {
            if !json {
                eprintln!("afflink: {e}");
            }
            Ok(Outcome::Refused)
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
