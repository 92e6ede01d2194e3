//! The shared commission case file, run natively, plus report-level checks.

mod common;

use afflink::commission::estimate_commissions;
use afflink::{estimate_commission, EstimateContext, RateCard};
use serde_json::{json, Value};

fn run(case: &common::commission::Case) -> Value {
    let result = EstimateContext::from_json(&case.context)
        .and_then(|ctx| estimate_commission(&case.order, &ctx));
    match result {
        Ok(e) => json!({ "estimate": e }),
        Err(e) => json!({ "error": e }),
    }
}

#[test]
fn every_shared_commission_case_passes() {
    let n = common::commission::run_all(run);
    assert!(
        n >= 60,
        "the commission case file must hold at least 60 cases, it has {n}"
    );
}

#[test]
fn every_shared_report_case_passes() {
    let n =
        common::commission::run_report_cases(|context, rows| {
            match EstimateContext::from_json(context) {
                Ok(ctx) => serde_json::to_value(estimate_commissions(rows, &ctx)).unwrap(),
                Err(e) => json!({ "error": e }),
            }
        });
    assert!(n >= 12, "the report case file holds {n} cases");
}

#[test]
fn a_report_never_loses_an_order_and_totals_are_sums_of_lines() {
    let cases = common::commission::cases();
    let orders: Vec<Value> = cases.iter().map(|c| c.order.clone()).collect();
    let report = estimate_commissions(&orders, &EstimateContext::default());
    assert_eq!(report.lines.len(), orders.len());
    let v = serde_json::to_value(&report).unwrap();
    let mut cents = 0i64;
    for (line, case) in v["lines"].as_array().unwrap().iter().zip(&cases) {
        assert_eq!(
            line["orderId"].as_str(),
            case.order["orderId"].as_str(),
            "{}",
            case.id
        );
        if let Some(c) = line["commission"].as_str() {
            cents += c.replace('.', "").parse::<i64>().unwrap();
        }
    }
    let estimated = v["summary"]["estimated"]
        .as_str()
        .unwrap()
        .replace('.', "")
        .parse::<i64>()
        .unwrap();
    assert_eq!(estimated, cents);
    assert_eq!(v["summary"]["orders"], orders.len());
}

#[test]
fn history_applies_each_periods_sales_to_the_next_period() {
    let order = |id: &str, amount: &str, paid: &str| {
        json!({"program": "aliexpress", "orderId": id, "amount": amount, "buyer": "returning", "status": "completed",
               "paidDate": paid, "completedDate": paid})
    };
    // Period 2016-09-10..2016-10-09 sells exactly 400,000; the next period earns +2%.
    let orders = vec![
        order("a", "250000.00", "2016-09-10"),
        order("b", "150000.00", "2016-10-09"),
        order("c", "100.00", "2016-10-10"),
        order("d", "100.00", "2016-11-10"),
    ];
    let report = estimate_commissions(
        &orders,
        &EstimateContext {
            incentive: afflink::commission::IncentiveBasis::History,
            ..Default::default()
        },
    );
    let rates: Vec<String> = report
        .lines
        .iter()
        .map(|l| {
            serde_json::to_value(l).unwrap()["ratePercent"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(rates, ["8", "8", "10", "8"]);
    let periods = serde_json::to_value(&report.summary.periods).unwrap();
    assert_eq!(periods[0]["qualifyingAmount"], "400000.00");
    assert_eq!(periods[1]["start"], "2016-10-10");
}

#[test]
fn payout_needs_more_than_the_minimum_and_warns_when_the_fee_dominates() {
    let order = |amount: &str| {
        json!({"program": "alibaba", "orderId": amount, "amount": amount, "buyer": "returning", "country": "US",
               "status": "completed", "paidDate": "2025-01-01", "completedDate": "2025-01-10"})
    };
    let payout = |orders: Vec<Value>| {
        serde_json::to_value(
            &estimate_commissions(&orders, &EstimateContext::default())
                .summary
                .payouts[0],
        )
        .unwrap()
    };
    // 3.25% of 492.31 = 16.00 (not over 16): not withdrawable.
    let p = payout(vec![order("492.31")]);
    assert_eq!(
        (p["balance"].as_str(), p["withdrawable"].as_bool()),
        (Some("16.00"), Some(false))
    );
    // 3.25% of 1076.92 = 35.00: withdrawable, net 20.00, the fee takes 43%: no warning.
    let p = payout(vec![order("1076.92")]);
    assert_eq!(
        (
            p["withdrawable"].as_bool(),
            p["net"].as_str(),
            p["warning"].is_null()
        ),
        (Some(true), Some("20.00"), true)
    );
    // 3.25% of 640 = 20.80: withdrawable, net 5.80, with a warning.
    let p = payout(vec![order("640")]);
    assert!(p["warning"].as_str().unwrap().contains("fee"));
}

#[test]
fn shipped_cards_are_valid_labelled_and_the_defaults_never_overstate() {
    use afflink::commission::Basis;
    use afflink::Program;
    let ae = RateCard::default_for(Program::AliExpress);
    assert_eq!(ae.highest_rate().to_string(), "8");
    assert_eq!(ae.highest_incentive().to_string(), "2");
    assert_eq!(ae.as_of.as_deref(), Some("2016-09-10"));
    let ab = RateCard::default_for(Program::Alibaba);
    assert_eq!(ab.highest_rate().to_string(), "3.25");
    assert_eq!(ab.as_of, None, "no source dates the Alibaba.com overview");
    // The defaults' rate figures are documented only; their payout figures are labelled.
    for card in [&ae, &ab] {
        assert!(card.rules.iter().all(|r| r.basis == Basis::Documented));
        let steps = card.incentive.iter().flat_map(|i| &i.steps);
        assert!(steps.clone().all(|s| s.basis == Basis::Documented));
        assert!(!card.source.is_empty() && !card.note.is_empty());
    }
    assert_eq!(ab.payout.minimum_balance.basis, Basis::Listing);
    assert!(ae
        .payout
        .minimum_balance
        .note
        .as_deref()
        .unwrap()
        .contains("US$15"));
    let example = RateCard::named("aliexpress-example-2016").unwrap();
    assert_eq!(example.highest_rate().to_string(), "14");
    let new_buyer = example
        .rules
        .iter()
        .find(|r| r.label.contains("New-buyer"))
        .unwrap();
    assert_eq!(new_buyer.basis, Basis::Example);
    let listing = RateCard::named("alibaba-listing").unwrap();
    assert_eq!(listing.highest_rate().normalize().to_string(), "7");
    assert!(listing.rules.iter().all(|r| r.basis == Basis::Listing));
    let excluded = &listing
        .qualification
        .excluded_countries
        .as_ref()
        .unwrap()
        .value;
    assert_eq!(excluded.join(" "), "CN IN NG CU IR KP RU");
    let names: Vec<&str> = RateCard::shipped().iter().map(|c| c.name).collect();
    assert_eq!(
        names,
        [
            "aliexpress-documented",
            "alibaba-documented",
            "aliexpress-example-2016",
            "alibaba-listing"
        ]
    );
    for info in RateCard::shipped() {
        let card = RateCard::named(info.name).unwrap();
        assert_eq!(card.id.as_deref(), Some(info.name));
        for r in &card.rules {
            assert!(!r.source.is_empty(), "{}: {}", info.name, r.label);
        }
    }
    assert_eq!(
        RateCard::named("aliexpress").unwrap().id.as_deref(),
        Some("aliexpress-documented")
    );
    assert!(RateCard::named("ebay").is_none());
}

#[test]
fn a_users_figures_without_basis_are_user_and_keep_no_shipped_label() {
    use afflink::commission::Basis;
    let card = RateCard::from_user_json(
        r#"{"program": "alibaba", "payout": {"minimumBalance": {"value": "20", "source": "my dashboard"}}}"#,
    )
    .unwrap();
    assert_eq!(card.payout.minimum_balance.basis, Basis::User);
    assert_eq!(card.payout.minimum_balance.as_of, None);
    assert_eq!(
        card.payout.withdrawal_fee.basis,
        Basis::Listing,
        "untouched figures keep theirs"
    );
    assert_eq!(card.id, None);
    let whole =
        RateCard::from_json_str(afflink::RateCard::named_json("alibaba-listing").unwrap()).unwrap();
    assert_eq!(whole.rules[0].basis, Basis::Listing);
}

#[test]
fn partial_user_cards_merge_over_the_default_and_bad_cards_are_refused() {
    let card = RateCard::from_user_json(r#"{"program": "alibaba", "cap": {"maxCommission": "5", "source": "my dashboard", "asOf": "2026-11"}}"#).unwrap();
    assert_eq!(card.rules.len(), 1);
    let order = json!({"program": "alibaba", "orderId": "x", "amount": "1000", "buyer": "new", "country": "US",
                       "status": "completed", "paidDate": "2025-01-01", "completedDate": "2025-01-10"});
    let ctx = EstimateContext {
        cards: vec![card],
        ..Default::default()
    };
    let e = serde_json::to_value(estimate_commission(&order, &ctx).unwrap()).unwrap();
    assert_eq!(e["commission"], "5.00");
    let parts: Vec<&str> = e["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["part"].as_str().unwrap())
        .collect();
    assert_eq!(parts, ["base", "cap"]);
    assert_eq!(e["breakdown"][1]["amount"], "-27.50"); // 3.25% of 1000 = 32.50, capped at 5
    for bad in [
        r#"{"program": "ebay"}"#,
        r#"{"program": "alibaba", "rules": [{"label": "x", "part": "base", "percent": "150", "source": "s", "asOf": "a"}]}"#,
        r#"{"program": "alibaba", "rulez": []}"#,
        r#"{"program": "alibaba", "period": {"startDay": 31, "source": "s", "asOf": "a"}}"#,
        r#"{"program": "alibaba", "categoryAliases": {"Tablets": "Tablet"}}"#,
        r#"{"program": "alibaba", "categoryAliases": {"Tablets": [1]}}"#,
        "not json",
    ] {
        assert_eq!(
            RateCard::from_user_json(bad).unwrap_err().code().as_str(),
            "invalid_rate_card",
            "{bad}"
        );
    }
}

#[test]
fn tiers_apply_marginally_or_flat() {
    let tiers = |mode: &str| {
        format!(
            r#"{{"program": "alibaba", "rules": [{{"label": "tiered", "part": "base", "when": {{}},
                "tiers": {{"mode": "{mode}", "steps": [{{"upTo": "100", "percent": "10"}}, {{"upTo": null, "percent": "5"}}]}},
                "source": "test", "asOf": "2026"}}]}}"#
        )
    };
    let order = json!({"program": "alibaba", "orderId": "t", "amount": "300", "buyer": "new", "country": "US",
                       "status": "completed", "paidDate": "2025-01-01", "completedDate": "2025-01-10"});
    let commission = |mode: &str| {
        let ctx = EstimateContext {
            cards: vec![RateCard::from_user_json(&tiers(mode)).unwrap()],
            ..Default::default()
        };
        serde_json::to_value(estimate_commission(&order, &ctx).unwrap()).unwrap()
    };
    let marginal = commission("marginal");
    assert_eq!(marginal["commission"], "20.00"); // 100 × 10% + 200 × 5%
    assert_eq!(marginal["ratePercent"], "6.6667");
    assert_eq!(commission("flat")["commission"], "15.00"); // 300 × 5%
}

/// The table of every shipped figure in docs/COMMISSION.md, as the cards say it.
fn figures_table() -> String {
    let mut out = String::from(
        "| card | figure | value | basis | asOf | source |\n|---|---|---|---|---|---|\n",
    );
    let mut row = |card: &str, figure: String, value: String, f: &Value| {
        let mut source = f["source"].as_str().unwrap().replace('|', "\\|");
        if let Some(note) = f["note"].as_str() {
            source.push_str(" — ");
            source.push_str(note);
        }
        let as_of = f["asOf"].as_str().unwrap_or("`null`");
        let basis = f["basis"].as_str().unwrap();
        out.push_str(&format!(
            "| `{card}` | {figure} | {value} | `{basis}` | {as_of} | {source} |\n"
        ));
    };
    let thousands = |s: &str| {
        let digits: Vec<char> = s.chars().collect();
        let mut t = String::new();
        for (i, c) in digits.iter().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                t.push(',');
            }
            t.push(*c);
        }
        t
    };
    for info in RateCard::shipped() {
        let c: Value = serde_json::from_str(RateCard::named_json(info.name).unwrap()).unwrap();
        let id = info.name;
        if c["period"].is_object() {
            row(
                id,
                "calculation period".into(),
                format!("from day {}", c["period"]["startDay"]),
                &c["period"],
            );
        }
        for r in c["rules"].as_array().unwrap() {
            let label = r["label"].as_str().unwrap();
            row(
                id,
                format!("rate: {label}"),
                format!("{}%", r["percent"].as_str().unwrap()),
                r,
            );
        }
        if let Some(steps) = c["incentive"]["steps"].as_array() {
            for s in steps {
                let value = format!(
                    "+{} points from US${}",
                    s["bonusPercent"].as_str().unwrap(),
                    thousands(s["minSales"].as_str().unwrap())
                );
                row(id, "incentive step".into(), value, s);
            }
        }
        for section in ["qualification", "payout"] {
            for (k, f) in c[section].as_object().unwrap() {
                let value = match &f["value"] {
                    Value::Array(a) => a
                        .iter()
                        .map(|v| v.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join(" "),
                    Value::String(s) if section == "payout" => format!("US${s}"),
                    Value::String(s) => s.clone(),
                    Value::Bool(b) => {
                        if *b {
                            "yes".into()
                        } else {
                            "no".into()
                        }
                    }
                    other => other.to_string(),
                };
                row(id, format!("{section} `{k}`"), value, f);
            }
        }
    }
    out
}

#[test]
fn the_docs_list_every_shipped_figure_with_its_basis_and_source() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/COMMISSION.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let begin = doc
        .find("<!-- figures:begin")
        .expect("the figures:begin marker");
    let start = begin + doc[begin..].find("-->\n").unwrap() + 4;
    let end = doc
        .find("<!-- figures:end -->")
        .expect("the figures:end marker");
    let want = figures_table();
    if std::env::var_os("AFFLINK_BLESS").is_some() {
        std::fs::write(path, format!("{}{}{}", &doc[..start], want, &doc[end..])).unwrap();
        return;
    }
    assert_eq!(
        &doc[start..end],
        want,
        "run with AFFLINK_BLESS=1 to rewrite the table"
    );
}

/// A context built in Rust skips `EstimateContext::from_json`'s checks: an exchange rate
/// that is not more than 0, or too large to multiply, is refused where an order uses it
/// (it was a panic, "Multiplication overflowed", or a negative commission).
#[test]
fn an_exchange_rate_set_in_rust_is_checked_when_an_order_uses_it() {
    use afflink::Code;
    use rust_decimal::Decimal;
    let order = json!({"program": "aliexpress", "orderId": "E1", "amount": "999999999999", "currency": "EUR",
        "buyer": "new", "status": "completed", "paidDate": "2016-10-10", "completedDate": "2016-10-20"});
    for rate in [
        Decimal::MAX,
        Decimal::ZERO,
        Decimal::NEGATIVE_ONE,
        Decimal::from(1_000_000_000_001_i64),
    ] {
        let mut ctx = EstimateContext::default();
        ctx.exchange_rates.insert("EUR".into(), rate);
        let e = estimate_commission(&order, &ctx).unwrap_err();
        assert_eq!(e.code(), Code::InvalidAmount, "{rate}: {e}");
        assert!(e.message().contains("exchangeRates.EUR"), "{e}");
        let report = estimate_commissions(std::slice::from_ref(&order), &ctx);
        assert_eq!(report.summary.errors, 1, "{rate}");
    }
    let mut ctx = EstimateContext::default();
    ctx.exchange_rates
        .insert("EUR".into(), Decimal::new(108, 2));
    let e = estimate_commission(&order, &ctx).unwrap();
    assert_eq!(e.amount.to_string(), "1079999999998.92");
}

/// `RateCard` is `Deserialize`: a card read with serde directly (or changed in Rust) skips
/// `RateCard::from_json_str`'s checks. A rate of 10^27 % made the estimate panic
/// ("Multiplication overflowed"); a negative one gave a negative commission.
#[test]
fn a_card_deserialised_with_serde_is_checked_by_the_estimate() {
    use afflink::{Code, Program};
    let order = json!({"program": "aliexpress", "orderId": "A9", "amount": "999999999999", "buyer": "new",
        "status": "completed", "paidDate": "2016-10-10", "completedDate": "2016-10-20"});
    for percent in ["1000000000000000000000000000", "-8", "101"] {
        let mut v: Value =
            serde_json::from_str(RateCard::default_json(Program::AliExpress)).unwrap();
        for rule in v["rules"].as_array_mut().unwrap() {
            rule["percent"] = percent.into();
        }
        let card: RateCard = serde_json::from_value(v).unwrap();
        let ctx = EstimateContext {
            cards: vec![card],
            ..Default::default()
        };
        let e = estimate_commission(&order, &ctx).unwrap_err();
        assert_eq!(e.code(), Code::InvalidRateCard, "{percent}: {e}");
        let report = estimate_commissions(std::slice::from_ref(&order), &ctx);
        assert_eq!(report.summary.errors, 1, "{percent}");
    }
}
