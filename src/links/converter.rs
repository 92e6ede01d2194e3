//! Converting a page's links: what the script-tag widget does to every `<a href>`.
//!
//! The settings are the script tag's data attributes without `data-` (`aff-short-key`,
//! `af`, `cn`, `cv`, `dp`, `alibaba-template`, `alibaba-template-wap`,
//! `alibaba-template-app`, `pid`, `tp1`..`tp5`, `disclosure`, `convert`).
//! [`LinkConverter::new`] checks them all once; [`LinkConverter::convert`] then turns a
//! product page URL into the publisher's tracked link, and leaves everything else (pages,
//! short links, affiliate links, product URLs with someone's tracking, the other program when
//! it has no settings) as it is, saying why.
//!
//! Alibaba.com gives a publisher a link template per platform: PC (`alibaba-template`,
//! required for Alibaba.com), mobile web (`alibaba-template-wap`) and apps
//! (`alibaba-template-app`). [`LinkConverter::convert_for`] uses the platform's template when
//! it is set, the PC one otherwise; AliExpress deep links are the same on every platform.

use super::deep_links::{
    alibaba_link_to, check_key, deep_link_with_suffix, target_of, tracking_suffix, AlibabaTemplate,
};
use super::params::tracking_param_names;
use super::tracking::validate_params;
use crate::{classify, Code, Error, Kind, Program};

/// Every setting name, in documentation order.
pub const SETTING_NAMES: &[&str] = &[
    "aff-short-key",
    "af",
    "cn",
    "cv",
    "dp",
    "alibaba-template",
    "alibaba-template-wap",
    "alibaba-template-app",
    "pid",
    "tp1",
    "tp2",
    "tp3",
    "tp4",
    "tp5",
    "disclosure",
    "convert",
];

/// Where a visitor follows a link: Alibaba.com gives each platform its own link template.
///
/// The script tag uses [`Platform::Wap`] for visitors on a mobile browser and [`Platform::Pc`]
/// otherwise; [`Platform::App`] is for links shared inside apps, never chosen by the script
/// tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Platform {
    /// A desktop browser (`alibaba-template`).
    #[default]
    Pc,
    /// A mobile browser (`alibaba-template-wap`).
    Wap,
    /// Inside an app (`alibaba-template-app`).
    App,
}

impl Platform {
    /// `pc`, `wap` or `app`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Platform::Pc => "pc",
            Platform::Wap => "wap",
            Platform::App => "app",
        }
    }

    /// The platform named `pc`, `wap` or `app` (ASCII case-insensitive).
    ///
    /// # Errors
    ///
    /// `invalid_argument` for any other name.
    pub fn parse(name: &str) -> Result<Platform, Error> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pc" => Ok(Platform::Pc),
            "wap" => Ok(Platform::Wap),
            "app" => Ok(Platform::App),
            _ => Err(Error::new(
                Code::InvalidArgument,
                format!("platform: \"{name}\" is not a platform; use pc, wap or app."),
            )),
        }
    }
}

/// The longest disclosure text, in characters.
pub const MAX_DISCLOSURE_CHARS: usize = 200;

/// Checked link-conversion settings.
///
/// ```
/// use afflink::LinkConverter;
/// let converter = LinkConverter::new(&[("aff-short-key", "_dT5B1bR"), ("af", "myblog")]).unwrap();
/// assert_eq!(
///     converter.convert("https://fr.aliexpress.com/item/1005006123456789.html?spm=x").unwrap(),
///     "https://s.click.aliexpress.com/deep_link.htm?aff_short_key=_dT5B1bR\
///      &dl_target_url=https%3A%2F%2Fwww.aliexpress.com%2Fitem%2F1005006123456789.html&af=myblog"
/// );
/// let left = converter.convert("https://www.aliexpress.com/wholesale?SearchText=x").unwrap_err();
/// assert_eq!(left.code().as_str(), "not_a_product_page");
/// ```
#[derive(Debug, Clone)]
pub struct LinkConverter {
    /// The key and the tracking strings, ready to append (`&af=…&cn=…`).
    aliexpress: Option<(String, String)>,
    alibaba: Option<(AlibabaTemplate, Vec<(&'static str, String)>)>,
    /// The Alibaba.com templates for mobile web and apps, when set.
    alibaba_wap: Option<AlibabaTemplate>,
    alibaba_app: Option<AlibabaTemplate>,
    /// The platform [`convert`](Self::convert) converts for.
    platform: Platform,
    disclosure: Option<String>,
    enabled: bool,
    warnings: Vec<Error>,
}

/// A refused setting: the sentence first, then the attribute it is about
/// (`… (setting data-cv).`), as the core's field errors name their field.
fn invalid(name: &str, why: &str) -> Error {
    let why = why.strip_suffix('.').unwrap_or(why);
    Error::new(
        Code::InvalidSetting,
        format!("{why} (setting data-{name})."),
    )
}

/// The closest known name, for "did you mean".
fn suggestion(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    let squashed: String = lower.chars().filter(|c| *c != '-').collect();
    SETTING_NAMES
        .iter()
        .copied()
        .find(|known| {
            let known_squashed: String = known.chars().filter(|c| *c != '-').collect();
            *known == lower || known_squashed == squashed
        })
        .or_else(|| {
            SETTING_NAMES
                .iter()
                .copied()
                .filter(|known| known.len() > 3)
                .find(|known| lower.contains(known) || known.contains(lower.as_str()))
        })
}

/// Owned, validated tracking parameters of a program, in the program's order.
fn params_of(
    program: Program,
    names: &[&'static str],
    settings: &[(&str, &str)],
) -> Result<Vec<(&'static str, String)>, Error> {
    let mut out = Vec::new();
    for &name in names {
        let Some(&(_, value)) = settings.iter().find(|(k, _)| *k == name) else {
            continue;
        };
        // One at a time, so that the error names the attribute.
        if !validate_params(program, &[(name, value)])
            .map_err(|e| invalid(name, e.message()))?
            .is_empty()
        {
            out.push((name, value.to_owned()));
        }
    }
    Ok(out)
}

impl LinkConverter {
    /// Checks the settings: `(name, value)` pairs, names without `data-`. Empty values
    /// count as absent. Unknown names do not fail: they become [`warnings`](Self::warnings)
    /// (`unknown_setting`, with the closest known name), as do tracking strings given for a
    /// program without its key or template.
    ///
    /// # Errors
    ///
    /// `invalid_setting` (the message names the attribute: a bad `aff-short-key`, template,
    /// tracking value, disclosure, a `convert` other than `on`/`off`, a name given twice);
    /// `no_program_settings` when conversion is on but neither `aff-short-key` nor
    /// `alibaba-template` is set.
    pub fn new(settings: &[(&str, &str)]) -> Result<LinkConverter, Error> {
        let mut warnings = Vec::new();
        for (i, &(name, _)) in settings.iter().enumerate() {
            if settings[..i].iter().any(|(n, _)| *n == name) {
                return Err(invalid(name, "This setting is given more than once."));
            }
            if !SETTING_NAMES.contains(&name) {
                let hint =
                    suggestion(name).map_or(String::new(), |s| format!(" Did you mean data-{s}?"));
                warnings.push(Error::new(
                    Code::UnknownSetting,
                    format!("data-{name} is not an afflink setting; it is ignored.{hint}"),
                ));
            }
        }
        let get = |name: &str| {
            settings
                .iter()
                .find(|(n, v)| *n == name && !v.trim().is_empty())
                .map(|&(_, v)| v.trim())
        };
        let enabled = match get("convert") {
            None | Some("on") => true,
            Some("off") => false,
            Some(_) => return Err(invalid("convert", "The value must be \"on\" or \"off\".")),
        };
        let disclosure = match get("disclosure") {
            Some(text) if text.chars().count() > MAX_DISCLOSURE_CHARS => {
                return Err(invalid(
                    "disclosure",
                    &format!(
                        "The disclosure text is longer than {MAX_DISCLOSURE_CHARS} characters."
                    ),
                ))
            }
            Some(text) if text.chars().any(char::is_control) => {
                return Err(invalid(
                    "disclosure",
                    "The disclosure text contains control characters.",
                ))
            }
            other => other.map(str::to_owned),
        };
        let present: Vec<(&str, &str)> = settings
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .copied()
            .collect();
        let aliexpress = match get("aff-short-key") {
            Some(key) => {
                check_key(key).map_err(|e| invalid("aff-short-key", e.message()))?;
                let params = params_of(
                    Program::AliExpress,
                    tracking_param_names(Program::AliExpress),
                    &present,
                )?;
                Some((key.to_owned(), tracking_suffix(&borrowed(&params))))
            }
            None => None,
        };
        let alibaba = match get("alibaba-template") {
            Some(t) => {
                let template = AlibabaTemplate::parse(t)
                    .map_err(|e| invalid("alibaba-template", e.message()))?;
                let params = params_of(
                    Program::Alibaba,
                    tracking_param_names(Program::Alibaba),
                    &present,
                )?;
                Some((template, params))
            }
            None => None,
        };
        let mut platform_template = |name: &str| -> Result<Option<AlibabaTemplate>, Error> {
            let Some(t) = get(name) else { return Ok(None) };
            if alibaba.is_none() {
                warnings.push(Error::new(
                    Code::InvalidSetting,
                    format!(
                        "data-{name} is set but data-alibaba-template is not, so it is not used."
                    ),
                ));
                return Ok(None);
            }
            AlibabaTemplate::parse(t)
                .map(Some)
                .map_err(|e| invalid(name, e.message()))
        };
        let alibaba_wap = platform_template("alibaba-template-wap")?;
        let alibaba_app = platform_template("alibaba-template-app")?;
        for (program_names, needs, has) in [
            (
                tracking_param_names(Program::AliExpress),
                "aff-short-key",
                aliexpress.is_some(),
            ),
            (
                tracking_param_names(Program::Alibaba),
                "alibaba-template",
                alibaba.is_some(),
            ),
        ] {
            if has {
                continue;
            }
            for &name in program_names {
                if get(name).is_some() {
                    warnings.push(Error::new(
                        Code::InvalidSetting,
                        format!("data-{name} is set but data-{needs} is not, so it is not used."),
                    ));
                }
            }
        }
        if enabled && aliexpress.is_none() && alibaba.is_none() {
            return Err(Error::from_code(Code::NoProgramSettings));
        }
        Ok(LinkConverter {
            aliexpress,
            alibaba,
            alibaba_wap,
            alibaba_app,
            platform: Platform::Pc,
            disclosure,
            enabled,
            warnings,
        })
    }

    /// What was wrong but did not stop conversion (`unknown_setting`, `invalid_setting`).
    pub fn warnings(&self) -> &[Error] {
        &self.warnings
    }

    /// Whether links are converted (`convert` is not `off`).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// The disclosure text to show after converted links, if any.
    pub fn disclosure(&self) -> Option<&str> {
        self.disclosure.as_deref()
    }

    /// Which programs have settings.
    pub fn programs(&self) -> Vec<Program> {
        let mut out = Vec::new();
        if self.aliexpress.is_some() {
            out.push(Program::AliExpress);
        }
        if self.alibaba.is_some() {
            out.push(Program::Alibaba);
        }
        out
    }

    /// The tracked link for a link's address.
    ///
    /// # Errors
    ///
    /// Why the link stays as it is: the classifier's reason (`not_a_product_page`,
    /// `already_affiliate_link`, `needs_resolving`, `unknown_host`, …), `already_tracked`
    /// (someone's affiliate parameters on the product URL), `program_not_configured`, or
    /// `too_long` when the tracked link would exceed the URL limit.
    pub fn convert(&self, href: &str) -> Result<String, Error> {
        self.convert_for(href, self.platform)
    }

    /// The same settings, converting for `platform` in [`convert`](Self::convert) (the PC
    /// platform unless set): `afflink rewrite --platform wap` converts files for mobile web.
    #[must_use]
    pub fn with_platform(mut self, platform: Platform) -> LinkConverter {
        self.platform = platform;
        self
    }

    /// The tracked link for a link's address, for a visitor on `platform`: an Alibaba.com
    /// product gets the platform's template when it is set, the PC template otherwise.
    ///
    /// ```
    /// use afflink::links::Platform;
    /// use afflink::LinkConverter;
    /// let converter = LinkConverter::new(&[
    ///     ("alibaba-template", "https://click.alibaba.com/rd/pc1?url={product_url}"),
    ///     ("alibaba-template-wap", "https://click.alibaba.com/rd/wap1?url={product_url}"),
    /// ])
    /// .unwrap();
    /// let href = "https://www.alibaba.com/product-detail/Shirt_1600123456789.html";
    /// assert!(converter.convert_for(href, Platform::Wap).unwrap().contains("/rd/wap1?"));
    /// assert!(converter.convert_for(href, Platform::Pc).unwrap().contains("/rd/pc1?"));
    /// // No app template: apps get the PC one.
    /// assert!(converter.convert_for(href, Platform::App).unwrap().contains("/rd/pc1?"));
    /// ```
    ///
    /// # Errors
    ///
    /// As [`convert`](Self::convert).
    pub fn convert_for(&self, href: &str, platform: Platform) -> Result<String, Error> {
        let c = classify(href);
        if c.kind != Kind::Product {
            return Err(c.reason.map_or_else(|| Code::NotAUrl.into(), Error::from));
        }
        match c.program {
            Some(Program::AliExpress) => {
                let Some((key, suffix)) = &self.aliexpress else {
                    return Err(Code::ProgramNotConfigured.into());
                };
                let target = target_of(Program::AliExpress, c)?;
                deep_link_with_suffix(key, &target, suffix)
            }
            Some(Program::Alibaba) => {
                let Some((pc, params)) = &self.alibaba else {
                    return Err(Code::ProgramNotConfigured.into());
                };
                let template = match platform {
                    Platform::Pc => pc,
                    Platform::Wap => self.alibaba_wap.as_ref().unwrap_or(pc),
                    Platform::App => self.alibaba_app.as_ref().unwrap_or(pc),
                };
                let target = target_of(Program::Alibaba, c)?;
                alibaba_link_to(template, &target, &borrowed(params))
            }
            None => Err(Code::NotAUrl.into()),
        }
    }
}

fn borrowed<'a>(params: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    params.iter().map(|(n, v)| (*n, v.as_str())).collect()
}
