//! The health scorecard of the weekly and bi-weekly meetings (seed 000's traffic
//! lights, seed 003's 目标健康度评分卡): for one date, how many objectives and key
//! results stand where, how progress compares with the time gone, each owner's
//! share, how the grades spread, which key results need attention first, what is
//! due for a check-in by owner, and where the owners' confidence is lowest or fell.
//!
//! Everything is computed from `scoring::score` of the chosen date, so moving the
//! date shows the document as it stood that day (a check-in dated later does not
//! count yet). A filter by owner keeps the objectives that owner is accountable for.

use crate::calendar::Date;
use crate::meetings::cadence::{self, DueItem};
use crate::meetings::grading::{self, Distribution};
use crate::model::{Document, Id, Metric};
use crate::rules::Finding;
use crate::scoring::{Scores, Status, confidence};

/// How long without a check-in makes a key result stale: the two weeks of seed 003's
/// bi-weekly meeting.
pub const STALE_DAYS: i64 = 14;

/// How many objectives or key results stand in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub not_started: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::OnTrack => self.on_track += 1,
            Status::AtRisk => self.at_risk += 1,
            Status::OffTrack => self.off_track += 1,
            Status::NotStarted => self.not_started += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.on_track + self.at_risk + self.off_track + self.not_started
    }

    /// The count of `status`.
    pub fn of(&self, status: Status) -> usize {
        match status {
            Status::OnTrack => self.on_track,
            Status::AtRisk => self.at_risk,
            Status::OffTrack => self.off_track,
            Status::NotStarted => self.not_started,
        }
    }
}

/// The statuses in the order the scorecard shows them: good news first.
pub const STATUSES: [Status; 4] = [Status::OnTrack, Status::AtRisk, Status::OffTrack, Status::NotStarted];

/// The scorecard's headline figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scorecard {
    pub objectives: Counts,
    pub key_results: Counts,
    /// The plain mean of the objectives' progress, in [0, 1].
    pub average_progress: f64,
    /// The plain mean of where they should be by the date.
    pub average_expected: f64,
}

/// One owner's line of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnerRow {
    /// Empty for objectives nobody owns.
    pub owner: String,
    pub objectives: usize,
    pub average_progress: f64,
    /// The worst status among the owner's objectives (off track is worst).
    pub worst: Status,
    /// Findings of the rules on the owner's objectives and their key results.
    pub findings: usize,
}

/// Why a key result is on the attention list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    OffTrack,
    /// No check-in for more than [`STALE_DAYS`]: the days since the last one, or since
    /// the period began when there was none (`None` when there is no period either).
    Stale(Option<i64>),
    /// The latest check-in names blockers.
    Blocker(String),
}

/// A key result that needs attention, with every reason it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Attention {
    pub objective: Id,
    pub key_result: Id,
    pub title: String,
    /// The key result's owner, or its objective's when it has none.
    pub owner: String,
    pub progress: f64,
    pub status: Status,
    pub reasons: Vec<Reason>,
}

/// How many key results the "lowest confidence" list shows.
pub const LOWEST_CONFIDENCE: usize = 5;

/// A fall of this much or more between two confidences is worth a question.
pub const CONFIDENCE_DROP: u8 = 2;

/// A key result's latest confidence, and the one before it, for the lists.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfidenceItem {
    pub objective: Id,
    pub key_result: Id,
    pub title: String,
    /// The key result's owner, or its objective's.
    pub owner: String,
    pub confidence: u8,
    pub previous: Option<u8>,
}

/// Everything the dashboard shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    pub as_of: Date,
    pub scorecard: Scorecard,
    pub owners: Vec<OwnerRow>,
    /// Key-result grades (decided or suggested) of the objectives shown.
    pub grades: Distribution,
    /// Most urgent first: more reasons first, then off track, then lower progress.
    pub attention: Vec<Attention>,
    /// What is due for a check-in (see `meetings::cadence`), by owner: owners sorted
    /// (nobody's last), each one's most overdue first.
    pub due: Vec<(String, Vec<DueItem>)>,
    /// The [`LOWEST_CONFIDENCE`] key results with the lowest confidence, lowest first
    /// (ties in document order).
    pub lowest_confidence: Vec<ConfidenceItem>,
    /// Key results whose latest confidence is [`CONFIDENCE_DROP`] or more below the
    /// one before it, largest fall first.
    pub confidence_drops: Vec<ConfidenceItem>,
}

/// The owners of the document's objectives, sorted, each once (an empty owner, if any,
/// last): the choices of the owner filter.
pub fn owners(document: &Document) -> Vec<String> {
    let mut owners: Vec<String> = document.objectives.iter().map(|o| o.owner.trim().to_owned()).collect();
    crate::sort::by(&mut owners, |a, b| (a.is_empty(), a).cmp(&(b.is_empty(), b)));
    owners.dedup();
    owners
}

/// The dashboard of `document` scored by `scores` (of the date to show), with the
/// `findings` of that scoring, limited to the objectives of `owner` when given.
pub fn dashboard(document: &Document, scores: &Scores, findings: &[Finding], owner: Option<&str>) -> Dashboard {
    let as_of = scores.as_of;
    let shown: Vec<usize> = (0..document.objectives.len().min(scores.objectives.len()))
        .filter(|&i| owner.is_none_or(|w| document.objectives[i].owner.trim() == w.trim()))
        .collect();

    let mut scorecard = Scorecard::default();
    for &i in &shown {
        scorecard.objectives.add(scores.objectives[i].status);
        for kr in scores.key_results.get(i).into_iter().flatten() {
            scorecard.key_results.add(kr.status);
        }
    }
    let mean = |f: &dyn Fn(usize) -> f64| {
        if shown.is_empty() { 0.0 } else { shown.iter().map(|&i| f(i)).sum::<f64>() / shown.len() as f64 }
    };
    scorecard.average_progress = mean(&|i| scores.objectives[i].progress);
    scorecard.average_expected = mean(&|i| scores.objectives[i].expected);

    let mut rows: Vec<OwnerRow> = Vec::new();
    for &i in &shown {
        let name = document.objectives[i].owner.trim();
        let row = match rows.iter().position(|r| r.owner == name) {
            Some(at) => &mut rows[at],
            None => {
                rows.push(OwnerRow {
                    owner: name.to_owned(),
                    objectives: 0,
                    average_progress: 0.0,
                    worst: Status::NotStarted,
                    findings: 0,
                });
                let last = rows.len() - 1;
                &mut rows[last]
            }
        };
        let score = &scores.objectives[i];
        // A running mean: the sum is divided once all are in, below.
        row.average_progress += score.progress;
        row.objectives += 1;
        row.worst = row.worst.max(score.status);
        let id = &document.objectives[i].id;
        row.findings += findings.iter().filter(|f| f.objective.as_ref() == Some(id)).count();
    }
    for row in &mut rows {
        row.average_progress /= row.objectives.max(1) as f64;
    }
    crate::sort::by(&mut rows, |a, b| (a.owner.is_empty(), &a.owner).cmp(&(b.owner.is_empty(), &b.owner)));

    let graded: Vec<_> = shown.iter().filter_map(|&i| grading::objective_grade(document, scores, i)).collect();
    let grades = grading::distribution(&graded);

    let mut attention = Vec::new();
    for &i in &shown {
        let objective = &document.objectives[i];
        let in_period = objective.period.is_none_or(|p| p.contains(as_of));
        for (j, kr) in objective.key_results.iter().enumerate() {
            let Some(score) = scores.key_result(i, j) else { continue };
            if score.status == Status::NotStarted {
                continue;
            }
            let mut reasons = Vec::new();
            if score.status == Status::OffTrack {
                reasons.push(Reason::OffTrack);
            }
            let latest = crate::scoring::latest_check_in(&kr.check_ins, as_of);
            // Roll-ups take no check-ins, and a finished period needs none.
            let measured = !matches!(kr.metric, Some(Metric::Children));
            if measured && in_period {
                let since = latest.map(|c| c.date).or(objective.period.map(|p| p.start));
                let days = since.map(|d| d.days_until(as_of));
                if days.is_none_or(|d| d > STALE_DAYS) {
                    reasons.push(Reason::Stale(days));
                }
            }
            if let Some(c) = latest.filter(|c| !c.blockers.trim().is_empty()) {
                reasons.push(Reason::Blocker(c.blockers.trim().to_owned()));
            }
            if reasons.is_empty() {
                continue;
            }
            let owner = if kr.owner.trim().is_empty() { &objective.owner } else { &kr.owner };
            attention.push(Attention {
                objective: objective.id.clone(),
                key_result: kr.id.clone(),
                title: kr.title.clone(),
                owner: owner.trim().to_owned(),
                progress: score.progress,
                status: score.status,
                reasons,
            });
        }
    }
    crate::sort::by(&mut attention, |a, b| {
        let off = |x: &Attention| x.reasons.contains(&Reason::OffTrack);
        b.reasons.len().cmp(&a.reasons.len()).then(off(b).cmp(&off(a))).then(a.progress.total_cmp(&b.progress))
    });

    let is_shown = |i: usize| owner.is_none() || shown.binary_search(&i).is_ok();
    let mut due = cadence::due_by_owner(document, as_of);
    for (_, items) in &mut due {
        items.retain(|item| is_shown(item.place.0));
    }
    due.retain(|(_, items)| !items.is_empty());

    let mut confidences = Vec::new();
    for &i in &shown {
        let objective = &document.objectives[i];
        for kr in &objective.key_results {
            let history = confidence::history(&kr.check_ins, as_of);
            let Some(&(_, latest)) = history.last() else { continue };
            confidences.push(ConfidenceItem {
                objective: objective.id.clone(),
                key_result: kr.id.clone(),
                title: kr.title.clone(),
                owner: cadence::owner_of(objective, kr).to_owned(),
                confidence: latest,
                previous: history.len().checked_sub(2).map(|p| history[p].1),
            });
        }
    }
    let fall = |item: &ConfidenceItem| item.previous.map_or(0, |p| p.saturating_sub(item.confidence));
    let mut confidence_drops: Vec<ConfidenceItem> =
        confidences.iter().filter(|item| fall(item) >= CONFIDENCE_DROP).cloned().collect();
    crate::sort::by_key(&mut confidence_drops, |item| std::cmp::Reverse(fall(item)));
    let mut lowest_confidence = confidences;
    crate::sort::by_key(&mut lowest_confidence, |item| item.confidence);
    lowest_confidence.truncate(LOWEST_CONFIDENCE);

    Dashboard { as_of, scorecard, owners: rows, grades, attention, due, lowest_confidence, confidence_drops }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::model::{CheckIn, KeyResult, Level, Objective};
    use crate::rules::check;
    use crate::scoring::score;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn kr(id: &str, check_ins: &[(&str, f64, &str)]) -> KeyResult {
        let mut k = KeyResult::new(id, &format!("Reach {id} 100"));
        k.metric = Some(Metric::Number { start: 0.0, target: 100.0, unit: String::new() });
        for (date, value, blockers) in check_ins {
            let mut c = CheckIn::new(d(date), *value);
            c.blockers = (*blockers).to_owned();
            k.check_ins.push(c);
        }
        k
    }

    /// Q1; on 2026-02-15 (half way) 王磊 has one objective on track and one off track,
    /// 赵敏 one at risk with a blocker.
    fn document() -> Document {
        let q1 = Period { start: d("2026-01-01"), end: d("2026-03-31") };
        let objective = |id: &str, owner: &str, krs: Vec<KeyResult>| {
            let mut o = Objective::new(id, id, Level::Team);
            o.owner = owner.into();
            o.period = Some(q1);
            o.key_results = krs;
            o
        };
        Document {
            objectives: vec![
                objective("a", "王磊", vec![kr("a1", &[("2026-02-10", 60.0, "")])]),
                objective("b", "王磊", vec![kr("b1", &[("2026-01-20", 5.0, "")])]),
                objective("c", "赵敏", vec![kr("c1", &[("2026-02-12", 30.0, "CRM 排期未定")])]),
                objective("d", "", vec![]),
            ],
            ..Document::default()
        }
    }

    fn at(date: &str, owner: Option<&str>) -> Dashboard {
        let doc = document();
        let scores = score(&doc, d(date));
        let findings = check(&doc, &scores);
        dashboard(&doc, &scores, &findings, owner)
    }

    #[test]
    fn the_scorecard_counts_statuses_and_compares_progress_with_time() {
        let all = at("2026-02-15", None);
        let o = all.scorecard.objectives;
        assert_eq!((o.on_track, o.at_risk, o.off_track), (1, 1, 2), "d has no key results: 0 of 0.5 is off track");
        assert_eq!(all.scorecard.key_results.total(), 3);
        assert!((all.scorecard.average_progress - (0.6 + 0.05 + 0.3) / 4.0).abs() < 1e-9);
        assert!((all.scorecard.average_expected - 45.0 / 89.0).abs() < 1e-9);
        let before = at("2025-12-01", None);
        assert_eq!(before.scorecard.objectives.not_started, 4);
        assert!(before.attention.is_empty(), "nothing is late before the period starts");
    }

    #[test]
    fn the_owner_filter_keeps_that_owners_objectives() {
        let wang = at("2026-02-15", Some("王磊"));
        assert_eq!(wang.scorecard.objectives.total(), 2);
        assert_eq!(wang.owners.len(), 1);
        let row = &wang.owners[0];
        assert_eq!((row.owner.as_str(), row.objectives, row.worst), ("王磊", 2, Status::OffTrack));
        assert!((row.average_progress - 0.325).abs() < 1e-9);
        assert_eq!(wang.grades.total(), 2);
        let all = at("2026-02-15", None);
        let names: Vec<&str> = all.owners.iter().map(|r| r.owner.as_str()).collect();
        assert_eq!(names, ["王磊", "赵敏", ""], "nobody's objectives last");
        assert_eq!(owners(&document()), ["王磊", "赵敏", ""]);
    }

    #[test]
    fn attention_lists_off_track_stale_and_blocked_key_results_worst_first() {
        let all = at("2026-02-15", None);
        let ids: Vec<&str> = all.attention.iter().map(|a| a.key_result.as_str()).collect();
        assert_eq!(ids, ["b1", "c1"]);
        assert_eq!(all.attention[0].reasons, [Reason::OffTrack, Reason::Stale(Some(26))]);
        assert_eq!(all.attention[1].reasons, [Reason::Blocker("CRM 排期未定".into())]);
        assert_eq!(all.attention[1].owner, "赵敏", "the objective's owner when the key result has none");
        // A check-in dated after the dashboard's date does not count yet.
        let earlier = at("2026-02-11", None);
        assert!(!earlier.attention.iter().any(|a| a.reasons.iter().any(|r| matches!(r, Reason::Blocker(_)))));
    }

    #[test]
    fn due_key_results_are_listed_by_owner_within_the_filter() {
        // Weekly: on 02-15, a1 (02-10) is not due; b1 (01-20) and c1 (02-12)... c1 is 3 days old.
        let all = at("2026-02-15", None);
        let due: Vec<(&str, Vec<(&str, i64)>)> = all
            .due
            .iter()
            .map(|(owner, items)| (owner.as_str(), items.iter().map(|i| (i.key_result.as_str(), i.overdue)).collect()))
            .collect();
        assert_eq!(due, [("王磊", vec![("b1", 19)])]);
        let later = at("2026-02-19", None);
        let owners: Vec<&str> = later.due.iter().map(|(owner, _)| owner.as_str()).collect();
        assert_eq!(owners, ["王磊", "赵敏"]);
        assert_eq!(later.due[0].1.len(), 2, "a1 is due now too");
        let zhao = at("2026-02-19", Some("赵敏"));
        assert_eq!(zhao.due.len(), 1);
        assert_eq!(zhao.due[0].0, "赵敏");
    }

    #[test]
    fn confidence_lists_show_the_lowest_and_the_drops_of_two_or_more() {
        let mut doc = document();
        let confidences: [(usize, &[(&str, u8)]); 3] = [
            (0, &[("2026-01-20", 8), ("2026-02-10", 6)]), // fell 2
            (1, &[("2026-01-10", 9), ("2026-01-20", 8)]), // fell 1
            (2, &[("2026-02-01", 3)]),                    // first one
        ];
        for (i, given) in confidences {
            let kr = &mut doc.objectives[i].key_results[0];
            kr.check_ins = given
                .iter()
                .map(|(date, c)| {
                    let mut check_in = CheckIn::new(d(date), 10.0);
                    check_in.confidence = Some(*c);
                    check_in
                })
                .collect();
        }
        let scores = score(&doc, d("2026-02-15"));
        let board = dashboard(&doc, &scores, &[], None);
        let lowest: Vec<(&str, u8, Option<u8>)> =
            board.lowest_confidence.iter().map(|c| (c.key_result.as_str(), c.confidence, c.previous)).collect();
        assert_eq!(lowest, [("c1", 3, None), ("a1", 6, Some(8)), ("b1", 8, Some(9))]);
        let drops: Vec<&str> = board.confidence_drops.iter().map(|c| c.key_result.as_str()).collect();
        assert_eq!(drops, ["a1"]);
        // Before the second confidence of a1, there is no drop yet.
        let earlier = dashboard(&doc, &score(&doc, d("2026-02-09")), &[], None);
        assert!(earlier.confidence_drops.is_empty());
        // The owner filter applies to the lists.
        let zhao = dashboard(&doc, &scores, &[], Some("赵敏"));
        assert_eq!(zhao.lowest_confidence.len(), 1);
        assert!(zhao.confidence_drops.is_empty());
    }

    #[test]
    fn findings_are_counted_per_owner() {
        let all = at("2026-02-15", None);
        let nobody = all.owners.iter().find(|r| r.owner.is_empty()).unwrap();
        assert!(nobody.findings > 0, "an objective without key results or owner has findings");
    }
}
