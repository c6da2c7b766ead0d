//! YAML text to a spanned tree, on yaml-rust2's marked events.
//!
//! Invariants: every node's range is in bytes of its file (yaml-rust2 counts characters;
//! the conversion happens once, here); an alias is a node that points at its anchor's node,
//! never a copy, so alias bombs stay linear in size; building is iterative, so nesting depth
//! never exhausts the stack. Parsing never fails: it returns what it built plus problems.

pub mod scalar;
mod spans;

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::source::{FileId, FileSpan, TextRange, to_u32};
pub use scalar::Resolved;

/// Index of a node in its [`YamlFile`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'single'`.
    SingleQuoted,
    /// `"double"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A scalar's text and how it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The value after unescaping and folding.
    pub value: String,
    /// Its style.
    pub style: ScalarStyle,
}

impl Scalar {
    /// How the scalar resolves: quoted and block scalars and `!!str` are strings.
    pub fn resolve(&self, tag: Option<&str>) -> Resolved {
        match tag {
            Some(tag) if tag.ends_with("str") => return Resolved::Str,
            _ => {}
        }
        if self.style == ScalarStyle::Plain {
            scalar::resolve_plain(&self.value)
        } else {
            Resolved::Str
        }
    }
}

/// One key and its value in a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key node.
    pub key: NodeId,
    /// The value node.
    pub value: NodeId,
}

/// What a node holds.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// A scalar.
    Scalar(Scalar),
    /// A mapping, entries in source order (merge keys not yet applied).
    Mapping(Vec<Entry>),
    /// A sequence.
    Sequence(Vec<NodeId>),
    /// `*name`, pointing at the anchored node.
    Alias(NodeId),
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Its content.
    pub kind: NodeKind,
    /// Where it is written.
    pub range: TextRange,
    /// The anchor it defines (`&name`), if any.
    pub anchor: Option<String>,
    /// Its explicit tag, if any.
    pub tag: Option<String>,
}

/// One YAML document of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The root node.
    pub root: NodeId,
    /// Zero-based position in its file.
    pub index: usize,
}

/// A problem found while reading YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// The text is not YAML.
    Invalid {
        /// The parser's words.
        message: String,
        /// Where it stopped.
        at: TextRange,
    },
    /// A key appears twice in one mapping.
    DuplicateKey {
        /// The key.
        key: String,
        /// Its first appearance.
        first: TextRange,
        /// The repeat.
        second: TextRange,
    },
}

/// The tree of one file: nodes in an arena, and its documents.
#[derive(Clone, Debug)]
pub struct YamlFile {
    /// The file.
    pub file: FileId,
    nodes: Vec<Node>,
    /// Documents in order; a syntax error ends the list early.
    pub documents: Vec<Document>,
}

/// Mappings already flattened, and those being flattened, for [`YamlFile::entries`].
#[derive(Default)]
struct Flattened {
    done: HashMap<NodeId, Vec<Entry>>,
    in_progress: std::collections::HashSet<NodeId>,
}

/// Apply merge keys (`<<`) nested at most this deep.
pub const MAX_MERGE_DEPTH: usize = 256;

/// Follow at most this many alias or merge hops, so cyclic or hostile input stays cheap.
pub const MAX_ALIAS_HOPS: usize = 64;

impl YamlFile {
    /// The node with `id`.
    ///
    /// Ids are only made by the parser for this file, so a missing one is a caller bug.
    pub fn node(&self, id: NodeId) -> &Node {
        self.nodes.get(id.0 as usize).expect("node ids come from this file")
    }

    /// The span of a node.
    pub fn span(&self, id: NodeId) -> FileSpan {
        FileSpan::new(self.file, self.node(id).range)
    }

    /// Follows aliases to the node that holds the content.
    pub fn resolve(&self, mut id: NodeId) -> NodeId {
        for _ in 0..MAX_ALIAS_HOPS {
            match self.node(id).kind {
                NodeKind::Alias(target) => id = target,
                _ => return id,
            }
        }
        id
    }

    /// The scalar at `id` (after aliases), if it is one.
    pub fn scalar(&self, id: NodeId) -> Option<&Scalar> {
        match &self.node(self.resolve(id)).kind {
            NodeKind::Scalar(scalar) => Some(scalar),
            _ => None,
        }
    }

    /// How the scalar at `id` (after aliases) resolves; `None` for collections.
    pub fn resolved(&self, id: NodeId) -> Option<Resolved> {
        let node = self.node(self.resolve(id));
        match &node.kind {
            NodeKind::Scalar(scalar) => Some(scalar.resolve(node.tag.as_deref())),
            _ => None,
        }
    }

    /// Whether the node (after aliases) is a null scalar.
    pub fn is_null(&self, id: NodeId) -> bool {
        self.resolved(id) == Some(Resolved::Null)
    }

    /// Entries of the mapping at `id` with merge keys (`<<`) applied, or `None` if it is not
    /// a mapping.
    ///
    /// As Juju's YAML decoder does: entries apply in the order written, a merge at the
    /// place of its `<<`, and a later key replaces an earlier one, so a key written before
    /// `<<` can be overwritten by the merge while one written after it wins; in
    /// `<<: [*a, *b]` the earlier mapping wins. Each merged mapping is flattened once per
    /// call, so nested merges (a merge-key bomb) stay polynomial.
    pub fn entries(&self, id: NodeId) -> Option<Vec<Entry>> {
        let NodeKind::Mapping(own) = &self.node(self.resolve(id)).kind else {
            return None;
        };
        if !own.iter().any(|entry| self.is_merge_key(entry.key)) {
            return Some(own.clone());
        }
        let mut memo = Flattened::default();
        Some(self.flatten(self.resolve(id), &mut memo, 0))
    }

    /// The entries of mapping `node` with its merges applied, each mapping flattened once.
    fn flatten(&self, node: NodeId, memo: &mut Flattened, depth: usize) -> Vec<Entry> {
        if let Some(done) = memo.done.get(&node) {
            return done.clone();
        }
        let NodeKind::Mapping(own) = &self.node(node).kind else { return Vec::new() };
        // A mapping that merges itself, directly or not, contributes nothing more.
        if !memo.in_progress.insert(node) {
            return Vec::new();
        }
        let mut result: Vec<Entry> = Vec::new();
        let mut position: HashMap<String, usize> = HashMap::new();
        let mut set = |entry: Entry, result: &mut Vec<Entry>| {
            let key = self.scalar(entry.key).map(|it| it.value.clone()).unwrap_or_default();
            match position.get(&key) {
                Some(&idx) => result[idx] = entry,
                None => {
                    position.insert(key, result.len());
                    result.push(entry);
                }
            }
        };
        for entry in own {
            if !self.is_merge_key(entry.key) {
                set(*entry, &mut result);
                continue;
            }
            let source = self.resolve(entry.value);
            let sources: Vec<NodeId> = match &self.node(source).kind {
                // Later items apply first, so the first mapping listed has the last word.
                NodeKind::Sequence(items) => {
                    items.iter().rev().map(|it| self.resolve(*it)).collect()
                }
                _ => vec![source],
            };
            // LIMIT: merges nested deeper than MAX_MERGE_DEPTH are not applied, so that a
            // hostile chain cannot exhaust the stack.
            if depth >= MAX_MERGE_DEPTH {
                continue;
            }
            for source in sources {
                for merged in self.flatten(source, memo, depth + 1) {
                    set(merged, &mut result);
                }
            }
        }
        memo.in_progress.remove(&node);
        memo.done.insert(node, result.clone());
        result
    }

    /// Whether `key` is the merge key `<<`.
    pub fn is_merge_key(&self, key: NodeId) -> bool {
        let node = self.node(key);
        matches!(&node.kind, NodeKind::Scalar(s) if s.value == "<<" && s.style == ScalarStyle::Plain)
    }

    /// Items of the sequence at `id` (after aliases), or `None` if it is not a sequence.
    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(self.resolve(id)).kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    /// The alias use site when `id` is an alias, for "used here" labels.
    pub fn alias_target(&self, id: NodeId) -> Option<NodeId> {
        match self.node(id).kind {
            NodeKind::Alias(target) => Some(target),
            _ => None,
        }
    }

    /// Number of nodes, for limits and tests.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

/// Converts yaml-rust2's character indexes to byte offsets.
struct CharToByte {
    /// Byte offset of each character; empty when the text is ASCII and indexes are offsets.
    offsets: Vec<u32>,
    len: u32,
    /// Characters of the text that the parser was not given (a byte order mark).
    skipped: usize,
}

impl CharToByte {
    fn new(text: &str, skipped: usize) -> Self {
        let offsets = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(idx, _)| to_u32(idx)).collect()
        };
        Self { offsets, len: to_u32(text.len()), skipped }
    }

    fn byte(&self, char_index: usize) -> u32 {
        let char_index = char_index + self.skipped;
        if self.offsets.is_empty() {
            return to_u32(char_index).min(self.len);
        }
        self.offsets.get(char_index).copied().unwrap_or(self.len)
    }
}

enum Frame {
    Mapping { node: NodeId, entries: Vec<Entry>, pending_key: Option<NodeId> },
    Sequence { node: NodeId, items: Vec<NodeId> },
}

struct Builder<'a> {
    text: &'a str,
    positions: CharToByte,
    nodes: Vec<Node>,
    documents: Vec<Document>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    problems: Vec<SyntaxProblem>,
    current_root: Option<NodeId>,
}

fn tag_text(tag: Option<Tag>) -> Option<String> {
    tag.map(|tag| format!("{}{}", tag.handle, tag.suffix))
}

fn style_of(style: TScalarStyle) -> ScalarStyle {
    match style {
        TScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        TScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        TScalarStyle::Literal => ScalarStyle::Literal,
        TScalarStyle::Folded => ScalarStyle::Folded,
        TScalarStyle::Plain => ScalarStyle::Plain,
    }
}

impl Builder<'_> {
    fn push_node(
        &mut self,
        kind: NodeKind,
        range: TextRange,
        anchor_id: usize,
        tag: Option<String>,
    ) -> NodeId {
        let id = NodeId(to_u32(self.nodes.len()));
        let anchor = if anchor_id > 0 {
            self.anchors.insert(anchor_id, id);
            spans::anchor_before(self.text, range.start)
        } else {
            None
        };
        self.nodes.push(Node { kind, range, anchor, tag });
        id
    }

    /// Hands a finished node to its parent collection, or makes it the document root.
    fn attach(&mut self, id: NodeId) {
        match self.stack.last_mut() {
            None => self.current_root = Some(id),
            Some(Frame::Sequence { items, .. }) => items.push(id),
            Some(Frame::Mapping { entries, pending_key, .. }) => match pending_key.take() {
                None => *pending_key = Some(id),
                Some(key) => {
                    entries.push(Entry { key, value: id });
                    let key_end = self.nodes[key.0 as usize].range.end;
                    self.fix_empty_value(id, key_end);
                }
            },
        }
    }

    /// An empty value (`key:` and nothing) gets an empty range right after its colon, rather
    /// than the position of whatever token follows.
    fn fix_empty_value(&mut self, value: NodeId, key_end: u32) {
        let node = &mut self.nodes[value.0 as usize];
        if let NodeKind::Scalar(scalar) = &node.kind
            && scalar.value.is_empty()
            && scalar.style == ScalarStyle::Plain
            && node.anchor.is_none()
            && node.tag.is_none()
        {
            let after_colon = spans::after_colon(self.text, key_end);
            if node.range.start >= after_colon || node.range.start < key_end {
                node.range = TextRange::empty(after_colon);
            }
        }
    }

    fn finish_mapping(&mut self, node: NodeId, entries: Vec<Entry>, end_marker: u32) {
        self.report_duplicates(&entries);
        self.report_bad_merges(&entries);
        let start = self.nodes[node.0 as usize].range.start;
        let last_end = entries.last().map_or(start, |entry| {
            self.nodes[entry.value.0 as usize]
                .range
                .end
                .max(self.nodes[entry.key.0 as usize].range.end)
        });
        let end = spans::collection_end(self.text, start, end_marker, b'{', b'}', last_end);
        let data = &mut self.nodes[node.0 as usize];
        data.range = TextRange::new(start, end);
        data.kind = NodeKind::Mapping(entries);
    }

    fn finish_sequence(&mut self, node: NodeId, items: Vec<NodeId>, end_marker: u32) {
        let start = self.nodes[node.0 as usize].range.start;
        let last_end = items.last().map_or(start + 1, |item| self.nodes[item.0 as usize].range.end);
        let end = spans::collection_end(self.text, start, end_marker, b'[', b']', last_end);
        let data = &mut self.nodes[node.0 as usize];
        data.range = TextRange::new(start, end);
        data.kind = NodeKind::Sequence(items);
    }

    /// A `<<` whose value is not a mapping or a list of mappings: Juju's decoder stops with
    /// "map merge requires map or sequence of maps as the value".
    fn report_bad_merges(&mut self, entries: &[Entry]) {
        let target = |nodes: &[Node], mut id: NodeId| {
            for _ in 0..MAX_ALIAS_HOPS {
                match nodes[id.0 as usize].kind {
                    NodeKind::Alias(next) => id = next,
                    _ => break,
                }
            }
            id
        };
        for entry in entries {
            let key = &self.nodes[entry.key.0 as usize];
            if !matches!(&key.kind, NodeKind::Scalar(s) if s.value == "<<" && s.style == ScalarStyle::Plain)
            {
                continue;
            }
            let value = target(&self.nodes, entry.value);
            let is_map =
                |id: NodeId| matches!(self.nodes[id.0 as usize].kind, NodeKind::Mapping(_));
            let valid = match &self.nodes[value.0 as usize].kind {
                NodeKind::Mapping(_) => true,
                NodeKind::Sequence(items) => {
                    items.iter().all(|item| is_map(target(&self.nodes, *item)))
                }
                _ => false,
            };
            if !valid {
                self.problems.push(SyntaxProblem::Invalid {
                    message: "merge key `<<` needs a mapping or a list of mappings".to_owned(),
                    at: self.nodes[entry.value.0 as usize].range,
                });
            }
        }
    }

    fn report_duplicates(&mut self, entries: &[Entry]) {
        let mut seen: HashMap<&str, TextRange> = HashMap::new();
        for entry in entries {
            let key = &self.nodes[entry.key.0 as usize];
            let NodeKind::Scalar(scalar) = &key.kind else { continue };
            if scalar.value == "<<" && scalar.style == ScalarStyle::Plain {
                continue;
            }
            if let Some(first) = seen.get(scalar.value.as_str()) {
                self.problems.push(SyntaxProblem::DuplicateKey {
                    key: scalar.value.clone(),
                    first: *first,
                    second: key.range,
                });
            } else {
                seen.insert(&scalar.value, key.range);
            }
        }
    }

    fn on_event(&mut self, event: Event, marker: Marker) {
        let at = self.positions.byte(marker.index());
        match event {
            Event::DocumentStart => {
                self.stack.clear();
                self.current_root = None;
                // Juju's decoder starts every document with no anchors.
                self.anchors.clear();
            }
            Event::DocumentEnd => {
                if let Some(root) = self.current_root.take() {
                    self.documents.push(Document { root, index: self.documents.len() });
                }
            }
            Event::Scalar(value, style, anchor_id, tag) => {
                let style = style_of(style);
                let end = spans::scalar_end(self.text, at, style, &value);
                let at = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    spans::block_indicator(self.text, at)
                } else {
                    at
                };
                let id = self.push_node(
                    NodeKind::Scalar(Scalar { value, style }),
                    TextRange::new(at, end),
                    anchor_id,
                    tag_text(tag),
                );
                self.attach(id);
            }
            Event::Alias(anchor_id) => {
                let end = spans::alias_end(self.text, at);
                let range = TextRange::new(at, end);
                let id = match self.anchors.get(&anchor_id) {
                    Some(target) => self.push_node(NodeKind::Alias(*target), range, 0, None),
                    // An anchor of an earlier document: Juju refuses it; read it as null.
                    None => {
                        let name =
                            self.text.get(range.to_usize()).unwrap_or("").trim_start_matches('*');
                        self.problems.push(SyntaxProblem::Invalid {
                            message: format!(
                                "unknown anchor `{name}` referenced; anchors do not reach across documents"
                            ),
                            at: range,
                        });
                        self.push_node(
                            NodeKind::Scalar(Scalar {
                                value: String::new(),
                                style: ScalarStyle::Plain,
                            }),
                            range,
                            0,
                            None,
                        )
                    }
                };
                self.attach(id);
            }
            Event::MappingStart(anchor_id, tag) => {
                let id = self.push_node(
                    NodeKind::Mapping(Vec::new()),
                    TextRange::empty(at),
                    anchor_id,
                    tag_text(tag),
                );
                self.stack.push(Frame::Mapping {
                    node: id,
                    entries: Vec::new(),
                    pending_key: None,
                });
            }
            Event::SequenceStart(anchor_id, tag) => {
                let id = self.push_node(
                    NodeKind::Sequence(Vec::new()),
                    TextRange::empty(at),
                    anchor_id,
                    tag_text(tag),
                );
                self.stack.push(Frame::Sequence { node: id, items: Vec::new() });
            }
            Event::MappingEnd => {
                if let Some(Frame::Mapping { node, entries, .. }) = self.stack.pop() {
                    self.finish_mapping(node, entries, at);
                    self.attach(node);
                }
            }
            Event::SequenceEnd => {
                if let Some(Frame::Sequence { node, items }) = self.stack.pop() {
                    self.finish_sequence(node, items, at);
                    self.attach(node);
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
}

/// Parses every document of `text`.
///
/// Never panics on input: a parser failure, even one inside yaml-rust2, becomes a
/// [`SyntaxProblem::Invalid`] and the documents read before it are kept.
pub fn parse(file: FileId, text: &str) -> (YamlFile, Vec<SyntaxProblem>) {
    // A byte order mark is no content: Juju's decoder skips it, so the parser never sees it.
    let (content, skipped) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 1),
        None => (text, 0),
    };
    let mut builder = Builder {
        text,
        positions: CharToByte::new(text, skipped),
        nodes: Vec::new(),
        documents: Vec::new(),
        stack: Vec::new(),
        anchors: HashMap::new(),
        problems: Vec::new(),
        current_root: None,
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut parser = Parser::new_from_str(content);
        loop {
            match parser.next_token() {
                Ok((Event::StreamEnd, _)) => return Ok(()),
                Ok((event, marker)) => builder.on_event(event, marker),
                Err(err) => return Err(err),
            }
        }
    }));
    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(err)) => {
            let at = builder.positions.byte(err.marker().index());
            let end = spans::token_end(text, at);
            builder.problems.push(SyntaxProblem::Invalid {
                message: err.info().to_owned(),
                at: TextRange::new(at, end),
            });
        }
        Err(_) => {
            builder.problems.push(SyntaxProblem::Invalid {
                message: "the YAML parser could not read this file".to_owned(),
                at: TextRange::empty(0),
            });
        }
    }
    let Builder { nodes, documents, problems, .. } = builder;
    (YamlFile { file, nodes, documents }, problems)
}

#[cfg(test)]
mod tests;
