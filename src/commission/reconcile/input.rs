//! `reconcileCommissions` in one call: the input object in, the reconciliation and the
//! suggested card out.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::{Map, Value};

use super::*;

/// A reconciliation with the card its observed rates suggest: what the JavaScript
/// `reconcileCommissions` returns, `{lines, summary, suggestedCard}`.
#[derive(Debug, Clone)]
pub struct ReconcileOutput {
    /// The reconciliation.
    pub reconciliation: Reconciliation,
    /// The card [`suggest_rate_card`] makes, if any order shows a rate.
    pub suggested_card: Option<Value>,
}

impl Serialize for ReconcileOutput {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ReconcileOutput", 3)?;
        st.serialize_field("lines", &self.reconciliation.lines)?;
        st.serialize_field("summary", &self.reconciliation.summary)?;
        st.serialize_field("suggestedCard", &self.suggested_card)?;
        st.end()
    }
}

fn input_text<'a>(input: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, Error> {
    match input.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Error::new(
            Code::InvalidField,
            format!("The field {field} must be a string, not {other}."),
        )),
    }
}

/// Reconciles from one JSON object: `{report, columns?, orders?}` (AliExpress order report
/// as CSV text; `columns` maps fields to headers) or `{postbackTemplate, postbackLog,
/// orders?}` (Alibaba.com postback calls as text), with `orders` an array of orders.
///
/// # Errors
///
/// `invalid_field` (missing or both sources, wrong types), then the errors of
/// [`read_order_report`] and [`read_postback_log`].
pub fn reconcile_input(input: &Value, ctx: &EstimateContext) -> Result<ReconcileOutput, Error> {
    let Some(o) = input.as_object() else {
        return Err(Error::new(
            Code::InvalidField,
            "The input must be an object: {report} or {postbackTemplate, postbackLog}.",
        ));
    };
    let report = input_text(o, "report")?;
    let template = input_text(o, "postbackTemplate")?;
    let log = input_text(o, "postbackLog")?;
    let reported = match (report, template, log) {
        (Some(report), None, None) => {
            let columns: Vec<(&str, &str)> = match o.get("columns") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Object(m)) => m
                    .iter()
                    .map(|(k, v)| match v {
                        Value::String(h) => Ok((k.as_str(), h.as_str())),
                        other => Err(Error::new(
                            Code::InvalidField,
                            format!("columns.{k}: must be a header name, not {other}."),
                        )),
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => {
                    return Err(Error::new(
                        Code::InvalidField,
                        format!("The columns must be an object {{field: header}}, not {other} (field \"columns\")."),
                    ))
                }
            };
            read_order_report(report, &columns)?
        }
        (None, Some(template), Some(log)) => read_postback_log(template, log)?,
        _ => {
            return Err(Error::new(
                Code::InvalidField,
                "Give report (the AliExpress order report as CSV text), or postbackTemplate with postbackLog (the Alibaba.com postback calls), not both.",
            ))
        }
    };
    let orders = match o.get("orders") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(a.as_slice()),
        Some(other) => {
            return Err(Error::new(
                Code::InvalidField,
                format!("Your orders must be an array of orders, not {other} (field \"orders\")."),
            ))
        }
    };
    Ok(ReconcileOutput {
        reconciliation: reconcile(&reported, orders, ctx),
        suggested_card: suggest_rate_card(&reported),
    })
}
