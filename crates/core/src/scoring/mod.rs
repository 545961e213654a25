//! Progress, status and grade of every objective and key result as of a date.
//!
//! The rules are those of `DESIGN.md` ("Scoring"), in short:
//! - a key result's current value is its latest check-in on or before the date;
//! - `number` progress is `(current − start) / (target − start)` clamped to [0, 1],
//!   which serves decrease metrics unchanged; `milestone` is 1 once the value is ≥ 1;
//!   `children` is the weighted mean of the objectives that contribute to it;
//! - `sum` and `mean` compute their current value from the key results that
//!   contribute to them (`contributes_to`), converted to their unit, then score by
//!   the number rule; `health` is 1 inside its band and 0 outside;
//! - an objective is the weighted mean of its key results, or of its child
//!   objectives when it has none;
//! - status compares progress with the elapsed share of the period.
//!
//! Roll-ups make scoring a graph problem: an objective depends on its key results, a
//! `children` key result on the objectives below it. A bad file can make that graph
//! loop, and a deep tree can be thousands of levels deep, so the scorer never
//! recurses: it finds the strongly connected components iteratively (Tarjan) and
//! scores them in dependency order, giving every node on a loop 0. One linear pass,
//! fast enough to rerun on every keystroke for a company-sized tree.

pub mod confidence;
pub mod targets;
pub mod timeline;
pub mod units;
pub mod whatif;

use std::collections::HashMap;

use serde::Serialize;

use crate::calendar::Date;
use crate::model::{Document, HealthZone, Id, KeyResult, Kind, Metric, Objective};

/// Tolerance for the status and grade thresholds, so that a gap of exactly 0.1 is
/// `on_track` whatever binary rounding did to it.
const EPSILON: f64 = 1e-9;

/// Where an objective or key result stands against the time that has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The period has not begun.
    NotStarted,
    /// Within 0.1 of the expected progress, or ahead of it.
    OnTrack,
    /// Between 0.1 and 0.3 behind.
    AtRisk,
    /// More than 0.3 behind.
    OffTrack,
}

impl Status {
    /// Every status, from not started to off track.
    pub const ALL: [Status; 4] = [Status::NotStarted, Status::OnTrack, Status::AtRisk, Status::OffTrack];

    /// The status as one set by hand on a check-in; `None` for not started, which
    /// only the calendar gives.
    pub fn manual(self) -> Option<crate::model::ManualStatus> {
        use crate::model::ManualStatus as M;
        match self {
            Status::NotStarted => None,
            Status::OnTrack => Some(M::OnTrack),
            Status::AtRisk => Some(M::AtRisk),
            Status::OffTrack => Some(M::OffTrack),
        }
    }

    /// The id used in JSON output and files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
        }
    }

    /// The status for a gap between expected and actual progress.
    pub fn from_gap(gap: f64) -> Status {
        if gap <= 0.1 + EPSILON {
            Status::OnTrack
        } else if gap <= 0.3 + EPSILON {
            Status::AtRisk
        } else {
            Status::OffTrack
        }
    }
}

impl From<crate::model::ManualStatus> for Status {
    fn from(manual: crate::model::ManualStatus) -> Status {
        use crate::model::ManualStatus as M;
        match manual {
            M::OnTrack => Status::OnTrack,
            M::AtRisk => Status::AtRisk,
            M::OffTrack => Status::OffTrack,
        }
    }
}

/// Google's end-of-cycle colour bands on the 0.0–1.0 scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 0.0–0.3: failed to make real progress.
    Red,
    /// 0.4–0.6: progress, short of the goal.
    Yellow,
    /// 0.7–1.0: delivered.
    Green,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Red => "red",
            Band::Yellow => "yellow",
            Band::Green => "green",
        }
    }
}

/// An end-of-cycle grade: progress rounded to a tenth, and its band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Grade {
    pub value: f64,
    pub band: Band,
}

impl Grade {
    pub fn of(progress: f64) -> Grade {
        let value = ((progress.clamp(0.0, 1.0) * 10.0) + EPSILON).round() / 10.0;
        let band = if value <= 0.3 + EPSILON {
            Band::Red
        } else if value <= 0.6 + EPSILON {
            Band::Yellow
        } else {
            Band::Green
        };
        Grade { value, band }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyResultScore {
    /// In [0, 1].
    pub progress: f64,
    pub status: Status,
    /// The value of the latest check-in on or before the date; `None` without one.
    /// For `sum` and `mean`, the value computed from the contributors (their start
    /// without any).
    pub current: Option<f64>,
    /// On a loop of roll-up references, so scored 0 (the rules report it).
    pub in_cycle: bool,
    /// The latest confidence given, 0 to 10 (see [`confidence`]).
    pub confidence: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ObjectiveScore {
    /// In [0, 1].
    pub progress: f64,
    pub status: Status,
    /// The elapsed share of the period: where progress "should" be by now.
    pub expected: f64,
    pub grade: Grade,
    /// A committed objective short of 1.0: the team promised it, so a review is due.
    pub needs_review: bool,
    pub in_cycle: bool,
    /// The weight-averaged latest confidences of its key results, 0 to 10 (see [`confidence`]).
    pub confidence: Option<f64>,
}

/// The scores of a document, index-aligned with it: `objectives[i]` scores
/// `document.objectives[i]`, `key_results[i][j]` its `j`-th key result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    pub as_of: Date,
    pub objectives: Vec<ObjectiveScore>,
    pub key_results: Vec<Vec<KeyResultScore>>,
}

impl Scores {
    /// The score of the objective at `index`, if there is one.
    pub fn objective(&self, index: usize) -> Option<&ObjectiveScore> {
        self.objectives.get(index)
    }

    /// The score of the key result `kr` of the objective at `objective`.
    pub fn key_result(&self, objective: usize, kr: usize) -> Option<&KeyResultScore> {
        self.key_results.get(objective)?.get(kr)
    }
}

/// A weight as scoring uses it: negative or non-finite weights (a `kr-weight`
/// finding) count as 0 rather than turning the mean upside down.
pub fn effective_weight(weight: f64) -> f64 {
    if weight.is_finite() && weight > 0.0 { weight } else { 0.0 }
}

/// The weighted mean of `(progress, weight)` pairs; the plain mean when every weight
/// is 0; 0 for none.
///
/// Weights are kept relative to the largest seen so far, so even weights near
/// `f64::MAX` (which no file may hold, but a caller might pass) cannot overflow the
/// sums into `inf / inf`.
pub fn weighted_mean(items: impl IntoIterator<Item = (f64, f64)>) -> f64 {
    let (mut sum, mut weights, mut scale) = (0.0, 0.0, 0.0);
    let (mut plain, mut count) = (0.0, 0usize);
    for (progress, weight) in items {
        let weight = effective_weight(weight);
        if weight > scale {
            if scale > 0.0 {
                let shrink = scale / weight;
                sum *= shrink;
                weights *= shrink;
            }
            scale = weight;
        }
        if scale > 0.0 {
            sum += progress * (weight / scale);
            weights += weight / scale;
        }
        plain += progress;
        count += 1;
    }
    if count == 0 {
        0.0
    } else if weights > 0.0 {
        sum / weights
    } else {
        plain / count as f64
    }
}

/// The value of the latest check-in dated on or before `as_of`; of two on the same
/// day, the later in the list (it was entered last).
pub fn latest_check_in(check_ins: &[crate::model::CheckIn], as_of: Date) -> Option<&crate::model::CheckIn> {
    check_ins.iter().filter(|c| c.date <= as_of).fold(None, |best: Option<&crate::model::CheckIn>, c| match best {
        Some(b) if b.date > c.date => Some(b),
        _ => Some(c),
    })
}

/// Progress of a measured (non-roll-up) key result from its current value.
pub fn measured_progress(metric: Option<&Metric>, current: Option<f64>) -> f64 {
    let progress = match metric {
        Some(
            Metric::Number { start, target, .. }
            | Metric::Sum { start, target, .. }
            | Metric::Mean { start, target, .. },
        ) => {
            let span = target - start;
            if span == 0.0 { 0.0 } else { (current.unwrap_or(*start) - start) / span }
        }
        Some(Metric::Health(health)) => match current.map(|v| health.zone(v)) {
            Some(HealthZone::Healthy | HealthZone::Warning) => 1.0,
            Some(HealthZone::Outside) | None => 0.0,
        },
        Some(Metric::Milestone) => {
            if current.unwrap_or(0.0) >= 1.0 {
                1.0
            } else {
                0.0
            }
        }
        // Unmeasurable, or a roll-up handled by the graph.
        None | Some(Metric::Children) => 0.0,
    };
    if progress.is_nan() { 0.0 } else { progress.clamp(0.0, 1.0) }
}

/// The roll-up graph: node `i < n` is objective `i`; node `n + offset[i] + j` is key
/// result `j` of objective `i`. An edge points from a score to a score it is made of.
struct Graph {
    objectives: usize,
    offsets: Vec<usize>,
    edges: Vec<Vec<usize>>,
}

impl Graph {
    fn new(document: &Document) -> Graph {
        let n = document.objectives.len();
        let mut offsets = Vec::with_capacity(n);
        let mut total = n;
        for objective in &document.objectives {
            offsets.push(total - n);
            total += objective.key_results.len();
        }
        let mut edges = vec![Vec::new(); total];

        let by_id: HashMap<&Id, usize> = document.objectives.iter().enumerate().map(|(i, o)| (&o.id, i)).collect();
        // Key results by id, with the objective each belongs to.
        let mut kr_nodes: HashMap<&Id, (usize, usize)> = HashMap::new();
        for (i, objective) in document.objectives.iter().enumerate() {
            for (j, kr) in objective.key_results.iter().enumerate() {
                kr_nodes.insert(&kr.id, (i, n + offsets[i] + j));
            }
        }
        for (i, objective) in document.objectives.iter().enumerate() {
            for j in 0..objective.key_results.len() {
                edges[i].push(n + offsets[i] + j);
            }
            // A child objective feeds its parent only when the parent has no key results.
            if let Some(&parent) = objective.parent.as_ref().and_then(|p| by_id.get(p))
                && document.objectives[parent].key_results.is_empty()
            {
                edges[parent].push(i);
            }
            // `parent_kr` counts only as a key result of `parent`; anything else is an
            // `alignment-missing` finding and contributes nothing.
            let parent = objective.parent.as_ref().and_then(|p| by_id.get(p));
            if let Some(&(owner, kr)) = objective.parent_kr.as_ref().and_then(|k| kr_nodes.get(k))
                && parent == Some(&owner)
            {
                edges[kr].push(i);
            }
        }
        // Objectives feeding a key result that is not a roll-up do not count towards it.
        for (i, objective) in document.objectives.iter().enumerate() {
            for (j, kr) in objective.key_results.iter().enumerate() {
                if !matches!(kr.metric, Some(Metric::Children)) {
                    edges[n + offsets[i] + j].clear();
                }
            }
        }
        // A `sum` or `mean` key result is made of the key results contributing to it,
        // wherever they are (one that is not below it is a rule finding, still counted).
        for (i, objective) in document.objectives.iter().enumerate() {
            for (j, kr) in objective.key_results.iter().enumerate() {
                if let Some(&(owner, target)) = kr.contributes_to.as_ref().and_then(|t| kr_nodes.get(t))
                    && let Some(target_kr) = document.objectives[owner].key_results.get(target - n - offsets[owner])
                    && target_kr.metric.as_ref().is_some_and(Metric::is_computed)
                {
                    edges[target].push(n + offsets[i] + j);
                }
            }
        }
        Graph { objectives: n, offsets, edges }
    }

    fn key_result_node(&self, objective: usize, kr: usize) -> usize {
        self.objectives + self.offsets[objective] + kr
    }

    /// The strongly connected components, each listed after every component it has an
    /// edge to (Tarjan's order), computed without recursion.
    fn components(&self) -> Vec<Vec<usize>> {
        const UNSEEN: usize = usize::MAX;
        let size = self.edges.len();
        let (mut index, mut low) = (vec![UNSEEN; size], vec![0; size]);
        let mut on_stack = vec![false; size];
        let (mut stack, mut calls, mut components) = (Vec::new(), Vec::new(), Vec::new());
        let mut counter = 0;
        for root in 0..size {
            if index[root] != UNSEEN {
                continue;
            }
            index[root] = counter;
            low[root] = counter;
            counter += 1;
            stack.push(root);
            on_stack[root] = true;
            calls.push((root, 0usize));
            while let Some(&mut (node, ref mut next)) = calls.last_mut() {
                if let Some(&target) = self.edges[node].get(*next) {
                    *next += 1;
                    if index[target] == UNSEEN {
                        index[target] = counter;
                        low[target] = counter;
                        counter += 1;
                        stack.push(target);
                        on_stack[target] = true;
                        calls.push((target, 0));
                    } else if on_stack[target] {
                        low[node] = low[node].min(index[target]);
                    }
                    continue;
                }
                calls.pop();
                if let Some(&(caller, _)) = calls.last() {
                    low[caller] = low[caller].min(low[node]);
                }
                if low[node] == index[node] {
                    let mut component = Vec::new();
                    while let Some(member) = stack.pop() {
                        on_stack[member] = false;
                        component.push(member);
                        if member == node {
                            break;
                        }
                    }
                    components.push(component);
                }
            }
        }
        components
    }
}

/// The current value of a `sum` or `mean` key result from its contributors and their
/// current values (in their own units). A contributor without a value (a milestone,
/// a roll-up, a loop) or whose unit does not convert is left out (`kr-unit`); with
/// none left, the value is the metric's start.
pub fn computed_value<'a>(
    metric: &Metric,
    contributors: impl IntoIterator<Item = (&'a KeyResult, Option<f64>)>,
) -> f64 {
    let Some((start, _, unit)) = metric.range() else { return 0.0 };
    let converted = contributors.into_iter().filter_map(|(kr, value)| {
        let from = kr.metric.as_ref().and_then(Metric::unit)?;
        Some((value? * units::factor(from, unit)?, kr.weight))
    });
    let (mut sum, mut parts, mut weighted) = (0.0, 0usize, Vec::new());
    for (value, weight) in converted {
        sum += value;
        parts += 1;
        weighted.push((value, weight));
    }
    let value = match metric {
        _ if parts == 0 => start,
        Metric::Mean { .. } => weighted_mean(weighted),
        _ => sum,
    };
    if value.is_finite() { value } else { start }
}

/// One contributor of a `sum` or `mean` key result, as the editor and the CLI list it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contribution {
    /// Document index of the contributor's objective, and its key result's index.
    pub objective: usize,
    pub key_result: usize,
    /// Its current value in its own unit, if it has one.
    pub value: Option<f64>,
    /// That value in the unit of the key result it feeds; `None` when it is left out.
    pub converted: Option<f64>,
}

/// The key results contributing to the key result at `(objective, kr)`, in document
/// order, with their values as `scores` has them, converted.
pub fn contributions(document: &Document, scores: &Scores, objective: usize, kr: usize) -> Vec<Contribution> {
    let Some(target) = document.objectives.get(objective).and_then(|o| o.key_results.get(kr)) else {
        return Vec::new();
    };
    let unit = target.metric.as_ref().and_then(Metric::unit).unwrap_or("");
    let mut out = Vec::new();
    for (i, o) in document.objectives.iter().enumerate() {
        for (j, k) in o.key_results.iter().enumerate() {
            if k.contributes_to.as_ref() != Some(&target.id) {
                continue;
            }
            let value = scores.key_result(i, j).and_then(|s| s.current);
            let factor = k.metric.as_ref().and_then(Metric::unit).and_then(|from| units::factor(from, unit));
            let converted = value.zip(factor).map(|(v, f)| v * f);
            out.push(Contribution { objective: i, key_result: j, value, converted });
        }
    }
    out
}

/// An objective's progress over time: scored at each check-in date of the key
/// results it is made of (its own, those rolling into them, and so on down), in date
/// order. Each point equals `score(document, date)` for the objective.
pub fn progress_over_time(document: &Document, objective: usize) -> Vec<(Date, f64)> {
    if objective >= document.objectives.len() {
        return Vec::new();
    }
    let dates = dates_below(document, |_| vec![objective]);
    dates.into_iter().map(|d| (d, score(document, d).objectives[objective].progress)).collect()
}

/// The check-in dates of every key result the roll-up graph reaches from the nodes
/// `start` names (objective indexes, or [`Graph::key_result_node`]s), sorted, without
/// repeats.
fn dates_below(document: &Document, start: impl FnOnce(&Graph) -> Vec<usize>) -> Vec<Date> {
    let graph = Graph::new(document);
    let mut seen = vec![false; graph.edges.len()];
    let mut todo = start(&graph);
    todo.retain(|&node| node < seen.len());
    for &node in &todo {
        seen[node] = true;
    }
    while let Some(node) = todo.pop() {
        for &next in &graph.edges[node] {
            if !seen[next] {
                seen[next] = true;
                todo.push(next);
            }
        }
    }
    let mut dates = Vec::new();
    for (i, o) in document.objectives.iter().enumerate() {
        for (j, kr) in o.key_results.iter().enumerate() {
            if seen[graph.key_result_node(i, j)] {
                dates.extend(kr.check_ins.iter().map(|c| c.date));
            }
        }
    }
    crate::sort::sort(&mut dates);
    dates.dedup();
    dates
}

fn objective_weight(objective: &Objective) -> f64 {
    objective.weight.unwrap_or(1.0)
}

/// Scores every objective and key result of `document` as of `as_of`.
pub fn score(document: &Document, as_of: Date) -> Scores {
    Scorer::default().score(document, as_of)
}

/// Scores one document again and again as it is edited. The roll-up graph (which
/// score is made of which, and its cycles) depends only on the document's structure:
/// ids, parents, `parent_kr`, `contributes_to` and which key results roll up. Building
/// it hashes every id, about a third of scoring 2,000 objectives in Wasm, so it is kept
/// while the structure stays the same, as it does while someone types a value.
#[derive(Default)]
pub struct Scorer {
    kept: Option<Kept>,
}

/// The graph of the last document scored, and what it was built from.
struct Kept {
    /// [`structure`]'s digest.
    digest: u64,
    /// Each objective's number of key results: the graph's node layout.
    shape: Vec<usize>,
    graph: Graph,
    /// Its strongly connected components, in scoring order.
    components: Vec<Vec<usize>>,
}

impl Scorer {
    /// The same as [`score`], reusing the graph of the last document scored when the
    /// structure is the same.
    pub fn score(&mut self, document: &Document, as_of: Date) -> Scores {
        let digest = structure(document);
        let same = self.kept.as_ref().is_some_and(|kept| {
            kept.digest == digest
                && kept.shape.len() == document.objectives.len()
                && kept.shape.iter().zip(&document.objectives).all(|(&count, o)| count == o.key_results.len())
        });
        if !same {
            let graph = Graph::new(document);
            let components = graph.components();
            let shape = document.objectives.iter().map(|o| o.key_results.len()).collect();
            self.kept = Some(Kept { digest, shape, graph, components });
        }
        match &self.kept {
            Some(kept) => score_with(document, &kept.graph, &kept.components, as_of),
            None => Scores { as_of, objectives: Vec::new(), key_results: Vec::new() },
        }
    }
}

/// A digest of what the roll-up graph is built from (see [`Scorer`]).
fn structure(document: &Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = Mix(0);
    document.objectives.len().hash(&mut h);
    for o in &document.objectives {
        o.id.hash(&mut h);
        o.parent.hash(&mut h);
        o.parent_kr.hash(&mut h);
        o.key_results.len().hash(&mut h);
        for kr in &o.key_results {
            kr.id.hash(&mut h);
            kr.contributes_to.hash(&mut h);
            let kind = match &kr.metric {
                Some(Metric::Children) => 1u8,
                Some(metric) if metric.is_computed() => 2,
                _ => 0,
            };
            kind.hash(&mut h);
        }
    }
    h.finish()
}

fn score_with(document: &Document, graph: &Graph, components: &[Vec<usize>], as_of: Date) -> Scores {
    let mut progress = vec![0.0; graph.edges.len()];
    let mut in_cycle = vec![false; graph.edges.len()];
    // The current value of each key result node (index `node - n`), computed ones included.
    let mut values: Vec<Option<f64>> = vec![None; graph.edges.len() - graph.objectives];

    // Which objective or key result a node is, for the scoring step.
    let n = graph.objectives;
    let mut kr_of_node = vec![(0usize, 0usize); graph.edges.len() - n];
    for (i, objective) in document.objectives.iter().enumerate() {
        for j in 0..objective.key_results.len() {
            kr_of_node[graph.key_result_node(i, j) - n] = (i, j);
        }
    }

    for component in components {
        let cyclic = component.len() > 1 || graph.edges[component[0]].contains(&component[0]);
        if cyclic {
            for &node in component {
                in_cycle[node] = true; // progress stays 0
            }
            continue;
        }
        let node = component[0];
        progress[node] = if node < n {
            let objective = &document.objectives[node];
            if objective.key_results.is_empty() {
                weighted_mean(
                    graph.edges[node]
                        .iter()
                        .map(|&child| (progress[child], objective_weight(&document.objectives[child]))),
                )
            } else {
                weighted_mean(
                    objective
                        .key_results
                        .iter()
                        .enumerate()
                        .map(|(j, kr)| (progress[graph.key_result_node(node, j)], kr.weight)),
                )
            }
        } else {
            let (i, j) = kr_of_node[node - n];
            let kr = &document.objectives[i].key_results[j];
            match &kr.metric {
                Some(Metric::Children) => weighted_mean(
                    graph.edges[node]
                        .iter()
                        .map(|&child| (progress[child], objective_weight(&document.objectives[child]))),
                ),
                Some(metric) if metric.is_computed() => {
                    let parts = graph.edges[node].iter().map(|&c| {
                        let (ci, cj) = kr_of_node[c - n];
                        (&document.objectives[ci].key_results[cj], values[c - n])
                    });
                    let value = computed_value(metric, parts);
                    values[node - n] = Some(value);
                    measured_progress(Some(metric), Some(value))
                }
                metric => {
                    let value = latest_check_in(&kr.check_ins, as_of).map(|c| c.value);
                    values[node - n] = value.or_else(|| metric.as_ref().and_then(Metric::range).map(|r| r.0));
                    measured_progress(metric.as_ref(), value)
                }
            }
        };
    }

    let mut objectives = Vec::with_capacity(n);
    let mut key_results = Vec::with_capacity(n);
    for (i, objective) in document.objectives.iter().enumerate() {
        let expected = objective.period.map_or(0.0, |p| p.elapsed_fraction(as_of));
        let started = objective.period.is_none_or(|p| as_of >= p.start);
        let krs: Vec<KeyResultScore> = objective
            .key_results
            .iter()
            .enumerate()
            .map(|(j, kr)| {
                let node = graph.key_result_node(i, j);
                let computed = kr.metric.as_ref().is_some_and(Metric::is_computed);
                // A computed key result takes no check-ins of its own.
                let latest = if computed { None } else { latest_check_in(&kr.check_ins, as_of) };
                let current = if computed { values[node - n] } else { latest.map(|c| c.value) };
                let status = if !started {
                    Status::NotStarted
                } else if let Some(manual) = latest.and_then(|c| c.status) {
                    manual.into()
                } else if let (Some(Metric::Health(health)), Some(value)) = (&kr.metric, current) {
                    match health.zone(value) {
                        HealthZone::Healthy => Status::OnTrack,
                        HealthZone::Warning => Status::AtRisk,
                        HealthZone::Outside => Status::OffTrack,
                    }
                } else {
                    Status::from_gap(expected - progress[node])
                };
                KeyResultScore {
                    progress: progress[node],
                    status,
                    current,
                    in_cycle: in_cycle[node],
                    confidence: confidence::latest(&kr.check_ins, as_of),
                }
            })
            .collect();
        let status = if !started {
            Status::NotStarted
        } else {
            krs.iter().map(|k| k.status).max().unwrap_or_else(|| Status::from_gap(expected - progress[i]))
        };
        objectives.push(ObjectiveScore {
            progress: progress[i],
            status,
            expected,
            grade: Grade::of(progress[i]),
            needs_review: objective.kind == Kind::Committed && progress[i] < 1.0 - EPSILON,
            in_cycle: in_cycle[i],
            confidence: confidence::objective(objective, as_of),
        });
        key_results.push(krs);
    }
    Scores { as_of, objectives, key_results }
}

/// A digest of everything [`score`] reads from `document` (ids, links, kinds, weights,
/// periods, metrics, check-in dates, values, statuses and confidences) and nothing else: titles,
/// owners, levels, notes, due dates and check-in notes are left out.
///
/// Two documents with the same fingerprint score the same on the same day, so the
/// editor can skip rescoring a whole company's tree when a keystroke only changed a
/// title: hashing is a small fraction of scoring. The hash is not cryptographic, but
/// each step of it is a bijection of its state, so a change to any single number or
/// flag always changes the fingerprint (the common case: one edit between two checks).
pub fn fingerprint(document: &Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = Mix(0);
    let number = |h: &mut Mix, x: f64| x.to_bits().hash(h);
    document.objectives.len().hash(&mut h);
    for o in &document.objectives {
        o.id.hash(&mut h);
        o.parent.hash(&mut h);
        o.parent_kr.hash(&mut h);
        o.kind.hash(&mut h);
        o.weight.map(f64::to_bits).hash(&mut h);
        o.period.map(|p| (p.start, p.end)).hash(&mut h);
        o.key_results.len().hash(&mut h);
        for kr in &o.key_results {
            kr.id.hash(&mut h);
            kr.contributes_to.hash(&mut h);
            number(&mut h, kr.weight);
            match &kr.metric {
                None => 0u8.hash(&mut h),
                Some(Metric::Number { start, target, .. }) => {
                    1u8.hash(&mut h);
                    number(&mut h, *start);
                    number(&mut h, *target);
                }
                Some(Metric::Milestone) => 2u8.hash(&mut h),
                Some(Metric::Children) => 3u8.hash(&mut h),
                Some(Metric::Sum { start, target, unit } | Metric::Mean { start, target, unit }) => {
                    (4u8 + u8::from(matches!(kr.metric, Some(Metric::Mean { .. })))).hash(&mut h);
                    number(&mut h, *start);
                    number(&mut h, *target);
                    unit.hash(&mut h);
                }
                Some(Metric::Health(band)) => {
                    6u8.hash(&mut h);
                    for limit in [band.min, band.max, band.warn_below, band.warn_above] {
                        limit.map(f64::to_bits).hash(&mut h);
                    }
                }
            }
            // Units convert contributions: a contributor's unit changes its sum.
            kr.metric.as_ref().and_then(Metric::unit).hash(&mut h);
            kr.check_ins.len().hash(&mut h);
            for c in &kr.check_ins {
                c.date.hash(&mut h);
                number(&mut h, c.value);
                c.status.hash(&mut h);
                c.confidence.hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A fast word-at-a-time hash (the multiply-rotate step of rustc's FxHasher), several
/// times faster than the default SipHash on the many small fields [`fingerprint`] reads.
struct Mix(u64);

impl Mix {
    fn word(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.word(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.word(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.word(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
