//! Matching the program's rows with afflink's estimates, order by order, and explaining
//! each difference.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};
use time::Date;

use super::*;
use crate::commission::Part;

/// afflink's side of one order.
#[derive(Debug, Clone, Default)]
struct Side {
    commission: Decimal,
    raw: Decimal,
    amount: Decimal,
    rates: Vec<Decimal>,
    qualifies: bool,
    reasons: Vec<String>,
    assumptions: Vec<Value>,
    date: Option<Date>,
    error: Option<Error>,
    /// The incentive rate (percentage points) in the estimate's breakdown, when it has one.
    incentive: Option<Decimal>,
}

/// The warnings of an estimate that a reconciliation line carries in its `assumptions`.
const CARRIED_WARNINGS: &[Code] = &[Code::PreviousSalesNotThisPeriod];

impl Side {
    fn rate(&self) -> Option<Decimal> {
        let first = *self.rates.first()?;
        if self.rates.iter().all(|r| *r == first) || self.amount.is_zero() {
            Some(first)
        } else {
            ratio(self.raw, self.amount)
        }
    }

    fn add(&mut self, line: &ReportLine, paid: Option<Date>) {
        // Other kinds of lines (none here) are not orders.
        if let ReportLine::Estimated(e) = line {
            let commission = round_to_cent(e.commission);
            self.commission += commission;
            // The amount the commission is on: after any refund (as the program's report
            // gives it).
            let amount = e.amount - e.refunded_amount;
            self.amount += amount;
            if e.qualifies {
                self.qualifies = true;
                self.raw += amount * e.rate_percent / Decimal::ONE_HUNDRED;
                self.rates.push(e.rate_percent);
            } else {
                for r in &e.reasons {
                    if !self.reasons.contains(&r.message) {
                        self.reasons.push(r.message.clone());
                    }
                }
            }
            let incentive = e
                .breakdown
                .iter()
                .filter(|l| l.part == Part::Incentive && !l.amount.is_zero())
                .filter_map(|l| l.rate_percent)
                .max();
            self.incentive = self.incentive.max(incentive);
            // The estimate's own assumptions, and the warnings that bear on its figure
            // (`previous_sales_not_this_period`).
            let warnings = e
                .warnings
                .iter()
                .filter(|w| CARRIED_WARNINGS.contains(&w.code));
            for a in e.assumptions.iter().chain(warnings) {
                let a = assumption(a.code, a.message.clone());
                if !self.assumptions.contains(&a) {
                    self.assumptions.push(a);
                }
            }
        } else if let ReportLine::Refused { error, .. } = line {
            self.error.get_or_insert_with(|| error.clone());
        }
        self.date = self.date.or(paid);
    }
}

fn assumption(code: Code, message: String) -> Value {
    json!({ "code": code.as_str(), "message": message })
}

/// The orders to estimate for one reported order (one per item), and the assumptions made.
fn report_orders(program: Program, o: &ReportedOrder, first_id: usize) -> (Vec<Value>, Vec<Value>) {
    let mut assumptions = Vec::new();
    let mut fields = Map::new();
    fields.insert("program".into(), program.as_str().into());
    match o.buyer {
        Some(b) => {
            let b = if b == Buyer::New { "new" } else { "returning" };
            fields.insert("buyer".into(), b.into());
        }
        None => {
            fields.insert("buyer".into(), "returning".into());
            assumptions.push(assumption(
                Code::BuyerAssumedReturning,
                "The program's figures do not say whether the buyer is new; the lower, returning-buyer rate is used.".to_owned(),
            ));
        }
    }
    // An ISO 3166-1 code, or UK (read as GB, with the warning `country_alias`).
    let country = o
        .country
        .as_deref()
        .filter(|c| crate::commission::order::iso_country(c).is_some());
    match country {
        Some(c) => {
            fields.insert("country".into(), c.trim().into());
        }
        None => {
            let why = match &o.country {
                Some(c) => format!("The program's country {c:?} is not an ISO 3166-1 country code"),
                None => "The program's figures give no country".to_owned(),
            };
            assumptions.push(assumption(
                Code::CountryRuleSkipped,
                format!("{why}; the country rules (rates and exclusions by country) are skipped."),
            ));
            // A value read as no ISO country keeps the order readable where a country is
            // required, and matches no country rule.
            if program == Program::Alibaba {
                fields.insert(
                    "country".into(),
                    crate::commission::order::UNKNOWN_COUNTRY.into(),
                );
            }
        }
    }
    let paid = o.date.unwrap_or(NO_DATE);
    if o.date.is_none() {
        assumptions.push(assumption(
            Code::DateUnknown,
            "The program gave no date for this order: the date rules are skipped and it is in no period.".to_owned(),
        ));
    }
    fields.insert("paidDate".into(), date_string(paid).into());
    // Each item row is judged by its own status (one row of an order may be invalid).
    let mut status_of = |status: Option<&str>, item: &mut Map<String, Value>| match status {
        Some(s) if !completed_status(s) => {
            item.insert("status".into(), s.into());
        }
        status => {
            item.insert("status".into(), "completed".into());
            item.insert("completedDate".into(), date_string(paid).into());
            if assumptions
                .iter()
                .any(|a| a["code"] == Code::CompletionAssumed.as_str())
            {
                return;
            }
            let said = match status {
                Some(s) => format!("The report says {s:?}"),
                None if o.buyer.is_none() && program == Program::Alibaba => {
                    "The postback gives no order status".to_owned()
                }
                None => "The report gives no order status".to_owned(),
            };
            assumptions.push(assumption(
                Code::CompletionAssumed,
                format!(
                    "{said}; the order is taken as completed, within the program's time limits."
                ),
            ));
        }
    };
    let items: Vec<Value> = o
        .item_amounts
        .iter()
        .enumerate()
        .map(|(i, amount)| {
            let mut item = fields.clone();
            let status = o.item_statuses.get(i).cloned().flatten();
            status_of(status.as_deref().or(o.status.as_deref()), &mut item);
            item.insert("orderId".into(), format!("r{}", first_id + i).into());
            item.insert("amount".into(), amount.to_string().into());
            if let Some(c) = o.categories.get(i).filter(|c| !c.is_empty()) {
                item.insert("category".into(), c.clone().into());
            }
            Value::Object(item)
        })
        .collect();
    (items, assumptions)
}

fn calendar_month(d: Date) -> (Date, Date) {
    let start = d.replace_day(1).unwrap_or(d);
    let days = d.month().length(d.year());
    (start, d.replace_day(days).unwrap_or(d))
}

/// Compares what the program reported with afflink's estimates: of `orders` (the
/// publisher's own orders, as for [`estimate_commissions`]) when given, else of the
/// reported orders themselves. Orders of the other program are left out (and counted).
///
/// Differences are results, never errors: every order gets its line, with the likely cause
/// in `explanation`.
///
/// ```
/// use afflink::EstimateContext;
/// use afflink::commission::{read_postback_log, reconcile};
/// let log = "https://example.com/pb?o=A1&amt=100.00&geo=US&c=7.00\n";
/// let calls = read_postback_log("https://example.com/pb?o={ord_id}&amt={ord_amount}&geo={ord_geo}&c={est_com}", log).unwrap();
/// let r = reconcile(&calls, None, &EstimateContext::default());
/// assert_eq!(r.lines[0].status.as_str(), "differs");
/// assert_eq!(r.lines[0].explanation.as_deref().unwrap().starts_with("The program paid 7.00%"), true);
/// ```
pub fn reconcile(
    reported: &ReportedOrders,
    orders: Option<&[Value]>,
    ctx: &EstimateContext,
) -> Reconciliation {
    #[cfg(not(target_arch = "wasm32"))]
    let checked = super::in_range(reported);
    #[cfg(not(target_arch = "wasm32"))]
    let reported = &*checked;
    let program = reported.program;
    let start_day = ctx.card(program).period.as_ref().map(|p| p.start_day);
    let period_of = |d: Date| match start_day {
        Some(day) => calculation_period(d, day),
        None => calendar_month(d),
    };
    let mut other_program = 0;
    let mut refused = 0;
    // afflink's side, per order id, in the order of the publisher's orders.
    let mut sides: Vec<(String, Side)> = Vec::new();
    let mut side_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut report_assumptions: Vec<Vec<Value>> = vec![Vec::new(); reported.orders.len()];
    match orders {
        Some(orders) => {
            let mine: Vec<&Value> = orders
                .iter()
                .filter(|o| match o.get("program").and_then(Value::as_str) {
                    Some(p) if p != program.as_str() && (p == "aliexpress" || p == "alibaba") => {
                        other_program += 1;
                        false
                    }
                    _ => true,
                })
                .collect();
            let values: Vec<Value> = mine.iter().map(|v| (*v).clone()).collect();
            let report = estimate_commissions(&values, ctx);
            for (line, order) in report.lines.iter().zip(&values) {
                let id = if let ReportLine::Estimated(e) = line {
                    Some(e.order_id.clone())
                } else if let ReportLine::Refused { order_id, .. } = line {
                    order_id.clone()
                } else {
                    continue;
                };
                let Some(id) = id else {
                    refused += 1;
                    continue;
                };
                // Matched as the report's ids are read: without surrounding spaces.
                let id = id.trim().to_owned();
                let paid = order
                    .get("paidDate")
                    .and_then(Value::as_str)
                    .and_then(|s| crate::commission::order::parse_date(s.trim(), "paidDate").ok());
                match side_of.get(&id) {
                    Some(&at) => sides[at].1.add(line, paid),
                    None => {
                        let mut side = Side::default();
                        side.add(line, paid);
                        side_of.insert(id.clone(), sides.len());
                        sides.push((id, side));
                    }
                }
            }
        }
        None => {
            let mut items: Vec<Value> = Vec::new();
            let mut owner: Vec<usize> = Vec::new();
            for (i, o) in reported.orders.iter().enumerate() {
                if o.amount.is_none() {
                    continue;
                }
                let (its, assumptions) = report_orders(program, o, items.len());
                owner.extend(std::iter::repeat_n(i, its.len()));
                items.extend(its);
                report_assumptions[i] = assumptions;
            }
            let report = estimate_commissions(&items, ctx);
            let mut by_order: Vec<Side> = vec![Side::default(); reported.orders.len()];
            for (line, &i) in report.lines.iter().zip(&owner) {
                by_order[i].add(line, reported.orders[i].date);
            }
            for (o, mut side) in reported.orders.iter().zip(by_order) {
                side_of
                    .entry(o.order_id.trim().to_owned())
                    .or_insert(sides.len());
                if o.amount.is_none() && o.error.is_none() {
                    side.error = Some(Error::new(
                        Code::MissingColumn,
                        "The report gives no order amount, so afflink cannot estimate the order; give --orders or map the amount column.",
                    ));
                }
                sides.push((o.order_id.clone(), side));
            }
        }
    }

    let mut lines: Vec<ReconcileLine> = Vec::new();
    let mut used = vec![false; sides.len()];
    for (i, o) in reported.orders.iter().enumerate() {
        let at = side_of.get(o.order_id.trim()).copied();
        if let Some(at) = at {
            used[at] = true;
        }
        let side = at.map(|at| &sides[at].1);
        let mut assumptions = std::mem::take(&mut report_assumptions[i]);
        if let Some(side) = side {
            for a in &side.assumptions {
                if !assumptions.contains(a) {
                    assumptions.push(a.clone());
                }
            }
        }
        let date = o.date.or(side.and_then(|s| s.date));
        let mut line = compare(program, o, side);
        line.date = date;
        line.period = date.map(period_of);
        line.assumptions = assumptions;
        lines.push(line);
    }
    for ((id, side), used) in sides.iter().zip(&used) {
        if *used {
            continue;
        }
        let estimated = side.error.is_none().then(|| round_to_cent(side.commission));
        lines.push(ReconcileLine {
            order_id: id.clone(),
            program,
            status: MatchStatus::OrdersOnly,
            estimated,
            reported: None,
            difference: None,
            explanation: Some(
                "Your orders have it; the program did not report it (not tracked, not yet reported, or outside the report's dates).".to_owned(),
            ),
            estimated_rate_percent: side.qualifies.then(|| side.rate()).flatten(),
            reported_rate_percent: None,
            date: side.date,
            period: side.date.map(period_of),
            sub_ids: Vec::new(),
            assumptions: side.assumptions.clone(),
            error: side.error.clone(),
        });
    }
    let summary = summarise(
        program,
        &lines,
        reported,
        orders.is_some(),
        other_program,
        refused,
    );
    Reconciliation { lines, summary }
}

fn compare(program: Program, o: &ReportedOrder, side: Option<&Side>) -> ReconcileLine {
    let reported = if o.error.is_some() {
        None
    } else {
        o.commission.map(round_to_cent)
    };
    let amount = o.amount.or(side.map(|s| s.amount));
    let reported_rate = match (o.commission, amount) {
        (Some(c), Some(a)) if !a.is_zero() && o.error.is_none() => {
            ratio(c, a).map(|r| r.round_dp(4))
        }
        _ => None,
    };
    let mut line = ReconcileLine {
        order_id: o.order_id.clone(),
        program,
        status: MatchStatus::ReportOnly,
        estimated: None,
        reported,
        difference: None,
        explanation: None,
        estimated_rate_percent: None,
        reported_rate_percent: reported_rate,
        date: None,
        period: None,
        sub_ids: o.sub_ids.clone(),
        assumptions: Vec::new(),
        error: o.error.clone(),
    };
    let Some(side) = side else {
        line.explanation = Some(
            "The program reported this order; your orders do not have it (an order you did not record, or a different order number).".to_owned(),
        );
        return line;
    };
    line.estimated_rate_percent = side.qualifies.then(|| side.rate()).flatten();
    if side.error.is_none() {
        line.estimated = Some(round_to_cent(side.commission));
    }
    if line.error.is_none() {
        line.error = side.error.clone();
    }
    let (Some(estimated), Some(reported)) = (line.estimated, line.reported) else {
        line.status = MatchStatus::Differs;
        line.explanation = Some(match (&line.error, line.reported) {
            (Some(e), _) => format!("The order cannot be compared. {}", e.message()),
            (None, None) => "The program's row gives no commission.".to_owned(),
            (None, Some(_)) => "afflink cannot estimate the order.".to_owned(),
        });
        return line;
    };
    let difference = reported - estimated;
    line.difference = Some(difference);
    if difference.abs() <= RECONCILE_TOLERANCE {
        line.status = MatchStatus::Agrees;
        if !difference.is_zero() {
            line.explanation =
                Some("A difference of one cent counts as agreeing (rounding).".to_owned());
        }
        return line;
    }
    line.status = MatchStatus::Differs;
    line.explanation = Some(explain(o, side, estimated, reported, reported_rate));
    line
}

fn explain(
    o: &ReportedOrder,
    side: &Side,
    estimated: Decimal,
    reported: Decimal,
    reported_rate: Option<Decimal>,
) -> String {
    let status = o
        .status
        .as_deref()
        .map(|s| format!(" (status {s:?})"))
        .unwrap_or_default();
    if !side.qualifies && !reported.is_zero() {
        let why = if side.reasons.is_empty() {
            String::new()
        } else {
            let reasons: Vec<&str> = side
                .reasons
                .iter()
                .map(|r| r.trim_end_matches('.'))
                .collect();
            format!(" ({})", reasons.join("; "))
        };
        return format!(
            "Your card says the order does not qualify{why}, but the program paid {}.",
            money(reported)
        );
    }
    if side.qualifies && reported.is_zero() {
        return format!(
            "The program paid nothing{status}, but your card counts the order as qualifying (the program may have found it invalid, refunded, or not yet completed)."
        );
    }
    if let Some(a) = o.amount {
        if (a - side.amount).abs() > RECONCILE_TOLERANCE && side.error.is_none() {
            return format!(
                "The program's order amount is {}; yours is {}.",
                money(a),
                money(side.amount)
            );
        }
    }
    // Each item rounded to the cent can move an order's total by up to a cent per item.
    let items = Decimal::from(side.rates.len().max(o.item_amounts.len()));
    if items > Decimal::ONE && (reported - estimated).abs() <= RECONCILE_TOLERANCE * items {
        return format!(
            "The order has {items} items: rounding each item's commission to the cent can move the total by up to {} cents.",
            items
        );
    }
    match (reported_rate, side.rate()) {
        (Some(paid), Some(card)) if percent2(paid) != percent2(card) => {
            let incentive = side.incentive.map(|i| format!(", of which {}% is the performance incentive from the previous period's sales given (check that figure: the program may not have paid the incentive)", percent2(i))).unwrap_or_default();
            format!(
                "The program paid {}%; your card says {}%{incentive}.",
                percent2(paid),
                percent2(card)
            )
        }
        _ => format!(
            "The program's figure differs by {}; neither the rate nor qualification explains it (an incentive, an adjustment, or per-item rounding may).",
            money(reported - estimated)
        ),
    }
}

fn summarise(
    program: Program,
    lines: &[ReconcileLine],
    reported: &ReportedOrders,
    orders_given: bool,
    other_program_orders: usize,
    refused_orders: usize,
) -> ReconcileSummary {
    let mut summary = ReconcileSummary {
        program,
        total: ReconcileTotal::default(),
        counts: [0; 4],
        periods: Vec::new(),
        sub_ids: Vec::new(),
        source: reported.source,
        stats: reported.stats.clone(),
        orders_given,
        other_program_orders,
        refused_orders,
    };
    for line in lines {
        summary.total.add(line);
        summary.counts[line.status as usize] += 1;
        match summary.periods.iter_mut().find(|(p, _)| *p == line.period) {
            Some((_, t)) => t.add(line),
            None => {
                let mut t = ReconcileTotal::default();
                t.add(line);
                summary.periods.push((line.period, t));
            }
        }
        for key in &line.sub_ids {
            match summary.sub_ids.iter_mut().find(|(k, _)| k == key) {
                Some((_, t)) => t.add(line),
                None => {
                    let mut t = ReconcileTotal::default();
                    t.add(line);
                    summary.sub_ids.push((key.clone(), t));
                }
            }
        }
    }
    // Dated periods in order, the undated entry last.
    summary
        .periods
        .sort_by_key(|(p, _)| (p.is_none(), p.map(|(s, _)| s)));
    summary.sub_ids.sort_by(|a, b| a.0.cmp(&b.0));
    summary
}
