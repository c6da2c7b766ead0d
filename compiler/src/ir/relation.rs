//! Relation endpoint strings: `app` or `app:endpoint`.

use super::Spanned;
use super::names::{is_application_name, is_endpoint_name};
use crate::source::{FileSpan, TextRange, to_u32};

/// A parsed relation endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// The application (or SAAS) name.
    pub application: String,
    /// The endpoint name, when written.
    pub name: Option<String>,
    /// Where the application part is written (the whole string when it cannot be split).
    pub application_span: FileSpan,
    /// Where the endpoint part is written.
    pub name_span: Option<FileSpan>,
}

impl Endpoint {
    /// Parses `app[:endpoint]`; `None` when it does not fit Juju's grammar.
    pub fn parse(written: &Spanned<String>, source_text: &str) -> Option<Self> {
        // Splitting by hand and matching each part is much cheaper than capturing groups,
        // and relations are parsed by several rules.
        let (application, name) = match written.value.split_once(':') {
            Some((app, endpoint)) => (app, Some(endpoint)),
            None => (written.value.as_str(), None),
        };
        if !is_application_name(application) || !name.is_none_or(is_endpoint_name) {
            return None;
        }
        let application = application.to_owned();
        let name = name.map(str::to_owned);
        let span = written.span;
        // Sub-spans are exact when the raw text holds the value verbatim (plain or quoted
        // without escapes); otherwise both parts point at the whole string.
        let raw = source_text.get(span.range.to_usize()).unwrap_or("");
        let offset = raw.find(written.value.as_str());
        let (application_span, name_span) = match offset {
            Some(offset) => {
                let start = span.range.start + to_u32(offset);
                let app_end = start + to_u32(application.len());
                let app_span = FileSpan::new(span.file, TextRange::new(start, app_end));
                let name_span = name.as_ref().map(|name| {
                    let name_start = app_end + 1;
                    FileSpan::new(
                        span.file,
                        TextRange::new(name_start, name_start + to_u32(name.len())),
                    )
                });
                (app_span, name_span)
            }
            None => (span, name.as_ref().map(|_| span)),
        };
        Some(Self { application, name, application_span, name_span })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn splits_quoted_endpoints_into_exact_spans() {
        let text = "- [\"vault:certificates\", keystone]";
        let start = to_u32(text.find('"').unwrap());
        let span = FileSpan::new(FileId(0), TextRange::new(start, start + 20));
        let written = Spanned::new("vault:certificates".to_owned(), span);
        let endpoint = Endpoint::parse(&written, text).unwrap();
        assert_eq!(&text[endpoint.application_span.range.to_usize()], "vault");
        assert_eq!(&text[endpoint.name_span.unwrap().range.to_usize()], "certificates");
    }

    #[test]
    fn rejects_bad_syntax() {
        let span = FileSpan::new(FileId(0), TextRange::new(0, 0));
        for bad in ["Vault:certs", "vault:", "a:b:c", "vault certificates"] {
            assert!(Endpoint::parse(&Spanned::new(bad.to_owned(), span), "").is_none(), "{bad}");
        }
    }
}
