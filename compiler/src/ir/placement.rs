//! The `to:` placement grammar: `[<container>:](<app>[/<unit>] | <machine> | new)`.

use std::sync::LazyLock;

use regex::Regex;

use super::names::{APPLICATION, NUMBER};

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

static PLACEMENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:([a-z]+):)?(?:({APPLICATION})(?:/({NUMBER}))?|({NUMBER}))$"))
        .expect("the placement grammar is a valid regex")
});

impl Placement {
    /// Parses a directive as Juju does; `None` when it does not fit the grammar.
    pub fn parse(text: &str) -> Option<Self> {
        let captures = PLACEMENT_RE.captures(text)?;
        let container = captures.get(1).map(|it| it.as_str().to_owned());
        let target = if let Some(machine) = captures.get(4) {
            Target::Machine(machine.as_str().to_owned())
        } else {
            let app = captures.get(2)?.as_str().to_owned();
            match captures.get(3) {
                Some(_) if app == "new" => return None,
                Some(unit) => Target::Unit(app, unit.as_str().parse().ok()?),
                None if app == "new" => Target::New,
                None => Target::Application(app),
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
