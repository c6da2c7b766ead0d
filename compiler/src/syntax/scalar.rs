//! How a plain YAML scalar resolves to a typed value, following YAML 1.1 as Juju's parser does.

/// The type a scalar resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// `~`, `null`, or nothing.
    Null,
    /// `true`, `yes`, `on`, `y` and their negations, in the cases YAML 1.1 lists.
    Bool(bool),
    /// A decimal, octal (`0o17`, `017`), hexadecimal or binary integer.
    Int(i64),
    /// A float, including `.inf` and `.nan`.
    Float(f64),
    /// Anything else, and every quoted or block scalar.
    Str,
}

const NULLS: &[&str] = &["", "~", "null", "Null", "NULL"];
const TRUES: &[&str] = &["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"];
const FALSES: &[&str] =
    &["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"];

/// Resolves the text of a plain scalar.
pub fn resolve_plain(text: &str) -> Resolved {
    if NULLS.contains(&text) {
        return Resolved::Null;
    }
    if TRUES.contains(&text) {
        return Resolved::Bool(true);
    }
    if FALSES.contains(&text) {
        return Resolved::Bool(false);
    }
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Resolved::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Resolved::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Resolved::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b'x');
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Resolved::Str;
    }
    let plain: String = text.chars().filter(|ch| *ch != '_').collect();
    if let Some(value) = parse_int(&plain) {
        return Resolved::Int(value);
    }
    if is_float(&plain)
        && let Ok(value) = plain.parse::<f64>()
    {
        return Resolved::Float(value);
    }
    Resolved::Str
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return None;
    }
    let (radix, body) = if let Some(rest) = digits.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = digits.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = digits.strip_prefix("0b") {
        (2, rest)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if body.is_empty() || !body.chars().all(|ch| ch.is_digit(radix)) {
        return None;
    }
    let magnitude = i64::from_str_radix(body, radix).ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The float shape YAML 1.1 accepts: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
fn is_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut idx = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        idx += 1;
    }
    let int_start = idx;
    while bytes.get(idx).is_some_and(u8::is_ascii_digit) {
        idx += 1;
    }
    let int_digits = idx - int_start;
    if bytes.get(idx) == Some(&b'.') {
        idx += 1;
        let frac_start = idx;
        while bytes.get(idx).is_some_and(u8::is_ascii_digit) {
            idx += 1;
        }
        if int_digits == 0 && idx == frac_start {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if matches!(bytes.get(idx), Some(b'e' | b'E')) {
        idx += 1;
        if matches!(bytes.get(idx), Some(b'-' | b'+')) {
            idx += 1;
        }
        let exp_start = idx;
        while bytes.get(idx).is_some_and(u8::is_ascii_digit) {
            idx += 1;
        }
        if idx == exp_start {
            return false;
        }
    }
    idx == bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_yaml_1_1_surprises() {
        assert_eq!(resolve_plain("yes"), Resolved::Bool(true));
        assert_eq!(resolve_plain("Off"), Resolved::Bool(false));
        assert_eq!(resolve_plain("1.10"), Resolved::Float(1.1));
        assert_eq!(resolve_plain("0755"), Resolved::Int(0o755));
        assert_eq!(resolve_plain("0x1F"), Resolved::Int(31));
        assert_eq!(resolve_plain("8_192"), Resolved::Int(8192));
        // Not octal, so Go falls through to a float, as Juju does.
        assert_eq!(resolve_plain("09"), Resolved::Float(9.0));
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain(""), Resolved::Null);
    }

    #[test]
    fn keeps_strings_that_only_look_numeric() {
        assert_eq!(resolve_plain("10.12.4.50"), Resolved::Str);
        assert_eq!(resolve_plain("None"), Resolved::Str);
        assert_eq!(resolve_plain("8 GB"), Resolved::Str);
        assert_eq!(resolve_plain("2024.1/stable"), Resolved::Str);
        assert_eq!(resolve_plain("-"), Resolved::Str);
        assert_eq!(resolve_plain("."), Resolved::Str);
    }
}
