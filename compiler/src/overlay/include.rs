//! `include-file://` and `include-base64://` directives, resolved relative to the file of
//! the document that wrote them.

use std::path::Path;

use base64::Engine as _;

use crate::diagnostics::Diagnostic;
use crate::ir::{Bundle, Entries, Field, Include, Value};
use crate::rules::merge::{include_not_found, include_outside_options};
use crate::source::{SourceError, SourceProvider};

/// Included files larger than this are refused; real certificates and keys are a few KiB.
pub const MAX_INCLUDE_BYTES: u64 = 4 * 1024 * 1024;

const FILE_PREFIX: &str = "include-file://";
const BASE64_PREFIX: &str = "include-base64://";

/// Resolves every include directive in options and annotations of `bundle`, relative to
/// `dir`, and warns about directives where Juju does not resolve them.
pub fn resolve_includes(
    bundle: &mut Bundle,
    dir: &Path,
    provider: &dyn SourceProvider,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (name, slot) in &mut bundle.applications {
        let Some(app) = slot.body.as_mut() else { continue };
        if let Some(options) = app.options.as_mut() {
            resolve_map(&mut options.value.value, name, "option", dir, provider, diagnostics);
        }
        if let Some(annotations) = app.annotations.as_mut() {
            resolve_map(
                &mut annotations.value.value,
                name,
                "annotation",
                dir,
                provider,
                diagnostics,
            );
        }
        let literal_fields = [
            ("charm", app.charm.as_ref()),
            ("channel", app.channel.as_ref()),
            ("constraints", app.constraints.as_ref()),
        ];
        for (key, field) in literal_fields {
            if let Some(field) = field.filter(|field| is_directive(field.get())) {
                diagnostics.push(include_outside_options::diagnostic(name, key, field.value.span));
            }
        }
        for (key, map) in [("bindings", app.bindings.as_ref()), ("storage", app.storage.as_ref())] {
            for field in map.iter().flat_map(|map| map.get().values()) {
                if is_directive(field.get()) {
                    diagnostics.push(include_outside_options::diagnostic(
                        name,
                        key,
                        field.value.span,
                    ));
                }
            }
        }
        for field in app.resources.iter().flat_map(|map| map.get().values()) {
            if matches!(field.get(), crate::ir::ResourceValue::Path(path) if is_directive(path)) {
                diagnostics.push(include_outside_options::diagnostic(
                    name,
                    "resources",
                    field.value.span,
                ));
            }
        }
    }
    if let Some(machines) = bundle.machines.as_mut() {
        for (id, slot) in &mut machines.value.value {
            if let Some(annotations) = slot.body.annotations.as_mut() {
                let owner = format!("machine-{id}");
                resolve_map(
                    &mut annotations.value.value,
                    &owner,
                    "annotation",
                    dir,
                    provider,
                    diagnostics,
                );
            }
        }
    }
}

fn is_directive(text: &str) -> bool {
    text.starts_with(FILE_PREFIX) || text.starts_with(BASE64_PREFIX)
}

fn resolve_map(
    entries: &mut Entries<Value>,
    owner: &str,
    what: &str,
    dir: &Path,
    provider: &dyn SourceProvider,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, field) in entries.iter_mut() {
        resolve_value(field, owner, what, key, dir, provider, diagnostics);
    }
}

fn resolve_value(
    field: &mut Field<Value>,
    owner: &str,
    what: &str,
    key: &str,
    dir: &Path,
    provider: &dyn SourceProvider,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Value::Str(value) = &mut field.value.value else { return };
    if value.include.is_some() {
        return;
    }
    let (base64, path) = if let Some(path) = value.text.strip_prefix(FILE_PREFIX) {
        (false, path.to_owned())
    } else if let Some(path) = value.text.strip_prefix(BASE64_PREFIX) {
        (true, path.to_owned())
    } else {
        return;
    };
    let full = if Path::new(&path).is_absolute() {
        Path::new(&path).to_path_buf()
    } else {
        dir.join(&path)
    };
    match provider.read_bytes(&full, MAX_INCLUDE_BYTES) {
        Ok(bytes) => {
            value.text = if base64 {
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            value.include = Some(Include { base64, path });
        }
        Err(err) => {
            let problem = match err {
                SourceError::NotFound => "not found".to_owned(),
                SourceError::IsDirectory => "is a directory".to_owned(),
                SourceError::TooLarge { limit } => format!("is larger than {limit} bytes"),
                other => other.to_string(),
            };
            let place = format!("{what} `{key}` of `{owner}`");
            diagnostics.push(include_not_found::diagnostic(
                &place,
                &path,
                &full,
                &problem,
                field.value.span,
            ));
        }
    }
}
