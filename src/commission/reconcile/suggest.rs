//! The rate card the observed rates suggest.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Map, Value};
use time::Date;

use super::*;

struct Observed {
    category: Option<String>,
    buyer: Option<Buyer>,
    country: Option<String>,
    amount: Decimal,
    commission: Decimal,
    date: Option<Date>,
}

/// How well a suggested rate fits the orders it was observed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// It reproduces every commission to the cent.
    Exact,
    /// It reproduces every commission within a cent.
    WithinACent,
    /// The rates vary: the lowest observed rate.
    Lowest,
}

/// The rates (in percent) at `dp` decimals in `[lo, hi)`, at most 1,000.
fn rates_between(lo: Decimal, hi: Decimal, dp: u32) -> Vec<Decimal> {
    let step = Decimal::new(1, dp);
    let mut r = lo.round_dp_with_strategy(dp, RoundingStrategy::ToPositiveInfinity);
    let mut out = Vec::new();
    while r < hi && out.len() < 1000 {
        out.push(r.normalize());
        r += step;
    }
    out
}

/// The simplest rate that reproduces every commission of the group to the cent (fewest
/// decimals; among those, the one that reproduces most exactly, a multiple of 0.05, then the
/// lowest); else within a cent; else the lowest observed rate, to 2 decimals.
fn observed_rate(rows: &[&Observed]) -> (Decimal, Fit) {
    let hundred = Decimal::ONE_HUNDRED;
    let exact = |rate: Decimal, r: &Observed| {
        round_to_cent(r.amount * rate / hundred) == round_to_cent(r.commission)
    };
    for (fit, slack) in [
        (Fit::Exact, Decimal::new(5, 3)),
        (Fit::WithinACent, Decimal::new(15, 3)),
    ] {
        let lo = rows
            .iter()
            .map(|r| (r.commission - slack) * hundred / r.amount)
            .max()
            .unwrap_or_default()
            .max(Decimal::ZERO);
        let hi = rows
            .iter()
            .map(|r| (r.commission + slack) * hundred / r.amount)
            .min()
            .unwrap_or_default()
            .min(Decimal::new(1_000_001, 4));
        for dp in 0..=4 {
            let best = rates_between(lo, hi, dp).into_iter().max_by_key(|rate| {
                let fits = rows.iter().filter(|r| exact(*rate, r)).count();
                let round = (*rate * Decimal::new(20, 0)).fract().is_zero();
                (fits, round, std::cmp::Reverse(*rate))
            });
            if let Some(rate) = best {
                return (rate, fit);
            }
        }
    }
    let lowest = rows
        .iter()
        .map(|r| (r.commission * hundred / r.amount).round_dp(2).normalize())
        .min()
        .unwrap_or_default();
    (lowest, Fit::Lowest)
}

/// The categories of a rule (`when.categories`), if it has the condition.
fn rule_categories(rule: &Value) -> Option<&Vec<Value>> {
    rule.get("when")?.get("categories")?.as_array()
}

/// Keeps the default card's category rules that apply to every buyer (AliExpress: tablets
/// and mobile phones earn the standard 8%, never the new-buyer rate; seed 003): since the
/// suggested rules replace the default's, they are copied in, with their source, ahead of
/// every observed rule without a category condition (which would otherwise give those
/// categories an observed new-buyer rate). Observed rules of those categories stay ahead of
/// them: they are what the program paid on those categories.
fn keep_category_rules(program: Program, rules: &mut Vec<Value>) {
    let card = crate::RateCard::default_ref(program);
    // Written field by field (flat rates: the default cards' category rules have no tiers),
    // which keeps the module smaller than serialising a `Rule` into a `Value`.
    let kept: Vec<Value> = card
        .rules
        .iter()
        .filter(|r| r.when.categories.is_some() && r.when.buyer.is_none())
        .filter_map(|r| {
            let mut when = Map::new();
            when.insert("categories".into(), json!(r.when.categories));
            if let Some(c) = &r.when.countries {
                when.insert("countries".into(), json!(c));
            }
            Some(json!({
                "label": r.label,
                "part": if r.part == crate::commission::Part::NewBuyer { "newBuyer" } else { "base" },
                "when": when,
                "percent": r.percent?.0.normalize().to_string(),
                "source": format!("afflink reconcile: kept from the program's default card ({})", r.source),
                "asOf": r.as_of,
                "basis": r.basis.as_str(),
            }))
        })
        .collect();
    if kept.is_empty() {
        return;
    }
    let kept_category = |rule: &Value| {
        rule_categories(rule).is_some_and(|cs| {
            cs.iter().filter_map(Value::as_str).any(|c| {
                kept.iter()
                    .filter_map(rule_categories)
                    .flatten()
                    .filter_map(Value::as_str)
                    .any(|k| crate::commission::category::category_is(card, k, c))
            })
        })
    };
    let at = rules
        .iter()
        .position(|r| rule_categories(r).is_none())
        .unwrap_or(rules.len());
    let tail = rules.split_off(at);
    let (same, other): (Vec<Value>, Vec<Value>) = tail.into_iter().partition(|r| kept_category(r));
    rules.extend(same);
    rules.extend(kept.iter().cloned());
    rules.extend(other);
}

/// A user rate card from the rates the program paid: one rule per combination of category,
/// buyer type and country (from `{ord_geo}`) the report shows, most specific first, then a
/// rule for every other order at the lowest rate seen. Every observed figure has `basis:
/// "user"`; the default card's category rules for every buyer (AliExpress: tablets and
/// mobile phones never earn the new-buyer rate) are kept, with their own basis and source,
/// ahead of the observed rules without a category condition.
/// The card is partial: merged over the program's default (`--rates FILE`), it keeps the
/// default's qualification rules and payout, and sets `incentive` to `null` because the
/// observed rates already hold any incentive. `None` when no order shows a rate (no order
/// with both an amount and a commission above zero).
///
/// ```
/// let log = "https://example.com/pb?o=A1&amt=100.00&geo=US&c=7.00\nhttps://example.com/pb?o=A2&amt=10.00&geo=DE&c=0.33\n";
/// let calls = afflink::commission::read_postback_log("https://example.com/pb?o={ord_id}&amt={ord_amount}&geo={ord_geo}&c={est_com}", log).unwrap();
/// let card = afflink::commission::suggest_rate_card(&calls).unwrap();
/// assert_eq!(card["rules"][0]["when"]["countries"][0], "DE");
/// assert_eq!(card["rules"][0]["percent"], "3.3");
/// assert_eq!(card["rules"][1]["percent"], "7");
/// assert_eq!(card["rules"][2]["percent"], "3.3"); // every other order: the lowest rate
/// ```
pub fn suggest_rate_card(reported: &ReportedOrders) -> Option<Value> {
    #[cfg(not(target_arch = "wasm32"))]
    let checked = super::in_range(reported);
    #[cfg(not(target_arch = "wasm32"))]
    let reported = &*checked;
    let observed: Vec<Observed> = reported
        .orders
        .iter()
        .filter(|o| o.error.is_none())
        .filter_map(|o| {
            let (amount, commission) = (o.amount?, o.commission?);
            // Rates of 0-100% only, on amounts of a cent or more (so no ratio overflows).
            let usable =
                amount >= Decimal::new(1, 2) && commission > Decimal::ZERO && commission <= amount;
            usable.then(|| {
                let first = o.categories.first().filter(|c| !c.trim().is_empty());
                let category = first
                    .filter(|c| o.categories.iter().all(|x| x == *c))
                    .map(|c| c.trim().to_owned());
                let country = o
                    .country
                    .as_deref()
                    .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
                    .map(str::to_ascii_uppercase);
                Observed {
                    category,
                    buyer: o.buyer,
                    country,
                    amount,
                    commission,
                    date: o.date,
                }
            })
        })
        .collect();
    if observed.is_empty() {
        return None;
    }
    type Key = (Option<String>, Option<Buyer>, Option<String>);
    let mut groups: Vec<(Key, Vec<&Observed>)> = Vec::new();
    for o in &observed {
        let key: Key = (o.category.clone(), o.buyer, o.country.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(o),
            None => groups.push((key, vec![o])),
        }
    }
    let conditions = |k: &Key| {
        usize::from(k.0.is_some()) + usize::from(k.1.is_some()) + usize::from(k.2.is_some())
    };
    let buyer_rank = |b: &Option<Buyer>| match b {
        Some(Buyer::New) => 0,
        Some(Buyer::Returning) => 1,
        None => 2,
    };
    groups.sort_by(|(a, _), (b, _)| {
        conditions(b)
            .cmp(&conditions(a))
            .then_with(|| a.0.cmp(&b.0))
            .then_with(|| buyer_rank(&a.1).cmp(&buyer_rank(&b.1)))
            .then_with(|| a.2.cmp(&b.2))
    });
    let source_name = if reported.source == "postbackLog" {
        "postback calls"
    } else {
        "order report"
    };
    let as_of = |rows: &[&Observed]| rows.iter().filter_map(|r| r.date).max().map(date_string);
    let rule = |label: String, key: &Key, rows: &[&Observed], rate: Decimal, fit: Fit| {
        let mut when = Map::new();
        if let Some(b) = key.1 {
            let b = if b == Buyer::New { "new" } else { "returning" };
            when.insert("buyer".into(), b.into());
        }
        if let Some(c) = &key.0 {
            when.insert("categories".into(), json!([c]));
        }
        if let Some(c) = &key.2 {
            when.insert("countries".into(), json!([c]));
        }
        let how = match fit {
            Fit::Exact => format!("{rate}% reproduces every commission to the cent"),
            Fit::WithinACent => format!("{rate}% reproduces every commission within a cent"),
            Fit::Lowest if rows.len() == 1 => {
                format!("{rate}% is its observed rate to 2 decimals (no rate of up to 4 decimals reproduces its commission within a cent)")
            }
            Fit::Lowest => format!("the rates vary; the lowest, {rate}%, is used"),
        };
        json!({
            "label": label,
            "part": if key.1 == Some(Buyer::New) { "newBuyer" } else { "base" },
            "when": when,
            "percent": rate.to_string(),
            "source": format!("afflink reconcile: observed in {} order(s) of the program's {source_name}; {how}", rows.len()),
            "asOf": as_of(rows),
            "basis": "user",
        })
    };
    let mut rules: Vec<Value> = Vec::new();
    let mut lowest: Option<Decimal> = None;
    for (key, rows) in &groups {
        let (rate, fit) = observed_rate(rows);
        lowest = Some(lowest.map_or(rate, |l| l.min(rate)));
        if conditions(key) == 0 {
            continue;
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(c) = &key.0 {
            parts.push(format!("category {c}"));
        }
        match key.1 {
            Some(Buyer::New) => parts.push("new buyers".into()),
            Some(Buyer::Returning) => parts.push("returning buyers".into()),
            None => {}
        }
        if let Some(c) = &key.2 {
            parts.push(format!("buyers in {c}"));
        }
        rules.push(rule(
            format!("Observed rate: {}", parts.join(", ")),
            key,
            rows,
            rate,
            fit,
        ));
    }
    keep_category_rules(reported.program, &mut rules);
    let all: Vec<&Observed> = observed.iter().collect();
    rules.push(rule(
        "Observed rate: every other order (the lowest rate seen)".to_owned(),
        &(None, None, None),
        &all,
        lowest.unwrap_or_default(),
        Fit::Lowest,
    ));
    let first = observed.iter().filter_map(|o| o.date).min();
    let last = observed.iter().filter_map(|o| o.date).max();
    let dates = match (first, last) {
        (Some(a), Some(b)) => format!(" from {} to {}", date_string(a), date_string(b)),
        _ => String::new(),
    };
    Some(json!({
        "schema": crate::commission::RATE_CARD_SCHEMA,
        "program": reported.program.as_str(),
        "currency": "USD",
        "name": format!("Observed rates ({source_name})"),
        "source": format!("afflink reconcile: the rates the program paid on {} order(s){dates}", observed.len()),
        "asOf": last.map(date_string),
        "note": "Made by afflink reconcile from the program's own figures. Merged over the default card of the program: its qualification rules and payout stay, and so do its category rules for every buyer (kept in the rules, ahead of the observed rules without a category); the incentive is off because the observed rates already include any incentive paid.",
        "rules": rules,
        "incentive": null,
    }))
}
