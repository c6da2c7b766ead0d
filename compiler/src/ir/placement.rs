//! The `to:` placement grammar: `[<container>:](<app>[/<unit>] | <machine> | new)`.

use super::names::{is_application_name, is_machine_id};

/// What a placement directive targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `new`: a new machine.
    New,
    /// A bundle machine id.
    Machine(String),
    /// `app`: the next unit of `app` that does not yet host one of ours.
    Application(String),
    /// `app/N`: the machine of unit N of `app`.
    Unit(String, u32),
}

/// A parsed placement directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The container type (`lxd`, `kvm`), if the unit goes into a new container.
    pub container: Option<String>,
    /// Where.
    pub target: Target,
}

impl Placement {
    /// Parses a directive as Juju does; `None` when it does not fit the grammar.
    pub fn parse(text: &str) -> Option<Self> {
        // Juju's grammar, `^(?:(CTYPE):)?(?:(APP)(?:/(NUM))?|(NUM))$`, matched part by part:
        // a hand split plus anchored matches is far cheaper than capture groups.
        let (container, rest) = match text.split_once(':') {
            Some((kind, rest))
                if !kind.is_empty() && kind.bytes().all(|b| b.is_ascii_lowercase()) =>
            {
                (Some(kind.to_owned()), rest)
            }
            Some(_) => return None,
            None => (None, text),
        };
        let target = if is_machine_id(rest) {
            Target::Machine(rest.to_owned())
        } else {
            let (app, unit) = match rest.split_once('/') {
                Some((app, unit)) => (app, Some(unit)),
                None => (rest, None),
            };
            if !is_application_name(app) {
                return None;
            }
            match unit {
                Some(_) if app == "new" => return None,
                Some(unit) if is_machine_id(unit) => {
                    Target::Unit(app.to_owned(), unit.parse().ok()?)
                }
                Some(_) => return None,
                None if app == "new" => Target::New,
                None => Target::Application(app.to_owned()),
            }
        };
        Some(Self { container, target })
    }

    /// The application this directive refers to, if any.
    pub fn application(&self) -> Option<&str> {
        match &self.target {
            Target::Application(app) | Target::Unit(app, _) => Some(app),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(Option<&'static str>, Target)> {
        Placement::parse(text).map(|it| {
            let container = it.container.map(|c| &*Box::leak(c.into_boxed_str()));
            (container, it.target)
        })
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(parsed("new"), Some((None, Target::New)));
        assert_eq!(parsed("lxd:new"), Some((Some("lxd"), Target::New)));
        assert_eq!(parsed("8"), Some((None, Target::Machine("8".into()))));
        assert_eq!(parsed("lxd:8"), Some((Some("lxd"), Target::Machine("8".into()))));
        assert_eq!(parsed("kvm:0"), Some((Some("kvm"), Target::Machine("0".into()))));
        assert_eq!(parsed("mysql"), Some((None, Target::Application("mysql".into()))));
        assert_eq!(parsed("mysql/1"), Some((None, Target::Unit("mysql".into(), 1))));
        assert_eq!(parsed("lxd:mysql/0"), Some((Some("lxd"), Target::Unit("mysql".into(), 0))));
    }

    #[test]
    fn rejects_what_juju_rejects() {
        for text in ["new/0", "0/lxd/0", "08", "zone=a", "LXD:0", "lxd:", "", "mysql/01"] {
            assert_eq!(Placement::parse(text), None, "{text}");
        }
    }
}
