//! The checker: from parsed items to a checked program. Resolves types and declarations,
//! validates I/O directives, lowers every rule alternative and every head into [`IrRule`]s
//! (see the `lower` and `ground` modules), turns `?-` queries into rules over hidden answer
//! relations, and refuses rules whose head is a protected relation.
//!
//! Every problem is collected; none stops the others from being found.

mod ground;
mod types;

use crate::lower::Lowerer;
use crate::lower::ir::{Column, Expr, IoDirective, IrRule, QueryInfo, RelId, RelationInfo};
use crate::syntax::ast::{Decl, DirectiveKind, Item, Query, Rule, TypeDecl};
use crate::value::Kind;
use factlog_diag::{Diagnostic, Location};
use ground::ground;
use rustc_hash::FxHashMap;
use types::Types;

/// Options of the checker, set by the caller.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Relations no rule or fact may derive (the knowledge base protects its base and standard
    /// derived relations).
    pub protected: Vec<String>,
    /// Why they are protected, shown as a note (e.g. "it is a base relation of the knowledge
    /// base").
    pub protected_note: Option<String>,
}

/// The checked parts of a program.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub relations: Vec<RelationInfo>,
    pub by_name: FxHashMap<String, RelId>,
    pub rules: Vec<IrRule>,
    pub directives: Vec<IoDirective>,
    pub queries: Vec<QueryInfo>,
}

/// Checks `items`; returns what checked and every problem found, sorted by position.
pub(crate) fn check(items: &[Item], options: &CheckOptions) -> (Checked, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let type_decls: Vec<&TypeDecl> = items
        .iter()
        .filter_map(|i| match i {
            Item::Type(t) => Some(t),
            _ => None,
        })
        .collect();
    let types = Types::resolve(&type_decls, &mut errors);
    let mut c = Checked::default();
    for item in items {
        if let Item::Decl(d) = item {
            declare(&mut c, d, &types, &mut errors);
        }
    }
    for item in items {
        match item {
            Item::Directive(d) => {
                let Some(&rel) = c.by_name.get(&d.relation) else {
                    errors.push(Diagnostic::error(
                        "E0301",
                        format!("undeclared relation `{}`", d.relation),
                        d.name_span,
                    ));
                    continue;
                };
                if let Some(e) = bad_param(d.kind, &d.params) {
                    errors.push(Diagnostic::error("E0311", e, d.span));
                    continue;
                }
                c.directives.push(IoDirective {
                    kind: d.kind,
                    rel,
                    params: d.params.clone(),
                    span: d.span,
                });
            }
            Item::Rule(r) => rule(&mut c, r, options, &mut errors),
            Item::Query(q) => query(&mut c, q, &mut errors),
            Item::Type(_) | Item::Decl(_) | Item::Include(..) => {}
        }
    }
    errors.sort_by_key(|d| match d.location {
        Location::Span(s) => (s.file.0, s.start),
        _ => (u32::MAX, 0),
    });
    (c, errors)
}

fn declare(c: &mut Checked, d: &Decl, types: &Types, errors: &mut Vec<Diagnostic>) {
    if c.by_name.contains_key(&d.name) {
        errors.push(Diagnostic::error(
            "E0306",
            format!("relation `{}` is declared twice", d.name),
            d.span,
        ));
        return;
    }
    let mut columns = Vec::new();
    for col in &d.columns {
        let kind = types.kind(&col.ty).unwrap_or_else(|| {
            errors.push(Diagnostic::error(
                "E0306",
                format!(
                    "unknown type `{}`: expected symbol, number, unsigned, float or a declared .type",
                    col.ty
                ),
                col.span,
            ));
            Kind::Symbol
        });
        columns.push(Column {
            name: col.name.clone(),
            ty: col.ty.clone(),
            kind,
        });
    }
    let id = RelId(c.relations.len() as u32);
    c.relations.push(RelationInfo {
        name: d.name.clone(),
        columns,
        span: d.span,
        is_query: false,
    });
    c.by_name.insert(d.name.clone(), id);
}

/// What is wrong with a directive's parameters, if anything.
fn bad_param(kind: DirectiveKind, params: &[(String, String)]) -> Option<String> {
    for (k, v) in params {
        let ok = match (kind, k.as_str()) {
            (DirectiveKind::PrintSize, _) => false,
            (DirectiveKind::Input, "IO") => v == "file",
            (DirectiveKind::Output, "IO") => v == "file" || v == "stdout",
            (_, "filename" | "attributeNames") => true,
            (_, "delimiter") => !v.is_empty(),
            (_, "rfc4180" | "headers") => v == "true" || v == "false",
            _ => false,
        };
        if !ok {
            return Some(format!(
                "unsupported parameter `{k}={v}`: expected IO=file{}, filename=, delimiter=, rfc4180=true|false or headers=true|false",
                if kind == DirectiveKind::Output {
                    "|stdout"
                } else {
                    ""
                }
            ));
        }
    }
    None
}

fn rule(c: &mut Checked, r: &Rule, options: &CheckOptions, errors: &mut Vec<Diagnostic>) {
    for head in &r.heads {
        if options.protected.contains(&head.relation) {
            let mut d = Diagnostic::error(
                "E0309",
                format!(
                    "`{}` is protected: a rule or fact may not derive it",
                    head.relation
                ),
                head.name_span,
            );
            if let Some(note) = &options.protected_note {
                d = d.with_note(note.clone());
            }
            errors.push(d);
            return;
        }
    }
    for body in &r.body {
        let mut lw = Lowerer::new(&c.relations, &c.by_name);
        let mut lits = lw.body(body);
        let heads: Vec<_> = r
            .heads
            .iter()
            .filter_map(|h| lw.head(h, &mut lits))
            .collect();
        let (lowered, mut errs) = lw.finish(lits, heads);
        if !errs.is_empty() {
            errors.append(&mut errs);
            continue;
        }
        let Some(g) = ground(&lowered, &c.relations, errors) else {
            continue;
        };
        for (head, head_args) in g.heads {
            c.rules.push(IrRule {
                head,
                head_args,
                body: g.body.clone(),
                vars: lowered.vars.clone(),
                var_kinds: g.var_kinds.clone(),
                span: r.span,
            });
        }
    }
}

fn query(c: &mut Checked, q: &Query, errors: &mut Vec<Diagnostic>) {
    let mut alternatives = Vec::new();
    let mut columns: Vec<String> = Vec::new();
    let mut failed = false;
    for body in &q.body {
        let mut lw = Lowerer::new(&c.relations, &c.by_name);
        let lits = lw.body(body);
        let (lowered, mut errs) = lw.finish(lits, Vec::new());
        if !errs.is_empty() {
            errors.append(&mut errs);
            failed = true;
            continue;
        }
        for &v in &lowered.outside_named {
            if !columns.contains(&lowered.vars[v]) {
                columns.push(lowered.vars[v].clone());
            }
        }
        match ground(&lowered, &c.relations, errors) {
            Some(g) => alternatives.push((lowered, g)),
            None => failed = true,
        }
    }
    if failed {
        return;
    }
    let rel = RelId(c.relations.len() as u32);
    let mut kinds: Vec<Option<Kind>> = vec![None; columns.len()];
    let mut rules = Vec::new();
    for (lowered, g) in alternatives {
        let mut head_args = Vec::new();
        for (i, name) in columns.iter().enumerate() {
            let Some(v) = lowered.vars.iter().position(|n| n == name) else {
                errors.push(Diagnostic::error(
                    "E0304",
                    format!(
                        "ungrounded variable `{name}`: an alternative of the query does not bind it"
                    ),
                    q.span,
                ));
                return;
            };
            let k = g.var_kinds[v];
            match kinds[i] {
                Some(prev) if prev != k => {
                    errors.push(Diagnostic::error(
                        "E0303",
                        format!("type mismatch: `{name}` is a {prev} in one alternative and a {k} in another"),
                        q.span,
                    ));
                    return;
                }
                _ => kinds[i] = Some(k),
            }
            head_args.push(Expr::Var(v));
        }
        rules.push(IrRule {
            head: rel,
            head_args,
            body: g.body,
            vars: lowered.vars,
            var_kinds: g.var_kinds,
            span: q.span,
        });
    }
    c.relations.push(RelationInfo {
        name: format!("?-{}", c.queries.len()),
        columns: columns
            .iter()
            .zip(kinds)
            .map(|(name, k)| {
                let kind = k.unwrap_or(Kind::Symbol);
                Column {
                    name: name.clone(),
                    ty: kind.name().to_string(),
                    kind,
                }
            })
            .collect(),
        span: q.span,
        is_query: true,
    });
    c.queries.push(QueryInfo {
        rel,
        columns,
        span: q.span,
    });
    c.rules.extend(rules);
}

#[cfg(test)]
mod tests;
