//! The shared runner for `tests/cases/convert.json` (link conversion, the script-tag
//! widget): native and wasm tests give it their way of converting.

use serde_json::Value;

/// The case file, compiled in so the wasm tests need no file system.
pub const CONVERT_CASES: &str = include_str!("../cases/convert.json");

pub fn file() -> Value {
    serde_json::from_str(CONVERT_CASES).expect("convert.json is JSON")
}

/// `(name, value)` pairs of a settings object, in file order.
pub fn settings_of(settings: &Value) -> Vec<(String, String)> {
    settings
        .as_object()
        .expect("settings are an object")
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().expect("setting values are text").to_owned(),
            )
        })
        .collect()
}

/// What a converter reports for a set of settings.
pub struct Checked {
    /// The refusal's code, when the settings are refused.
    pub error: Option<String>,
    pub warnings: Vec<String>,
    pub enabled: bool,
    pub disclosure: String,
}

/// Converts a scenario's hrefs with `convert` and records each difference from its expected
/// links or codes in `failures`; returns the number of links.
fn check_scenario(
    scenario: &Value,
    convert: impl FnOnce(&[&str]) -> Vec<Result<String, String>>,
    failures: &mut Vec<String>,
) -> usize {
    let links = scenario["links"].as_array().expect("links");
    let hrefs: Vec<&str> = links
        .iter()
        .map(|l| l["href"].as_str().expect("href"))
        .collect();
    let got = convert(&hrefs);
    assert_eq!(got.len(), hrefs.len(), "one result per href");
    for (case, got) in links.iter().zip(got) {
        let want = match (case["link"].as_str(), case["code"].as_str()) {
            (Some(link), None) => Ok(link.to_owned()),
            (None, Some(code)) => Err(code.to_owned()),
            _ => panic!("a link case has exactly one of link and code: {case}"),
        };
        if got != want {
            failures.push(format!(
                "{}: {}: expected {want:?}, got {got:?}",
                scenario["name"], case["href"]
            ));
        }
    }
    links.len()
}

/// Runs the platform scenarios (Alibaba.com's template per platform): `convert` converts the
/// hrefs with the settings for a visitor on the platform (`pc`, `wap`, `app`). Panics listing
/// every failure; returns the number of links checked.
pub fn run_platforms(
    mut convert: impl FnMut(&[(String, String)], &str, &[&str]) -> Vec<Result<String, String>>,
) -> usize {
    let file = file();
    let mut failures = Vec::new();
    let mut n = 0;
    for scenario in file["platformScenarios"]
        .as_array()
        .expect("platformScenarios")
    {
        let settings = settings_of(&scenario["settings"]);
        let platform = scenario["platform"].as_str().expect("platform");
        n += check_scenario(
            scenario,
            |hrefs| convert(&settings, platform, hrefs),
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "{} platform cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    n
}

/// Runs every scenario and settings case. `check` checks settings; `convert` converts the
/// hrefs of a scenario (in order) with its settings and returns, per href, `Ok(link)` or
/// `Err(code)`. Panics listing every failure; returns the number of cases run.
pub fn run_all(
    mut check: impl FnMut(&[(String, String)]) -> Checked,
    mut convert: impl FnMut(&[(String, String)], &[&str]) -> Vec<Result<String, String>>,
) -> usize {
    let file = file();
    let mut failures = Vec::new();
    let mut n = 0;
    for scenario in file["scenarios"].as_array().expect("scenarios") {
        let settings = settings_of(&scenario["settings"]);
        n += check_scenario(scenario, |hrefs| convert(&settings, hrefs), &mut failures);
    }
    for case in file["settingsCases"].as_array().expect("settingsCases") {
        n += 1;
        let settings = settings_of(&case["settings"]);
        let got = check(&settings);
        let mut problems = Vec::new();
        match case["code"].as_str() {
            Some(code) if got.error.as_deref() != Some(code) => {
                problems.push(format!("error expected {code}, got {:?}", got.error));
            }
            None if got.error.is_some() => {
                problems.push(format!("unexpected error {:?}", got.error));
            }
            _ => {}
        }
        if let Some(warnings) = case["warnings"].as_array() {
            let want: Vec<&str> = warnings.iter().filter_map(Value::as_str).collect();
            if got.warnings != want {
                problems.push(format!(
                    "warnings expected {want:?}, got {:?}",
                    got.warnings
                ));
            }
        }
        if let Some(enabled) = case["enabled"].as_bool() {
            if got.enabled != enabled {
                problems.push(format!("enabled expected {enabled}"));
            }
        }
        if let Some(text) = case["disclosure"].as_str() {
            if got.disclosure != text {
                problems.push(format!("disclosure {:?}", got.disclosure));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "settings {}: {}",
                case["settings"],
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} conversion cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    n
}
