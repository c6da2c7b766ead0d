//! Merging documents the way `juju deploy BUNDLE --overlay A --overlay B` does.
//!
//! Documents are flattened in order (every document of the bundle file, then of each overlay
//! file); the first non-empty one is the base, every later one an overlay applied in turn.
//! Merging works field by field on keys present in the overlay, so every merged value keeps
//! the span of the document that set it.

mod include;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::ir::{Application, Bundle, Entries, Field, Value};
use crate::rules::merge::{
    application_without_body, delete_unknown_application, empty_bundle, empty_overlay_application,
    ignored_overlay_field, null_option_unsets, overlay_only_field,
};
use crate::rules::structure::scale_and_num_units;
use crate::source::{FileId, FileSpan, SourceProvider, TextRange};
pub use include::{MAX_INCLUDE_BYTES, resolve_includes};

/// One document to merge, with where it came from.
#[derive(Debug)]
pub struct Document {
    /// The lowered document.
    pub bundle: Bundle,
    /// Its file.
    pub file: FileId,
    /// The file's directory, against which relative includes resolve.
    pub dir: PathBuf,
    /// Whether Juju skips it (a document without keys).
    pub is_empty: bool,
}

/// The outcome of merging.
#[derive(Debug)]
pub struct Merged {
    /// The base document alone (includes resolved), as Juju verifies it first.
    pub base: Option<Bundle>,
    /// Every document merged.
    pub bundle: Bundle,
    /// Problems found while merging.
    pub diagnostics: Vec<Diagnostic>,
}

/// Merges `documents` in order. `bundle_file` locates the "bundle is empty" report.
pub fn merge(
    documents: Vec<Document>,
    bundle_file: FileId,
    provider: &dyn SourceProvider,
) -> Merged {
    let mut diagnostics = Vec::new();
    let mut documents = documents.into_iter().filter(|document| !document.is_empty);
    let Some(mut base) = documents.next() else {
        diagnostics.push(empty_bundle::diagnostic(FileSpan::new(bundle_file, TextRange::empty(0))));
        return Merged { base: None, bundle: Bundle::default(), diagnostics };
    };
    check_base(&base.bundle, &mut diagnostics);
    resolve_includes(&mut base.bundle, &base.dir, provider, &mut diagnostics);
    let mut merged = base.bundle.clone();
    // A null base application has no body: Juju refuses it, so it takes no part in the merge,
    // and nor do its relations (M003 reports the one cause).
    let bodiless: Vec<String> = merged
        .applications
        .iter()
        .filter(|(_, slot)| slot.body.is_none())
        .map(|(name, _)| name.clone())
        .collect();
    for name in &bodiless {
        merged.applications.shift_remove(name);
        remove_relations_of(&mut merged, name);
    }
    for mut overlay in documents {
        resolve_includes(&mut overlay.bundle, &overlay.dir, provider, &mut diagnostics);
        apply_overlay(&mut merged, overlay.bundle, &mut diagnostics);
    }
    Merged { base: Some(base.bundle), bundle: merged, diagnostics }
}

fn check_base(base: &Bundle, diagnostics: &mut Vec<Diagnostic>) {
    for (name, slot) in &base.applications {
        let Some(app) = &slot.body else {
            diagnostics.push(application_without_body::diagnostic(name, slot.name.span));
            continue;
        };
        if let Some(field) = &app.offers {
            diagnostics.push(overlay_only_field::diagnostic(name, "offers", field.key));
        }
        if let Some(field) = &app.exposed_endpoints {
            diagnostics.push(overlay_only_field::diagnostic(name, "exposed-endpoints", field.key));
        }
    }
}

fn apply_overlay(merged: &mut Bundle, overlay: Bundle, diagnostics: &mut Vec<Diagnostic>) {
    let ignored = [
        ("default-base", overlay.default_base.as_ref().map(|field| field.key)),
        ("description", overlay.description.as_ref().map(|field| field.key)),
        ("bundle", overlay.bundle_type.as_ref().map(|field| field.key)),
        ("tags", overlay.tags.as_ref().map(|field| field.key)),
    ];
    for (key, span) in ignored {
        if let Some(span) = span {
            diagnostics.push(ignored_overlay_field::diagnostic(key, span));
        }
    }
    for (name, slot) in overlay.applications {
        match slot.body {
            None => {
                if merged.applications.shift_remove(&name).is_none() {
                    diagnostics.push(delete_unknown_application::diagnostic(&name, slot.name.span));
                }
                remove_relations_of(merged, &name);
            }
            Some(body) => match merged.applications.get_mut(&name) {
                None => {
                    merged
                        .applications
                        .insert(name, crate::ir::ApplicationSlot { body: Some(body), ..slot });
                }
                Some(existing) => {
                    if body == Application::default() {
                        diagnostics
                            .push(empty_overlay_application::diagnostic(&name, slot.name.span));
                    }
                    if let Some(target) = existing.body.as_mut() {
                        merge_application(target, body, &name, diagnostics);
                    }
                }
            },
        }
    }
    for (name, slot) in overlay.saas {
        if slot.null_body {
            merged.saas.shift_remove(&name);
            remove_relations_of(merged, &name);
        } else if let Some(existing) = merged.saas.get_mut(&name) {
            if slot.url.is_some() {
                existing.url = slot.url;
            }
        } else {
            merged.saas.insert(name, slot);
        }
    }
    if let Some(series) = overlay.series
        && !series.get().is_empty()
    {
        merged.series = Some(series);
    }
    merged.relations.extend(overlay.relations);
    if let Some(machines) = overlay.machines {
        merged.machines = Some(machines);
    }
}

/// Drops every relation that names `name` or `name:*` on either side.
fn remove_relations_of(merged: &mut Bundle, name: &str) {
    merged.relations.retain(|relation| {
        !relation.endpoints.iter().any(|endpoint| {
            let written = endpoint.value.as_str();
            written == name || written.strip_prefix(name).is_some_and(|rest| rest.starts_with(':'))
        })
    });
}

/// Replaces `target` with `source` when the overlay wrote the key.
fn replace<T>(target: &mut Option<Field<T>>, source: Option<Field<T>>) {
    if source.is_some() {
        *target = source;
    }
}

/// Merges a map field: an empty overlay map clears it; otherwise each key is set, and keys
/// that `deletes` says are deletions are removed.
fn merge_map<T: Clone>(
    target: &mut Option<Field<Entries<T>>>,
    source: Option<Field<Entries<T>>>,
    deletes: impl Fn(&T) -> bool,
    mut on_delete: impl FnMut(&str, &Field<T>),
) {
    let Some(source) = source else { return };
    if source.get().is_empty() {
        *target = Some(source);
        return;
    }
    let Some(existing) = target.as_mut() else {
        let mut fresh = source;
        fresh.value.value.retain(|_, field| !deletes(field.get()));
        *target = Some(fresh);
        return;
    };
    existing.key = source.key;
    for (key, field) in source.value.value {
        if deletes(field.get()) {
            on_delete(&key, &field);
            existing.value.value.shift_remove(&key);
        } else {
            existing.value.value.insert(key, field);
        }
    }
}

fn merge_application(
    target: &mut Application,
    source: Application,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Application {
        charm,
        channel,
        revision,
        series,
        base,
        num_units,
        scale,
        to,
        placement,
        expose,
        exposed_endpoints,
        options,
        annotations,
        constraints,
        storage,
        devices,
        bindings,
        resources,
        offers,
        plan,
        trust,
    } = source;
    replace(&mut target.charm, charm);
    replace(&mut target.channel, channel);
    replace(&mut target.revision, revision);
    replace(&mut target.series, series);
    replace(&mut target.base, base);
    // Juju refuses an overlay document that sets both, as it does a base one; the merged
    // application keeps only one of them, so the check is made here.
    if let (Some(scale), Some(num_units)) = (&scale, &num_units)
        && *scale.get() > 0
        && *num_units.get() > 0
    {
        diagnostics.push(scale_and_num_units::diagnostic(name, scale.key, num_units.key));
    }
    // Juju maps an overlay's `scale` onto `num_units`.
    replace(&mut target.num_units, num_units.or(scale));
    replace(&mut target.to, to);
    replace(&mut target.placement, placement);
    replace(&mut target.expose, expose);
    replace(&mut target.constraints, constraints);
    replace(&mut target.plan, plan);
    replace(&mut target.trust, trust);
    let is_null = |value: &Value| matches!(value, Value::Null);
    merge_map(&mut target.options, options, is_null, |key, field| {
        diagnostics.push(null_option_unsets::diagnostic(name, key, field.value.span));
    });
    merge_map(&mut target.annotations, annotations, |_| false, |_, _| {});
    merge_map(&mut target.storage, storage, |_| false, |_, _| {});
    merge_map(&mut target.devices, devices, |_| false, |_, _| {});
    merge_map(&mut target.bindings, bindings, |_| false, |_, _| {});
    merge_map(
        &mut target.resources,
        resources,
        |value| matches!(value, crate::ir::ResourceValue::Invalid("null")),
        |_, _| {},
    );
    merge_map(&mut target.offers, offers, |offer| offer.null, |_, _| {});
    merge_map(&mut target.exposed_endpoints, exposed_endpoints, |_| false, |_, _| {});
}

/// The directory of `path`, or `.` for a bare file name.
pub fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests;
