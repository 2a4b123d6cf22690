//! Building proof trees within bounds.
//!
//! The derivations chosen for the facts of an explanation form a DAG: a fact used as a premise
//! in several places (a diamond, a shared sub-proof) is chosen once, and every proof of
//! [`Explainer::why_all`] is a rule instance over the proofs already listed for its premises,
//! so listing proofs costs a few per fact reached instead of one per path through the DAG.
//! The DAG is then expanded into [`Proof`] trees breadth-first: the facts nearest the one asked
//! about are shown first, and once [`ProofBounds::nodes`] nodes are placed, every further
//! derived fact is a [`Step::Truncated`] leaf. Trees are assembled bottom-up, without recursion,
//! so that neither the DAG's sharing nor a tall proof makes the work grow past the budget.

use super::{Explainer, Proof, Step};
use crate::eval::expr::Fault;
use crate::lower::ir::RelId;
use crate::value::Word;
use rustc_hash::FxHashMap;
use std::rc::Rc;

use super::solve::State;

/// The most nodes the proofs of one explanation hold by default (see [`ProofBounds`]).
pub const DEFAULT_MAX_PROOF_NODES: usize = 10_000;

/// How much of its proofs an explanation builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProofBounds {
    /// Rule steps shown below the fact asked about: a derived premise deeper than this is a
    /// [`Step::Cut`] leaf (`usize::MAX`: no cut).
    pub depth: usize,
    /// The most nodes (facts) of the proofs one call returns, counted breadth-first from the
    /// fact asked about (which is always shown): past it, derived facts are
    /// [`Step::Truncated`] leaves.
    pub nodes: usize,
}

impl Default for ProofBounds {
    fn default() -> ProofBounds {
        ProofBounds {
            depth: usize::MAX,
            nodes: DEFAULT_MAX_PROOF_NODES,
        }
    }
}

/// A proof as a node of the DAG of derivations.
pub(super) struct Node {
    rel: RelId,
    tuple: Vec<Word>,
    iteration: u32,
    height: usize,
    kind: Kind,
}

enum Kind {
    /// An input tuple.
    Input,
    /// Cut by [`ProofBounds::depth`] while listing every proof.
    Cut,
    /// A rule instance (a fact of the program when it has no premises) over the proofs of its
    /// premises.
    Rule {
        instance: Rc<(usize, State)>,
        premises: Vec<Rc<Node>>,
    },
}

/// Chosen least-height derivations, by fact.
type Chosen = FxHashMap<(RelId, Vec<Word>), Rc<Node>>;
/// Listed proofs, by fact and (normalized) depth left.
type Listed = FxHashMap<(RelId, Vec<Word>, usize), Rc<Vec<Rc<Node>>>>;

/// A node of the tree being expanded: the DAG node it shows, and how.
struct Placed {
    node: Rc<Node>,
    /// Depth below the tree's root, in rule steps.
    depth: usize,
    shown: Shown,
}

enum Shown {
    /// As the DAG has it (an input, a cut, a fact of the program).
    Leaf,
    /// Derived, with its premises at these indices of the placement.
    Expanded(std::ops::Range<usize>),
    /// Cut by the depth bound.
    DepthCut,
    /// Not expanded: the node budget ran out.
    Truncated,
}

impl Explainer<'_> {
    /// The proof of least height of a fact that holds (ties broken by rule order, then by the
    /// order matches are found), within `bounds`.
    pub(super) fn best_within(
        &self,
        rel: RelId,
        t: &[Word],
        iteration: u32,
        bounds: &ProofBounds,
    ) -> Result<Proof, Fault> {
        let mut chosen = Chosen::default();
        let root = self.best_node(rel, t, iteration, &mut chosen)?;
        Ok(self
            .expand(vec![root], bounds)
            .pop()
            .expect("invariant: one tree per root"))
    }

    /// The least-height derivation of a fact that holds, chosen once per fact.
    fn best_node(
        &self,
        rel: RelId,
        t: &[Word],
        iteration: u32,
        chosen: &mut Chosen,
    ) -> Result<Rc<Node>, Fault> {
        let key = (rel, t.to_vec());
        if let Some(node) = chosen.get(&key) {
            return Ok(Rc::clone(node));
        }
        let mut best: Option<(usize, (usize, State))> = None;
        if iteration == 0 {
            // A fact of the program, or an input.
            best = self.fact_rule(rel, t)?.map(|inst| (1, inst));
        } else {
            for inst in self.instances(rel, t, iteration)? {
                let h = self.instance_height(&inst.1)?;
                if best.as_ref().is_none_or(|(b, _)| h < *b) {
                    best = Some((h, inst));
                }
            }
        }
        let node = match best {
            None if iteration > 0 => {
                return Err(Fault::Inconsistent(format!(
                    "no rule instance rebuilds {} (first derived in iteration {iteration})",
                    self.fact(rel, t)
                )));
            }
            None => Node {
                rel,
                tuple: t.to_vec(),
                iteration,
                height: 0,
                kind: Kind::Input,
            },
            Some((_, instance)) => {
                let mut premises = Vec::with_capacity(instance.1.used.len());
                for u in &instance.1.used {
                    premises.push(self.best_node(u.rel, &u.tuple, u.iteration, chosen)?);
                }
                rule_node(rel, t, iteration, Rc::new(instance), premises)
            }
        };
        let node = Rc::new(node);
        chosen.insert(key, Rc::clone(&node));
        Ok(node)
    }

    /// Every proof of a fact that holds, at most `limit`, cut at `bounds.depth` and together
    /// within `bounds.nodes`.
    pub(super) fn all_within(
        &self,
        rel: RelId,
        t: &[Word],
        iteration: u32,
        bounds: &ProofBounds,
        limit: usize,
    ) -> Result<Vec<Proof>, Fault> {
        let mut listed = Listed::default();
        let mut chosen = Chosen::default();
        let roots = self.all_nodes(
            rel,
            t,
            iteration,
            bounds.depth,
            limit,
            &mut listed,
            &mut chosen,
        )?;
        let bounds = ProofBounds {
            // The listed proofs are cut already.
            depth: usize::MAX,
            ..*bounds
        };
        Ok(self.expand(roots.to_vec(), &bounds))
    }

    /// The proofs of a fact, at most `limit`: per rule instance (least height first, rule
    /// order on ties) the combinations of its premises' proofs in order, the first `limit` of
    /// each; then all of them by height (stably), the first `limit`. The first is the proof of
    /// least height. Listed once per fact and depth.
    #[allow(clippy::too_many_arguments)]
    fn all_nodes(
        &self,
        rel: RelId,
        t: &[Word],
        iteration: u32,
        depth: usize,
        limit: usize,
        listed: &mut Listed,
        chosen: &mut Chosen,
    ) -> Result<Rc<Vec<Rc<Node>>>, Fault> {
        if iteration == 0 {
            return Ok(Rc::new(vec![self.best_node(rel, t, iteration, chosen)?]));
        }
        if depth == 0 {
            return Ok(Rc::new(vec![Rc::new(Node {
                rel,
                tuple: t.to_vec(),
                iteration,
                height: 0,
                kind: Kind::Cut,
            })]));
        }
        // Iterations fall along every branch, so no proof of this fact is taller than its
        // iteration: a deeper cut is no cut, and one key serves them all.
        let depth = depth.min(iteration as usize + 1);
        let key = (rel, t.to_vec(), depth);
        if let Some(list) = listed.get(&key) {
            return Ok(Rc::clone(list));
        }
        let mut instances = Vec::new();
        for inst in self.instances(rel, t, iteration)? {
            instances.push((self.instance_height(&inst.1)?, inst));
        }
        instances.sort_by_key(|(h, _)| *h);
        let mut out: Vec<Rc<Node>> = Vec::new();
        for (_, instance) in instances {
            let instance = Rc::new(instance);
            let mut combos: Vec<Vec<Rc<Node>>> = vec![Vec::new()];
            for u in &instance.1.used {
                let options = self.all_nodes(
                    u.rel,
                    &u.tuple,
                    u.iteration,
                    depth - 1,
                    limit,
                    listed,
                    chosen,
                )?;
                combos = combos
                    .iter()
                    .flat_map(|c| {
                        options.iter().map(move |p| {
                            let mut c = c.clone();
                            c.push(Rc::clone(p));
                            c
                        })
                    })
                    .take(limit)
                    .collect();
            }
            for premises in combos {
                out.push(Rc::new(rule_node(
                    rel,
                    t,
                    iteration,
                    Rc::clone(&instance),
                    premises,
                )));
            }
        }
        out.sort_by_key(|n| n.height);
        out.truncate(limit);
        let list = Rc::new(out);
        listed.insert(key, Rc::clone(&list));
        Ok(list)
    }

    /// The trees of `roots`, placed breadth-first across all of them within `bounds`, then
    /// assembled bottom-up.
    fn expand(&self, roots: Vec<Rc<Node>>, bounds: &ProofBounds) -> Vec<Proof> {
        let n_roots = roots.len();
        let mut placed: Vec<Placed> = roots
            .into_iter()
            .map(|node| Placed {
                node,
                depth: 0,
                shown: Shown::Leaf,
            })
            .collect();
        let mut next = 0;
        while next < placed.len() {
            let (node, depth) = (Rc::clone(&placed[next].node), placed[next].depth);
            if let Kind::Rule { premises, .. } = &node.kind
                && !premises.is_empty()
            {
                placed[next].shown = if depth >= bounds.depth && node.iteration > 0 {
                    Shown::DepthCut
                } else if placed.len() + premises.len() > bounds.nodes {
                    Shown::Truncated
                } else {
                    let start = placed.len();
                    placed.extend(premises.iter().map(|p| Placed {
                        node: Rc::clone(p),
                        depth: depth + 1,
                        shown: Shown::Leaf,
                    }));
                    Shown::Expanded(start..placed.len())
                };
            }
            next += 1;
        }
        // Premises are placed after their conclusion: build from the end.
        let mut built: Vec<Option<Proof>> = Vec::with_capacity(placed.len());
        built.resize_with(placed.len(), || None);
        for i in (0..placed.len()).rev() {
            let p = &placed[i];
            let n = &p.node;
            let proof = match (&p.shown, &n.kind) {
                (Shown::DepthCut, _) | (_, Kind::Cut) => {
                    self.leaf(n.rel, &n.tuple, n.iteration, Step::Cut)
                }
                (Shown::Truncated, _) => self.leaf(n.rel, &n.tuple, n.iteration, Step::Truncated),
                (_, Kind::Input) => self.leaf(n.rel, &n.tuple, n.iteration, Step::Input),
                (shown, Kind::Rule { instance, .. }) => {
                    let premises = match shown {
                        Shown::Expanded(range) => range
                            .clone()
                            .map(|j| {
                                built[j]
                                    .take()
                                    .expect("invariant: premises are built first")
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    let (ri, st) = &**instance;
                    self.node(n.rel, &n.tuple, n.iteration, *ri, st, premises)
                }
            };
            built[i] = Some(proof);
        }
        built
            .into_iter()
            .take(n_roots)
            .map(|p| p.expect("invariant: every root is built"))
            .collect()
    }
}

fn rule_node(
    rel: RelId,
    t: &[Word],
    iteration: u32,
    instance: Rc<(usize, State)>,
    premises: Vec<Rc<Node>>,
) -> Node {
    Node {
        rel,
        tuple: t.to_vec(),
        iteration,
        height: 1 + premises.iter().map(|p| p.height).max().unwrap_or(0),
        kind: Kind::Rule { instance, premises },
    }
}
