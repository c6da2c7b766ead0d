//! VIP relocation: move every misplaced VIP into the policy's VIP ranges in one step.
//!
//! A VIP string is misplaced when one of its addresses lies outside its network's VIP
//! range, in a stale range or on a reserved address, repeats an address of another VIP,
//! or (when the policy pairs host parts) has halves with different host parts. Correct VIPs
//! stay put. Misplaced ones are handled in the order they are written (the bundle first,
//! then each overlay; by position within a file) and each takes the lowest free host part:
//! one that, on every network of the layout, gives an address inside the VIP range that is
//! not reserved, not a kept VIP, and not any other address the bundle's files mention. A
//! VIP written once in a `variables` anchor is rewritten once, at the anchor.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::LazyLock;

use regex::Regex;

use super::apply::FixError;
use super::{Edit, Fix};
use crate::check::Analysis;
use crate::policy::validate::NetworkInfo;
use crate::source::{FileSpan, SourceDb, TextRange, to_u32};

/// One address of a VIP string and where it is written.
#[derive(Clone, Debug)]
struct Address {
    ip: IpAddr,
    span: FileSpan,
}

/// One VIP string, where it is written.
#[derive(Clone, Debug)]
struct Vip {
    applications: Vec<String>,
    written: FileSpan,
    addresses: Vec<Address>,
}

static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\d{1,3}\.){3}\d{1,3}\b").expect("the address pattern is valid")
});

/// The fix that relocates every misplaced VIP, or nothing when all are in place.
pub fn relocation(analysis: &Analysis) -> Result<Vec<Fix>, FixError> {
    let policy = &analysis.policy;
    // Asked to relocate without knowing where VIPs go is a mistake to say, not a no-op.
    let Some(layout) = &policy.raw.vips else {
        return Err(FixError::Impossible(
            "relocating VIPs needs a site policy with a `[vips]` table that names the networks of a VIP, in order; nothing was changed".to_owned(),
        ));
    };
    let networks: Vec<&NetworkInfo> =
        layout.networks.iter().filter_map(|name| policy.network(name.get())).collect();
    if networks.is_empty() || networks.len() != layout.networks.len() {
        return Err(FixError::Impossible(
            "relocating VIPs needs `[vips] networks` to name networks of the policy; nothing was changed".to_owned(),
        ));
    }
    if let Some(network) = networks.iter().find(|network| network.vip_range.is_none()) {
        return Err(FixError::Impossible(format!(
            "relocating VIPs needs a `vip-range` on network `{}`; nothing was changed",
            network.name
        )));
    }
    let vips = collect(analysis, &layout.options);
    let mut counts: std::collections::HashMap<IpAddr, usize> = std::collections::HashMap::new();
    for vip in &vips {
        for address in &vip.addresses {
            *counts.entry(address.ip).or_default() += 1;
        }
    }
    // The first VIP (in written order) holding an address keeps it; later holders move.
    let mut holders: std::collections::HashMap<IpAddr, usize> = std::collections::HashMap::new();
    for (idx, vip) in vips.iter().enumerate() {
        for address in &vip.addresses {
            holders.entry(address.ip).or_insert(idx);
        }
    }
    let misplaced = |idx: usize, vip: &Vip| {
        vip.addresses.len() == networks.len()
            && (vip.addresses.iter().zip(&networks).any(|(address, network)| {
                !in_place(address.ip, network) || holders.get(&address.ip) != Some(&idx)
            }) || (layout.paired_host_part && !paired(vip, &networks)))
    };
    let mut moving: Vec<&Vip> = Vec::new();
    let mut kept: Vec<&Vip> = Vec::new();
    for (idx, vip) in vips.iter().enumerate() {
        if misplaced(idx, vip) { moving.push(vip) } else { kept.push(vip) }
    }
    if moving.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(shared) = moving.iter().find(|vip| vip.applications.len() > 1) {
        return Err(FixError::Impossible(format!(
            "the VIP of {} is written once and used by each of them; give each application its own VIP before relocating",
            shared
                .applications
                .iter()
                .map(|it| format!("`{it}`"))
                .collect::<Vec<_>>()
                .join(" and ")
        )));
    }
    let mut taken: HashSet<IpAddr> = mentioned_addresses(&analysis.sources, policy.file);
    // Addresses of the VIPs that move are free again once they move, unless a kept VIP or
    // something else in the bundle also uses them.
    for vip in &moving {
        for address in &vip.addresses {
            if counts.get(&address.ip) == Some(&1)
                && !other_mentions(&analysis.sources, policy.file, vip, address.ip)
            {
                taken.remove(&address.ip);
            }
        }
    }
    for vip in &kept {
        taken.extend(vip.addresses.iter().map(|it| it.ip));
    }
    let candidates = free_host_parts(&networks, &taken, layout.paired_host_part);
    if candidates.len() < moving.len() {
        let ranges: Vec<String> = networks
            .iter()
            .filter_map(|network| {
                network.vip_range.map(|range| format!("{} {range}", network.name))
            })
            .collect();
        return Err(FixError::Impossible(format!(
            "{} VIPs need new addresses but the VIP ranges ({}) have {} free; {} addresses are missing; nothing was changed",
            moving.len(),
            ranges.join(", "),
            candidates.len(),
            moving.len() - candidates.len()
        )));
    }
    let mut candidates = candidates;
    let mut edits = Vec::new();
    for vip in &moving {
        // A half that is already in place keeps its address when the tuple it belongs to
        // is free; otherwise the lowest free tuple is taken.
        let keeps_a_half = |tuple: &Vec<IpAddr>| {
            vip.addresses.iter().zip(tuple).any(|(address, new)| address.ip == *new)
        };
        let pick = candidates.iter().position(keeps_a_half).unwrap_or(0);
        let addresses = candidates.remove(pick);
        for (address, new) in vip.addresses.iter().zip(addresses) {
            if address.ip != new {
                edits.push(Edit::replace(address.span, new.to_string()));
            }
        }
    }
    Ok(Fix::safe(format!("relocate {} VIPs into the policy's VIP ranges", moving.len()), edits)
        .into_iter()
        .collect())
}

fn in_place(ip: IpAddr, network: &NetworkInfo) -> bool {
    network.vip_range.is_some_and(|range| range.contains(ip))
        && !network.stale_ranges.iter().any(|(range, _)| range.contains(ip))
        && !network.reserved.iter().any(|reserved| reserved.address == ip)
}

fn host_part(ip: IpAddr, network: &NetworkInfo) -> Option<u32> {
    match (ip, network.net.network()) {
        (IpAddr::V4(ip), IpAddr::V4(base)) => u32::from(ip).checked_sub(u32::from(base)),
        _ => None,
    }
}

fn paired(vip: &Vip, networks: &[&NetworkInfo]) -> bool {
    let parts: Vec<Option<u32>> = vip
        .addresses
        .iter()
        .zip(networks)
        .map(|(address, network)| host_part(address.ip, network))
        .collect();
    parts.windows(2).all(|pair| pair[0].is_some() && pair[0] == pair[1])
}

/// Free address tuples, one address per network, lowest first.
fn free_host_parts(
    networks: &[&NetworkInfo],
    taken: &HashSet<IpAddr>,
    paired: bool,
) -> Vec<Vec<IpAddr>> {
    let free_in = |network: &NetworkInfo| -> Vec<IpAddr> {
        network
            .vip_range
            .map(|range| range.ipv4_addresses())
            .unwrap_or_default()
            .into_iter()
            .filter(|ip| in_place(*ip, network) && !taken.contains(ip))
            .collect()
    };
    let Some(first) = networks.first() else { return Vec::new() };
    if paired {
        free_in(first)
            .into_iter()
            .filter_map(|ip| {
                let offset = host_part(ip, first)?;
                networks
                    .iter()
                    .map(|network| {
                        let IpAddr::V4(base) = network.net.network() else { return None };
                        let candidate = IpAddr::V4(u32::from(base).checked_add(offset)?.into());
                        (in_place(candidate, network) && !taken.contains(&candidate))
                            .then_some(candidate)
                    })
                    .collect::<Option<Vec<IpAddr>>>()
            })
            .collect()
    } else {
        let per_network: Vec<Vec<IpAddr>> =
            networks.iter().map(|network| free_in(network)).collect();
        let count = per_network.iter().map(Vec::len).min().unwrap_or(0);
        (0..count).map(|idx| per_network.iter().map(|list| list[idx]).collect()).collect()
    }
}

/// Every VIP string of the merged bundle, once per place it is written, in written order.
fn collect(analysis: &Analysis, options: &[String]) -> Vec<Vip> {
    let mut vips: Vec<Vip> = Vec::new();
    for (name, _, app) in analysis.merged.apps() {
        for option in options {
            let Some(field) = app.option(option) else { continue };
            let Some(text) = field.get().as_str() else { continue };
            let written = field.value.span;
            if let Some(existing) = vips.iter_mut().find(|vip| vip.written == written) {
                existing.applications.push(name.to_owned());
                continue;
            }
            let addresses = tokens(&analysis.sources, written, text);
            vips.push(Vip { applications: vec![name.to_owned()], written, addresses });
        }
    }
    let file_order = |span: FileSpan| (span.file, span.range.start);
    vips.sort_by_key(|vip| file_order(vip.written));
    vips
}

/// The addresses of a VIP string with their exact spans, when the raw text holds the value
/// verbatim (plain or quoted without escapes).
fn tokens(sources: &SourceDb, written: FileSpan, text: &str) -> Vec<Address> {
    let raw = sources.slice(written);
    let base = raw.find(text).map(|offset| written.range.start + to_u32(offset));
    let mut addresses = Vec::new();
    let mut cursor = 0usize;
    for token in text.split_whitespace() {
        let Some(at) = text[cursor..].find(token).map(|idx| idx + cursor) else { continue };
        cursor = at + token.len();
        let (Ok(ip), Some(base)) = (token.parse::<IpAddr>(), base) else { continue };
        let start = base + to_u32(at);
        let span = FileSpan::new(written.file, TextRange::new(start, start + to_u32(token.len())));
        addresses.push(Address { ip, span });
    }
    addresses
}

/// Every IPv4 address written anywhere in the bundle's files (the policy's ranges are not
/// addresses in use).
fn mentioned_addresses(
    sources: &SourceDb,
    policy_file: Option<crate::source::FileId>,
) -> HashSet<IpAddr> {
    sources
        .iter()
        .filter(|(id, _)| Some(*id) != policy_file)
        .flat_map(|(_, file)| {
            IPV4.find_iter(&file.text)
                .filter_map(|it| it.as_str().parse().ok())
                .collect::<Vec<IpAddr>>()
        })
        .collect()
}

/// Whether `ip` is written anywhere else than in `vip` itself (the policy's ranges and
/// reserved addresses do not count: they say where VIPs go, not what holds an address).
fn other_mentions(
    sources: &SourceDb,
    policy_file: Option<crate::source::FileId>,
    vip: &Vip,
    ip: IpAddr,
) -> bool {
    sources.iter().filter(|(id, _)| Some(*id) != policy_file).any(|(id, file)| {
        IPV4.find_iter(&file.text).any(|found| {
            let inside = id == vip.written.file
                && vip.written.range.start as usize <= found.start()
                && found.end() <= vip.written.range.end as usize;
            !inside && found.as_str().parse::<IpAddr>() == Ok(ip)
        })
    })
}
