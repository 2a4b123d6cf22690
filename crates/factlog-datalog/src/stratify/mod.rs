//! Stratification: the predicate dependency graph (an edge from each body relation to the head
//! relation, marked when the body reads it under negation or inside an aggregate), its strongly
//! connected components (petgraph), and the strata in dependency order.
//!
//! A negative edge inside a component means negation or aggregation through recursion: the
//! program has no stratified meaning, and the error names the cycle.

use crate::lower::ir::{IrRule, RelId, RelationInfo};
use factlog_diag::Diagnostic;
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::VecDeque;

/// One stratum: relations evaluated together, with the rules deriving them.
#[derive(Clone, Debug)]
pub struct Stratum {
    /// The relations of the stratum (one strongly connected component).
    pub relations: Vec<RelId>,
    /// Indices of the rules whose head is in the stratum, in program order.
    pub rules: Vec<usize>,
    /// Whether some rule reads a relation of the stratum itself.
    pub recursive: bool,
}

/// Splits the rules into strata, dependencies first.
pub(crate) fn stratify(
    relations: &[RelationInfo],
    rules: &[IrRule],
) -> Result<Vec<Stratum>, Vec<Diagnostic>> {
    let mut g: DiGraph<RelId, (bool, usize)> = DiGraph::new();
    let nodes: Vec<NodeIndex> = (0..relations.len())
        .map(|i| g.add_node(RelId(i as u32)))
        .collect();
    for (ri, rule) in rules.iter().enumerate() {
        let mut deps = Vec::new();
        rule.body.iter().for_each(|l| l.dependencies(&mut deps));
        for (rel, negative) in deps {
            g.add_edge(nodes[rel.index()], nodes[rule.head.index()], (negative, ri));
        }
    }
    let mut sccs = petgraph::algo::tarjan_scc(&g);
    sccs.reverse();
    let mut component = vec![0usize; relations.len()];
    for (ci, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[g[*n].index()] = ci;
        }
    }
    let mut errors = Vec::new();
    let mut reported = vec![false; sccs.len()];
    for e in g.edge_indices() {
        let (from, to) = g.edge_endpoints(e).expect("invariant: the edge exists");
        let (negative, ri) = g[e];
        let c = component[g[from].index()];
        if negative && c == component[g[to].index()] && !reported[c] {
            reported[c] = true;
            errors.push(cycle_error(&g, from, to, &component, relations, &rules[ri]));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut strata: Vec<Stratum> = sccs
        .iter()
        .map(|scc| {
            let mut rels: Vec<RelId> = scc.iter().map(|n| g[*n]).collect();
            rels.sort();
            Stratum {
                relations: rels,
                rules: Vec::new(),
                recursive: false,
            }
        })
        .collect();
    for (ri, rule) in rules.iter().enumerate() {
        let c = component[rule.head.index()];
        strata[c].rules.push(ri);
        let mut deps = Vec::new();
        rule.body.iter().for_each(|l| l.dependencies(&mut deps));
        if deps.iter().any(|(r, _)| component[r.index()] == c) {
            strata[c].recursive = true;
        }
    }
    Ok(strata.into_iter().filter(|s| !s.rules.is_empty()).collect())
}

/// The error for a negative edge `from -> to` inside one component: the shortest path back
/// from `to` to `from` closes the cycle.
fn cycle_error(
    g: &DiGraph<RelId, (bool, usize)>,
    from: NodeIndex,
    to: NodeIndex,
    component: &[usize],
    relations: &[RelationInfo],
    rule: &IrRule,
) -> Diagnostic {
    let c = component[g[from].index()];
    let mut prev: Vec<Option<NodeIndex>> = vec![None; g.node_count()];
    let mut queue = VecDeque::from([to]);
    let mut seen = vec![false; g.node_count()];
    seen[to.index()] = true;
    while let Some(n) = queue.pop_front() {
        if n == from {
            break;
        }
        for m in g.neighbors(n) {
            if !seen[m.index()] && component[g[m].index()] == c {
                seen[m.index()] = true;
                prev[m.index()] = Some(n);
                queue.push_back(m);
            }
        }
    }
    // Path to -> ... -> from, read as "derived from" backwards: from is used by ... by to.
    let mut path = vec![from];
    let mut cur = from;
    while cur != to {
        match prev[cur.index()] {
            Some(p) => {
                path.push(p);
                cur = p;
            }
            None => break,
        }
    }
    let name = |n: NodeIndex| relations[g[n].index()].name.as_str();
    let message = if from == to {
        format!(
            "not stratifiable: `{}` depends on itself through negation or an aggregate",
            name(to)
        )
    } else {
        format!(
            "not stratifiable: `{}` depends on `{}` through negation or an aggregate, and `{}` depends on `{}`",
            name(to),
            name(from),
            name(from),
            name(to)
        )
    };
    let mut steps = vec![format!("`{}` depends on !`{}`", name(to), name(from))];
    for pair in path.windows(2) {
        steps.push(format!(
            "`{}` depends on `{}`",
            name(pair[0]),
            name(pair[1])
        ));
    }
    Diagnostic::error("E0305", message, rule.span).with_note(format!("cycle: {}", steps.join(", ")))
}

#[cfg(test)]
mod tests;
