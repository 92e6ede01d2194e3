//! Properties of commission estimation over generated orders.
#![cfg(not(target_arch = "wasm32"))]

use afflink::commission::{estimate_commissions, round_to_cent, IncentiveBasis};
use afflink::{EstimateContext, Program, RateCard};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn order() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["aliexpress", "alibaba"]),
        0u64..100_000_000,
        prop::sample::select(vec!["Tablets", "Mobile Phones", "Apparel", "", "tablets"]),
        prop::sample::select(vec!["new", "returning"]),
        prop::sample::select(vec!["US", "DE", "BR", "CN", "in"]),
        prop::sample::select(vec!["completed", "Trade Completed", "shipped"]),
        0i64..800,
        0i64..200,
        0i64..30,
        any::<bool>(),
    )
        .prop_map(|(program, cents, category, buyer, country, status, paid, done, click, spam)| {
            let day = |offset: i64| {
                let d = time::Date::from_calendar_date(2024, time::Month::January, 1).unwrap() + time::Duration::days(offset);
                format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
            };
            json!({
                "program": program, "orderId": format!("o{cents}"), "amount": format!("{}.{:02}", cents / 100, cents % 100),
                "category": category, "buyer": buyer, "country": country, "status": status,
                "paidDate": day(paid + 30), "completedDate": day(paid + 30 + done), "clickDate": day(paid + 30 - click), "spam": spam,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn commissions_are_bounded_and_totals_add_up(orders in prop::collection::vec(order(), 1..20), sales in 0u64..1_000_000) {
        for basis in [IncentiveBasis::None, IncentiveBasis::PreviousPeriodSales(Decimal::from(sales)), IncentiveBasis::History] {
            let report = estimate_commissions(&orders, &EstimateContext { incentive: basis, ..Default::default() });
            let mut total = Decimal::ZERO;
            for (line, order) in report.lines.iter().zip(&orders) {
                let afflink::commission::ReportLine::Estimated(e) = line else { continue };
                let card = RateCard::default_for(e.program);
                let max_rate = card.highest_rate() + card.highest_incentive();
                let bound = round_to_cent(e.amount * max_rate / Decimal::ONE_HUNDRED);
                prop_assert!(e.commission >= Decimal::ZERO, "{}", order);
                prop_assert!(e.commission <= bound, "{} > {} for {}", e.commission, bound, order);
                prop_assert_eq!(e.commission, round_to_cent(e.commission));
                let lines: Decimal = e.breakdown.iter().map(|l| l.amount).sum();
                if e.qualifies {
                    prop_assert_eq!(lines, e.commission);
                } else {
                    prop_assert!(e.commission.is_zero() && !e.reasons.is_empty());
                }
                total += e.commission;
                if e.program == Program::Alibaba {
                    prop_assert!(e.period.is_none());
                }
            }
            prop_assert_eq!(report.summary.estimated, total);
            prop_assert_eq!(report.lines.len(), orders.len());
        }
    }

    #[test]
    fn estimation_never_panics_on_arbitrary_json(s in "\\PC{0,200}", v in any::<i64>()) {
        let orders = vec![
            serde_json::from_str(&s).unwrap_or(Value::String(s.clone())),
            json!({"program": "aliexpress", "orderId": v, "amount": v, "buyer": s, "status": s, "paidDate": s}),
            json!({"program": "alibaba", "orderId": s, "amount": s, "buyer": "new", "country": s, "status": "completed", "paidDate": "2024-02-29", "completedDate": s}),
        ];
        let report = estimate_commissions(&orders, &EstimateContext { incentive: IncentiveBasis::History, ..Default::default() });
        prop_assert_eq!(report.lines.len(), 3);
        let _ = RateCard::from_user_json(&s);
        let _ = EstimateContext::from_json(&serde_json::from_str(&s).unwrap_or(Value::Null));
    }
}
