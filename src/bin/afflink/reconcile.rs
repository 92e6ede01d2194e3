//! `afflink reconcile`: afflink's estimates against what the program reported. Reads the
//! files, hands their text to the core (`afflink::commission::read_postback_log`,
//! `afflink::commission::read_order_report`, `afflink::commission::reconcile`) and writes one JSON line per order,
//! then `{"summary": …}`. Differences are results: the exit status is 0 whenever the inputs
//! could be read; 1 with a coded error on stderr when one cannot.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use afflink::{Code, Error, EstimateContext, RateCard};
use clap::{ArgGroup, Args};
use serde_json::{Map, Value};

use crate::Outcome;

#[derive(Args)]
#[command(group(ArgGroup::new("source").required(true).args(["postback_log", "report"])))]
pub struct ReconcileArgs {
    /// Alibaba.com: the postback URL template set in the program (with {ord_id}, {est_com},
    /// and any of {ord_amount} {ord_geo} {tp1}…).
    #[arg(long, value_name = "URL", requires = "postback_log")]
    postback_template: Option<String>,
    /// Alibaba.com: the calls your server received: an access log (common or combined
    /// format) or one URL per line.
    #[arg(long, value_name = "FILE", requires = "postback_template")]
    postback_log: Option<PathBuf>,
    /// AliExpress: the Portals order report (CSV export).
    #[arg(long, value_name = "FILE.csv", conflicts_with = "postback_log")]
    report: Option<PathBuf>,
    /// Maps a report field (orderId, paidDate, amount, commission, status, category, buyer,
    /// country, af) to a header the alias list does not know; repeatable.
    #[arg(long = "column", value_name = "FIELD=Header", value_parser = crate::parse_pair, conflicts_with = "postback_log")]
    columns: Vec<(String, String)>,
    /// Your own orders (JSON lines, a JSON array or CSV with a header, as for `estimate`);
    /// without it the
    /// program's own rows are estimated.
    #[arg(long, value_name = "FILE")]
    orders: Option<PathBuf>,
    /// A rate card: a JSON file (whole or partial), or the name of a shipped card;
    /// repeatable (one per program).
    #[arg(long = "rates", value_name = "NAME|FILE")]
    rates: Vec<String>,
    /// The previous calculation period's sales (USD), for the performance incentive.
    #[arg(long, value_name = "AMOUNT", conflicts_with = "history")]
    previous_period_sales: Option<String>,
    /// Treat the orders as the whole history: each period's qualifying sales set the next
    /// period's incentive.
    #[arg(long)]
    history: bool,
    /// An exchange rate as CURRENCY=RATE, USD per unit: EUR=1.0800 means 1 EUR = 1.08 USD;
    /// repeatable (for your orders in other currencies, as for `estimate`).
    #[arg(long = "exchange-rate", value_name = "CUR=RATE", value_parser = crate::parse_exchange_pair)]
    exchange_rates: Vec<String>,
    /// Write a user rate card of the observed rates (per country, buyer type and category,
    /// `basis: "user"`) to FILE, ready for `--rates FILE`.
    #[arg(long, value_name = "FILE")]
    suggest_card: Option<PathBuf>,
}

fn unreadable(path: &Path, e: &io::Error) -> Error {
    Error::new(
        Code::UnreadableInput,
        format!("The file {} cannot be read: {e}.", path.display()),
    )
}

fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, &e))?;
    crate::input::utf8(bytes, &format!("The file {}", path.display()))
}

/// A `--rates` card (for `estimate` and `reconcile`): the name of a shipped card, else a
/// JSON file, whole or partial.
pub(crate) fn load_card(arg: &str) -> Result<RateCard, Error> {
    if let Some(card) = RateCard::named(arg.trim()) {
        return Ok(card);
    }
    let path = Path::new(arg);
    if path.is_file() {
        return RateCard::from_user_json(&read_text(path)?)
            .map_err(|e| crate::located(&e, &format!("--rates {arg}")));
    }
    let names: Vec<&str> = RateCard::shipped().into_iter().map(|c| c.name).collect();
    Err(Error::new(
        Code::InvalidRateCard,
        format!(
            "The rate card {arg:?} is neither a shipped card ({}) nor a readable file (--rates).",
            names.join(", ")
        ),
    ))
}

/// The orders file: JSON (lines or an array, see `input::json_orders`) or CSV with a
/// header. A line that is not JSON stays in place (as `null`) and is refused by the
/// estimator.
fn read_orders(text: &str) -> Result<Vec<Value>, Error> {
    if let Some(orders) = crate::input::json_orders(text, " (--orders)") {
        return Ok(orders?
            .into_iter()
            .map(|order| order.unwrap_or(Value::Null))
            .collect());
    }
    crate::input::check_quotes(text, " (--orders)")?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::new(
                Code::InvalidCsv,
                format!("The CSV header of your orders cannot be read: {e} (--orders)."),
            )
        })?
        .iter()
        .map(|s| s.trim().to_owned())
        .collect();
    let mut orders = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::new(
                Code::InvalidCsv,
                format!("The CSV of your orders cannot be read: {e} (--orders)."),
            )
        })?;
        let object: Map<String, Value> = header
            .iter()
            .zip(record.iter())
            .filter(|(_, cell)| !cell.trim().is_empty())
            .map(|(name, cell)| (name.clone(), Value::String(cell.to_owned())))
            .collect();
        orders.push(Value::Object(object));
    }
    Ok(orders)
}

fn context(args: &ReconcileArgs) -> Result<EstimateContext, Error> {
    let mut ctx = EstimateContext::default();
    for arg in &args.rates {
        ctx.cards.push(load_card(arg)?);
    }
    if let Some(sales) = &args.previous_period_sales {
        ctx.incentive = crate::previous_period_sales(sales)?;
    } else if args.history {
        ctx.incentive = afflink::commission::IncentiveBasis::History;
    }
    for pair in &args.exchange_rates {
        let (currency, rate) = afflink::commission::parse_exchange_rate(pair)
            .map_err(|e| crate::located(&e, "--exchange-rate"))?;
        ctx.exchange_rates.insert(currency, rate);
    }
    Ok(ctx)
}

fn reconcile(args: &ReconcileArgs, out: &mut impl Write) -> Result<io::Result<()>, Error> {
    let ctx = context(args)?;
    let reported = match (&args.report, &args.postback_log, &args.postback_template) {
        (Some(report), _, _) => {
            let columns: Vec<(&str, &str)> = args
                .columns
                .iter()
                .map(|(f, h)| (f.as_str(), h.as_str()))
                .collect();
            afflink::commission::read_order_report(&read_text(report)?, &columns)
                .map_err(|e| crate::located(&e, &report.display().to_string()))?
        }
        (None, Some(log), Some(template)) => {
            afflink::commission::read_postback_log(template, &read_text(log)?)?
        }
        // clap requires one source; the template comes with the log.
        _ => {
            return Err(Error::new(
                Code::InvalidField,
                "Give --report FILE.csv, or --postback-template URL with --postback-log FILE.",
            ))
        }
    };
    let orders = match &args.orders {
        Some(path) => Some(read_orders(&read_text(path)?)?),
        None => None,
    };
    let result = afflink::commission::reconcile(&reported, orders.as_deref(), &ctx);
    if let Err(e) = write(out, &result) {
        return Ok(Err(e));
    }
    if let Some(path) = &args.suggest_card {
        match afflink::commission::suggest_rate_card(&reported) {
            Some(card) => {
                let mut text = serde_json::to_string_pretty(&card).unwrap_or_default();
                text.push('\n');
                std::fs::write(path, text).map_err(|e| {
                    Error::new(
                        Code::UnreadableInput,
                        format!("{}: cannot be written: {e}.", path.display()),
                    )
                })?;
            }
            // Not an error: the figures were read; they show no rate to suggest.
            None => eprintln!(
                "afflink: --suggest-card: no order shows a rate (none has both an amount and a commission above zero); no card written."
            ),
        }
    }
    Ok(Ok(()))
}

fn write(out: &mut impl Write, result: &afflink::commission::Reconciliation) -> io::Result<()> {
    for line in &result.lines {
        serde_json::to_writer(&mut *out, line)?;
        writeln!(out)?;
    }
    serde_json::to_writer(&mut *out, &SummaryLine(&result.summary))?;
    writeln!(out)
}

/// `{"summary": …}` with the summary's own field order.
struct SummaryLine<'a>(&'a afflink::commission::ReconcileSummary);

impl serde::Serialize for SummaryLine<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("SummaryLine", 1)?;
        st.serialize_field("summary", self.0)?;
        st.end()
    }
}

pub fn run(out: &mut impl Write, args: &ReconcileArgs) -> io::Result<Outcome> {
    match reconcile(args, out) {
        Ok(written) => written.map(|()| Outcome::Ran),
        Err(e) => {
            eprintln!("afflink: {e}");
            Ok(Outcome::Refused)
        }
    }
}
