//! The type environment: `.type` declarations resolved to primitive kinds. Subtypes (`<:`),
//! aliases (`=`) and unions (`A | B`) of one primitive kind are accepted; a value of a subtype
//! may flow wherever its primitive kind may (factlog checks kinds, not Soufflé's subtype
//! lattice).

use crate::syntax::ast::{TypeDecl, TypeDef};
use crate::value::Kind;
use factlog_diag::Diagnostic;
use rustc_hash::FxHashMap;

/// Every type name in scope and its primitive kind.
#[derive(Debug, Default)]
pub struct Types {
    kinds: FxHashMap<String, Kind>,
}

impl Types {
    /// Resolves the declarations, reporting unknown bases, unions of different kinds, cycles and
    /// duplicates.
    pub fn resolve(decls: &[&TypeDecl], errors: &mut Vec<Diagnostic>) -> Types {
        let mut by_name: FxHashMap<&str, &TypeDecl> = FxHashMap::default();
        for d in decls {
            if Kind::primitive(&d.name).is_some() || by_name.insert(&d.name, d).is_some() {
                errors.push(Diagnostic::error(
                    "E0306",
                    format!("type `{}` is declared twice", d.name),
                    d.span,
                ));
            }
        }
        let mut types = Types::default();
        for d in decls {
            let mut visiting = Vec::new();
            if let Some(k) = resolve_one(&d.name, &by_name, &mut visiting, errors) {
                types.kinds.insert(d.name.clone(), k);
            }
        }
        errors.dedup();
        types
    }

    /// The kind of a type name (primitive or declared).
    pub fn kind(&self, name: &str) -> Option<Kind> {
        Kind::primitive(name).or_else(|| self.kinds.get(name).copied())
    }
}

fn resolve_one<'a>(
    name: &'a str,
    decls: &FxHashMap<&'a str, &'a TypeDecl>,
    visiting: &mut Vec<&'a str>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Kind> {
    if let Some(k) = Kind::primitive(name) {
        return Some(k);
    }
    let d = decls.get(name)?;
    if visiting.contains(&name) {
        errors.push(Diagnostic::error(
            "E0306",
            format!("type `{name}` is defined in terms of itself"),
            d.span,
        ));
        return None;
    }
    visiting.push(name);
    let bases: Vec<&str> = match &d.def {
        TypeDef::Subtype(b) => vec![b.as_str()],
        TypeDef::Equal(bs) => bs.iter().map(String::as_str).collect(),
    };
    let mut kind = None;
    for b in bases {
        let Some(k) = resolve_one(b, decls, visiting, errors) else {
            if !decls.contains_key(b) {
                errors.push(Diagnostic::error(
                    "E0306",
                    format!(
                        "unknown type `{b}`: expected symbol, number, unsigned, float or a declared .type"
                    ),
                    d.span,
                ));
            }
            visiting.pop();
            return None;
        };
        match kind {
            Some(prev) if prev != k => {
                errors.push(Diagnostic::error(
                    "E0303",
                    format!("the union `{name}` mixes {prev} and {k}: expected one primitive type"),
                    d.span,
                ));
                visiting.pop();
                return None;
            }
            _ => kind = Some(k),
        }
    }
    visiting.pop();
    kind
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::Item;
    use crate::syntax::parser::parse_program;
    use factlog_diag::FileId;

    fn types(text: &str) -> (Types, Vec<Diagnostic>) {
        let p = parse_program(text, FileId(0)).expect("parses");
        let decls: Vec<&TypeDecl> = p
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Type(t) => Some(t),
                _ => None,
            })
            .collect();
        let mut errors = Vec::new();
        (Types::resolve(&decls, &mut errors), errors)
    }

    #[test]
    fn subtypes_aliases_and_unions_resolve_to_a_kind() {
        let (t, e) = types(".type A <: symbol\n.type B = A\n.type N = number\n.type U = A | B\n");
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(t.kind("B"), Some(Kind::Symbol));
        assert_eq!(t.kind("U"), Some(Kind::Symbol));
        assert_eq!(t.kind("N"), Some(Kind::Number));
    }

    #[test]
    fn a_mixed_union_and_an_unknown_base_are_errors() {
        let (_, e) = types(".type A = symbol | number\n.type B <: nothing\n");
        assert_eq!(e.len(), 2, "{e:?}");
    }
}
