//! How the facts of a relation enter the graph, decided from its declared column types (so a
//! relation added to the schema is drawn without code here; only `entity`, `proposal` and
//! `quote` are named), and the names and labels derived from columns.

use crate::kb::schema::{ColumnType, RelationDecl};

/// How the facts of a relation enter the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// `entity`: the nodes themselves.
    Entities,
    /// `proposal`: an `in` edge to the body, kind and date as attributes.
    Proposal,
    /// `quote`: an attribute of its statement's events.
    Quote,
    /// Two entity columns: an edge labelled with the relation name.
    Binary,
    /// One entity column and one value: an attribute of the entity, named after the relation.
    Attribute {
        /// The entity column.
        entity: usize,
        /// The value column.
        value: usize,
    },
    /// Entity columns among others: an event node.
    Event,
    /// No entity column: not drawn.
    Skip,
}

pub(super) fn shape_of(decl: &RelationDecl) -> Shape {
    match decl.name.as_str() {
        "entity" => return Shape::Entities,
        "proposal" => return Shape::Proposal,
        "quote" => return Shape::Quote,
        _ => {}
    }
    let ids: Vec<usize> = entity_columns(decl).collect();
    match (decl.arity(), ids.as_slice()) {
        (_, []) => Shape::Skip,
        (2, [_, _]) => Shape::Binary,
        (2, [entity]) => Shape::Attribute {
            entity: *entity,
            value: 1 - entity,
        },
        _ => Shape::Event,
    }
}

pub(super) fn entity_columns(decl: &RelationDecl) -> impl Iterator<Item = usize> + '_ {
    decl.columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.ty == ColumnType::Id)
        .map(|(i, _)| i)
}

/// Column names that would collide with the fixed fields of an exported node.
const RESERVED: &[&str] = &["id", "kind", "label", "derived", "relation", "origins"];

/// The attribute name for a column: the column's name, prefixed by the relation's when it
/// would collide with a node field (`statement.id` → `statement_id`).
pub(super) fn attribute_key(relation: &str, column: &str) -> String {
    if RESERVED.contains(&column) {
        format!("{relation}_{column}")
    } else {
        column.to_string()
    }
}

pub(super) fn column(decl: &RelationDecl, name: &str) -> usize {
    decl.columns
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| {
            panic!(
                "invariant: `{}` has a column `{name}` (queries/schema.dl)",
                decl.name
            )
        })
}

/// `relation: words` on the first line (vocabulary and text columns), the dates on the second
/// (`from → to` when there are several; an empty one shows as `…`, none at all drops the line).
pub(super) fn event_label(decl: &RelationDecl, args: &[&str]) -> String {
    let mut words = Vec::new();
    let mut dates = Vec::new();
    for (c, a) in decl.columns.iter().zip(args) {
        match c.ty {
            ColumnType::Vocab(_) | ColumnType::Text if !a.is_empty() => words.push(*a),
            ColumnType::Date => dates.push(*a),
            _ => {}
        }
    }
    let mut label = decl.name.clone();
    if !words.is_empty() {
        label.push_str(": ");
        label.push_str(&words.join(", "));
    }
    if dates.iter().any(|d| !d.is_empty()) {
        label.push('\n');
        let shown: Vec<&str> = dates
            .iter()
            .map(|d| if d.is_empty() { "…" } else { d })
            .collect();
        label.push_str(&shown.join(" → "));
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::Schema;

    fn decl(name: &str) -> &'static RelationDecl {
        let s = Schema::standard();
        s.decl(s.id(name))
    }

    #[test]
    fn relations_are_drawn_by_their_column_types() {
        for (name, shape) in [
            ("entity", Shape::Entities),
            ("proposal", Shape::Proposal),
            ("quote", Shape::Quote),
            ("source", Shape::Skip),
            ("official_role", Shape::Skip),
            ("vetoable", Shape::Skip),
            ("organ_of", Shape::Binary),
            ("permanent_member", Shape::Binary),
            ("sponsor", Shape::Binary),
            ("targets", Shape::Binary),
            ("represents", Shape::Binary),
            ("opposed_without_veto_commitment", Shape::Binary),
            (
                "alias",
                Shape::Attribute {
                    entity: 0,
                    value: 1,
                },
            ),
            (
                "proposal_effect",
                Shape::Attribute {
                    entity: 0,
                    value: 1,
                },
            ),
            ("stance", Shape::Event),
            ("vote", Shape::Event),
            ("holds_role", Shape::Event),
            ("member_of", Shape::Event),
            ("statement", Shape::Event),
            ("state_stance", Shape::Event),
            ("reversed_stance", Shape::Event),
            ("aligned", Shape::Event),
        ] {
            assert_eq!(shape_of(decl(name)), shape, "{name}");
        }
    }

    #[test]
    fn attribute_names_avoid_the_fixed_node_fields() {
        assert_eq!(attribute_key("statement", "id"), "statement_id");
        assert_eq!(attribute_key("proposal", "kind"), "proposal_kind");
        assert_eq!(attribute_key("stance", "position"), "position");
    }

    #[test]
    fn event_labels_put_words_first_and_dates_below() {
        let label = |name: &str, args: &[&str]| event_label(decl(name), args);
        assert_eq!(
            label("stance", &["a", "x", "oppose", "1994-06-16"]),
            "stance: oppose\n1994-06-16"
        );
        assert_eq!(label("stance", &["a", "x", "oppose", ""]), "stance: oppose");
        assert_eq!(
            label("member_of", &["c", "b", "", "1991-12-24"]),
            "member_of\n… → 1991-12-24"
        );
        assert_eq!(label("member_of", &["c", "b", "", ""]), "member_of");
        assert_eq!(label("aligned", &["c", "o", "x"]), "aligned");
        assert_eq!(
            label("statement", &["s1", "p", "1994-06-16", "mt"]),
            "statement\n1994-06-16"
        );
    }
}
