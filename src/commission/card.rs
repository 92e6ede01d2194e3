//! Rate cards: the commission rules of a program, held as data (`rates/*.json`).
//!
//! The schema (`afflink/rate-card/1`) is documented in `docs/COMMISSION.md`. Every figure
//! carries its `source`, its `asOf` (`null` when no source gives a date) and its `basis`.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::{Code, Error, Program};

/// The schema identifier of version 1 rate cards.
pub const RATE_CARD_SCHEMA: &str = "afflink/rate-card/1";

/// A decimal written as a string in JSON (`"8"`, `"3.25"`, `"400000"`, `"400,000"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec(pub Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        // As amounts are read: commas only between groups of three digits (`"400,000"`).
        super::fields::number_text(&s, false).map(Dec).map_err(|_| {
            serde::de::Error::custom(format!("{s:?} is not a decimal number written as a string"))
        })
    }
}

impl Serialize for Dec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.normalize().to_string())
    }
}

/// Where a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// The program's own text says it applies to every publisher.
    Documented,
    /// Read from a worked example.
    Example,
    /// A third party's public listing.
    Listing,
    /// afflink's own reading.
    Assumption,
    /// Given by the user (the default for figures of a user's card).
    #[default]
    User,
}

impl Basis {
    /// The string form (`documented`, `example`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Documented => "documented",
            Basis::Example => "example",
            Basis::Listing => "listing",
            Basis::Assumption => "assumption",
            Basis::User => "user",
        }
    }

    /// Whether an estimate that uses the figure must list it in `assumptions`.
    pub fn is_assumption(self) -> bool {
        !matches!(self, Basis::Documented | Basis::User)
    }
}

/// Which line of the breakdown a rate belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Part {
    /// The standard or category rate.
    Base,
    /// A new-buyer rate (replaces the base rate).
    NewBuyer,
    /// A performance incentive added on top.
    Incentive,
    /// A reduction to the per-order cap.
    Cap,
}

/// `new` or `returning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Buyer {
    /// A buyer's first order with the program.
    New,
    /// Any later order.
    Returning,
}

/// The conditions of a rule; an empty condition matches every order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct When {
    /// Matches only this kind of buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
    /// Matches only these categories (case-insensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Matches only these buyer countries (ISO alpha-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
}

/// How amount tiers apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TierMode {
    /// Each slice of the amount earns its own tier's rate (like tax brackets).
    Marginal,
    /// The whole amount earns the rate of the tier it falls in.
    Flat,
}

/// One tier: the rate up to (and including) `upTo`; `null` for the last, open tier.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tier {
    /// The upper bound of the tier, or `null` for the last.
    pub up_to: Option<Dec>,
    /// The rate in percent.
    pub percent: Dec,
}

/// A rate that depends on the order amount.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tiers {
    /// Marginal or flat-on-all.
    pub mode: TierMode,
    /// The tiers in increasing order of `upTo`; the last has `upTo: null`.
    pub steps: Vec<Tier>,
}

/// A rate rule: the first rule whose `when` matches an order gives its rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rule {
    /// A label for the breakdown.
    pub label: String,
    /// `base` or `newBuyer`.
    pub part: Part,
    /// The conditions.
    #[serde(default)]
    pub when: When,
    /// A flat rate in percent (or give `tiers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Dec>,
    /// Rates by order amount (instead of `percent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Tiers>,
    /// Where the figure comes from.
    pub source: String,
    /// When the figure was true (`null` when no source gives a date).
    #[serde(default)]
    pub as_of: Option<String>,
    /// What kind of source it is.
    #[serde(default)]
    pub basis: Basis,
}

/// One step of an incentive ladder keyed on the previous period's sales.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncentiveStep {
    /// The previous period's sales needed (inclusive).
    pub min_sales: Dec,
    /// The bonus in percentage points, added to every order of the next period.
    pub bonus_percent: Dec,
    /// Where the figure comes from.
    pub source: String,
    /// When the figure was true (`null` when no source gives a date).
    #[serde(default)]
    pub as_of: Option<String>,
    /// What kind of source it is.
    #[serde(default)]
    pub basis: Basis,
}

/// A performance incentive: the highest step reached applies.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Incentive {
    /// A label for the breakdown.
    pub label: String,
    /// The steps.
    pub steps: Vec<IncentiveStep>,
}

/// A figure with its provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Figure<T> {
    /// The figure.
    pub value: T,
    /// Where it comes from.
    pub source: String,
    /// When it was true (`null` when no source gives a date).
    #[serde(default)]
    pub as_of: Option<String>,
    /// What kind of source it is.
    #[serde(default)]
    pub basis: Basis,
    /// Anything a reader should know (e.g. where the sources disagree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A per-order commission cap.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cap {
    /// The most one order can earn.
    pub max_commission: Dec,
    /// Where it comes from.
    pub source: String,
    /// When it was true (`null` when no source gives a date).
    #[serde(default)]
    pub as_of: Option<String>,
    /// What kind of source it is.
    #[serde(default)]
    pub basis: Basis,
    /// Anything a reader should know (e.g. where the sources disagree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The calculation period: monthly, from `startDay` to the day before it next month.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Period {
    /// The first day of each period (1 to 28).
    pub start_day: u8,
    /// Where it comes from.
    pub source: String,
    /// When it was true (`null` when no source gives a date).
    #[serde(default)]
    pub as_of: Option<String>,
    /// What kind of source it is.
    #[serde(default)]
    pub basis: Basis,
    /// Anything a reader should know (e.g. where the sources disagree).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The rules an order must pass to earn anything. Absent rules are not checked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Qualification {
    /// Only completed orders earn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_completed: Option<Figure<bool>>,
    /// The most days from paid to completed (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days_paid_to_completed: Option<Figure<u32>>,
    /// The order amount must be below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_below: Option<Figure<Dec>>,
    /// Orders flagged as spam earn nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spam_disqualifies: Option<Figure<bool>>,
    /// Buyer countries that earn nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_countries: Option<Figure<Vec<String>>>,
    /// Product categories that earn nothing (matched like rule categories).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded_categories: Option<Figure<Vec<String>>>,
    /// The most days from click to payment (inclusive), when a click date is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub click_window_days: Option<Figure<u32>>,
}

/// Withdrawal terms.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Payout {
    /// The balance must exceed this to withdraw.
    pub minimum_balance: Figure<Dec>,
    /// The fee per withdrawal.
    pub withdrawal_fee: Figure<Dec>,
}

/// A program's rate card.
///
/// Read one with [`RateCard::from_json_str`], [`RateCard::from_user_json`] or
/// [`RateCard::named`], which check it. A card deserialised with serde directly, or whose
/// fields were changed, is checked again by each estimate that uses it: a rate outside
/// 0-100 % (and anything else those functions refuse) makes the estimate
/// `invalid_rate_card`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateCard {
    /// Always `afflink/rate-card/1`.
    pub schema: String,
    /// The program.
    pub program: Program,
    /// Always `USD`.
    pub currency: String,
    /// The card's short name (`aliexpress-documented`, `alibaba-listing`, …), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A name for the card.
    pub name: String,
    /// Where the card's figures come from.
    pub source: String,
    /// When they were true (`null` when no source gives a date); an order paid more than
    /// two years later gets a `stale_rate_card` warning.
    #[serde(default)]
    pub as_of: Option<String>,
    /// Anything a reader should know.
    #[serde(default)]
    pub note: String,
    /// The calculation period, if the program has one.
    pub period: Option<Period>,
    /// The categories the card knows.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Other ways publishers and reports write a category: full names such as
    /// `Tablets (Computer & Office)` and paths such as `Computer & Office > Tablets`.
    /// Matching is also case and plural insensitive, and a path matches by its last part.
    #[serde(default)]
    /// (A JSON object of string lists, checked when the card is read.)
    pub category_aliases: serde_json::Map<String, serde_json::Value>,
    /// Refuse orders whose category is not in `categories`.
    #[serde(default)]
    pub require_known_category: bool,
    /// The rate rules, first match wins.
    pub rules: Vec<Rule>,
    /// The performance incentive, if any.
    pub incentive: Option<Incentive>,
    /// A per-order cap, if any.
    pub cap: Option<Cap>,
    /// The qualification rules.
    #[serde(default)]
    pub qualification: Qualification,
    /// Withdrawal terms.
    pub payout: Payout,
}

fn invalid(why: impl std::fmt::Display) -> Error {
    Error::new(
        Code::InvalidRateCard,
        format!("The rate card cannot be used: {why}."),
    )
}

/// RFC 7396 JSON merge patch: objects merge key by key, `null` removes, anything else
/// replaces; an object patched over a non-object starts from an empty object (so a `null`
/// inside it removes nothing and is not kept).
fn merge(base: &mut serde_json::Value, patch: &serde_json::Value) {
    let serde_json::Value::Object(p) = patch else {
        *base = patch.clone();
        return;
    };
    if !base.is_object() {
        *base = serde_json::Value::Object(serde_json::Map::new());
    }
    if let serde_json::Value::Object(b) = base {
        for (k, v) in p {
            if v.is_null() {
                b.remove(k);
            } else {
                merge(b.entry(k.clone()).or_insert(serde_json::Value::Null), v);
            }
        }
    }
}

/// Gives every figure object of a user's card that has no `basis` the basis `user` (and an
/// `asOf` of `null` when it has none), so that merging over a shipped card never lends the
/// user's figure the shipped figure's label.
fn mark_user_figures(card: &mut serde_json::Value) {
    use serde_json::Value;
    fn mark(v: &mut Value) {
        if let Value::Object(o) = v {
            o.entry("basis").or_insert(Value::from("user"));
            o.entry("asOf").or_insert(Value::Null);
        }
    }
    let Some(o) = card.as_object_mut() else {
        return;
    };
    for key in ["rules"] {
        if let Some(Value::Array(rules)) = o.get_mut(key) {
            rules.iter_mut().for_each(mark);
        }
    }
    if let Some(Value::Array(steps)) = o.get_mut("incentive").and_then(|i| i.get_mut("steps")) {
        steps.iter_mut().for_each(mark);
    }
    for key in ["qualification", "payout"] {
        if let Some(Value::Object(figures)) = o.get_mut(key) {
            figures.values_mut().for_each(mark);
        }
    }
    for key in ["period", "cap"] {
        if let Some(v) = o.get_mut(key) {
            mark(v);
        }
    }
}

impl RateCard {
    /// Reads a whole card.
    ///
    /// # Errors
    ///
    /// `invalid_rate_card`, naming what is wrong.
    pub fn from_json_str(json: &str) -> Result<RateCard, Error> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(invalid)?;
        Self::from_value(value)
    }

    /// `patch` merged over `base` as RFC 7396 (JSON merge patch) says: what
    /// [`from_user_json`](Self::from_user_json) does to a user's card over the default card.
    /// Any JSON values; the result is not checked as a card.
    ///
    /// ```
    /// use serde_json::json;
    /// let merged = afflink::RateCard::merge_patch(&json!({"a": "b", "c": {"d": 1}}), &json!({"a": null, "c": {"e": 2}}));
    /// assert_eq!(merged, json!({"c": {"d": 1, "e": 2}}));
    /// ```
    pub fn merge_patch(base: &serde_json::Value, patch: &serde_json::Value) -> serde_json::Value {
        let mut out = base.clone();
        merge(&mut out, patch);
        out
    }

    /// Reads a user's card, whole or partial: it is merged (JSON merge patch, RFC 7396) over
    /// the default card of its `program`, so `{"program": "alibaba", "rules": [...]}`
    /// replaces only the rules.
    ///
    /// # Errors
    ///
    /// `invalid_rate_card` when it is not JSON, names no known program, or the result is not
    /// a valid card.
    pub fn from_user_json(json: &str) -> Result<RateCard, Error> {
        let patch: serde_json::Value = serde_json::from_str(json).map_err(invalid)?;
        let program = match patch.get("program").and_then(|p| p.as_str()) {
            Some("aliexpress") => Program::AliExpress,
            Some("alibaba") => Program::Alibaba,
            _ => return Err(invalid("\"program\" must be \"aliexpress\" or \"alibaba\"")),
        };
        let mut patch = patch;
        mark_user_figures(&mut patch);
        let mut base: serde_json::Value =
            serde_json::from_str(Self::default_json(program)).map_err(invalid)?;
        // A user's card is not the shipped card, even where it keeps most of it.
        if let Some(o) = base.as_object_mut() {
            o.remove("id");
        }
        merge(&mut base, &patch);
        Self::from_value(base)
    }

    fn from_value(value: serde_json::Value) -> Result<RateCard, Error> {
        let card: RateCard = serde_json::from_value(value).map_err(invalid)?;
        card.check()?;
        Ok(card)
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.schema != RATE_CARD_SCHEMA {
            return Err(invalid(format!("\"schema\" must be {RATE_CARD_SCHEMA:?}")));
        }
        if self.currency != "USD" {
            return Err(invalid("\"currency\" must be \"USD\""));
        }
        let hundred = Decimal::ONE_HUNDRED;
        let rate_ok = |d: &Dec| d.0 >= Decimal::ZERO && d.0 <= hundred;
        for rule in &self.rules {
            match (&rule.percent, &rule.tiers) {
                (Some(p), None) if rate_ok(p) => {}
                (None, Some(t)) => {
                    let bounded = t
                        .steps
                        .iter()
                        .take(t.steps.len().saturating_sub(1))
                        .all(|s| s.up_to.is_some());
                    let increasing = t.steps.windows(2).all(|w| {
                        matches!((w[0].up_to, w[1].up_to), (Some(a), Some(b)) if a < b)
                            || w[1].up_to.is_none()
                    });
                    let last_open = t.steps.last().is_some_and(|s| s.up_to.is_none());
                    if !(bounded
                        && increasing
                        && last_open
                        && t.steps.iter().all(|s| rate_ok(&s.percent)))
                    {
                        return Err(invalid(format!(
                            "the tiers of {:?} must rise, end with upTo null, and be 0-100%",
                            rule.label
                        )));
                    }
                }
                _ => {
                    return Err(invalid(format!(
                        "rule {:?} needs exactly one of percent (0-100) or tiers",
                        rule.label
                    )))
                }
            }
            if !matches!(rule.part, Part::Base | Part::NewBuyer) {
                return Err(invalid(format!(
                    "rule {:?}: part must be base or newBuyer",
                    rule.label
                )));
            }
        }
        if let Some(i) = &self.incentive {
            if i.steps
                .iter()
                .any(|s| !rate_ok(&s.bonus_percent) || s.min_sales.0 < Decimal::ZERO)
            {
                return Err(invalid(
                    "incentive steps need minSales >= 0 and bonusPercent 0-100",
                ));
            }
        }
        let lists = self.category_aliases.values().all(|v| {
            v.as_array()
                .is_some_and(|a| a.iter().all(serde_json::Value::is_string))
        });
        if !lists {
            return Err(invalid(
                "categoryAliases must map each category to a list of strings",
            ));
        }
        if let Some(p) = &self.period {
            if !(1..=28).contains(&p.start_day) {
                return Err(invalid("period.startDay must be 1 to 28"));
            }
        }
        if self
            .cap
            .as_ref()
            .is_some_and(|c| c.max_commission.0 < Decimal::ZERO)
        {
            return Err(invalid("cap.maxCommission must not be negative"));
        }
        Ok(())
    }

    /// The highest rate any rule gives, in percent (for bounds).
    pub fn highest_rate(&self) -> Decimal {
        self.rules
            .iter()
            .flat_map(|r| {
                r.percent.iter().map(|p| p.0).chain(
                    r.tiers
                        .iter()
                        .flat_map(|t| t.steps.iter().map(|s| s.percent.0)),
                )
            })
            .max()
            .unwrap_or(Decimal::ZERO)
    }

    /// The highest incentive bonus, in percentage points.
    pub fn highest_incentive(&self) -> Decimal {
        self.incentive
            .iter()
            .flat_map(|i| i.steps.iter().map(|s| s.bonus_percent.0))
            .max()
            .unwrap_or(Decimal::ZERO)
    }
}

impl FromStr for Buyer {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s.trim().to_ascii_lowercase().as_str() {
            "new" => Ok(Buyer::New),
            "returning" => Ok(Buyer::Returning),
            _ => Err(()),
        }
    }
}
