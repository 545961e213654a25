//! Deterministic documents of any size, for measuring the editor and the core on a
//! whole company's quarter (issue 3 asks for 2,000 objectives × 4 key results).
//!
//! The shape is a real cascade: one company objective, about ten departments, teams
//! under them and individuals under the teams, each objective aligned to one of its
//! parent's key results, every key result a number metric with two check-ins. The
//! same arguments always give the same document, so figures taken on it compare.

use super::date::Date;
use super::model::{CheckIn, Document, Id, KeyResult, Level, Metric, Objective};
use super::sample::quarter_of;

/// A company's quarter of `objectives` objectives with `krs_per_objective` key results
/// each, dated in the quarter containing `today`.
///
/// Objective 0 is the company's; objectives 1..=10 are departments under it, the
/// next tenth of the rest are teams (spread over the departments) and the remainder
/// individuals (spread over the teams).
pub fn company(objectives: usize, krs_per_objective: usize, today: Date) -> Document {
    let period = quarter_of(today);
    let departments = objectives.saturating_sub(1).min(10);
    let teams = objectives.saturating_sub(1 + departments) / 10;
    let mut document = Document { title: format!("Company quarter ({objectives} objectives)"), ..Document::default() };
    for i in 0..objectives {
        let (level, parent) = if i == 0 {
            (Level::Company, None)
        } else if i <= departments {
            (Level::Department, Some(0))
        } else if i <= departments + teams {
            (Level::Team, Some(1 + (i - departments - 1) % departments))
        } else if teams > 0 {
            (Level::Individual, Some(1 + departments + (i - departments - teams - 1) % teams))
        } else {
            (Level::Team, Some(1 + (i - 1) % departments.max(1)))
        };
        let mut objective = Objective::new(
            &format!("o{i}"),
            &format!("Grow the revenue of unit {i} through key-account solutions"),
            level,
        );
        objective.owner = format!("owner {}", i % 97);
        objective.period = Some(period);
        if let Some(p) = parent {
            objective.parent = Some(Id::from(format!("o{p}").as_str()));
            if krs_per_objective > 0 {
                objective.parent_kr = Some(Id::from(format!("o{p}k{}", i % krs_per_objective).as_str()));
            }
        }
        for k in 0..krs_per_objective {
            let mut kr = KeyResult::new(
                &format!("o{i}k{k}"),
                &format!("Raise signed key-account revenue of unit {i} from 0 to {} ten-thousand yuan", 100 + k * 50),
            );
            kr.owner = objective.owner.clone();
            let target = (100 + k * 50) as f64;
            kr.metric = Some(Metric::Number { start: 0.0, target, unit: "万元".to_owned() });
            // Progress spread over 0-100% so every status band occurs.
            let share = ((i * 7 + k * 13) % 101) as f64 / 100.0;
            for (step, fraction) in [(-14, 0.5), (-7, 1.0)] {
                let date = today.add_days(step).max(period.start);
                kr.check_ins.push(CheckIn::new(date, (target * share * fraction).round()));
            }
            objective.key_results.push(kr);
        }
        document.objectives.push(objective);
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::format;
    use crate::core::tree::Forest;

    fn today() -> Date {
        "2026-11-20".parse().unwrap()
    }

    #[test]
    fn the_same_arguments_give_the_same_valid_document() {
        let a = company(2000, 4, today());
        assert_eq!(a, company(2000, 4, today()));
        assert_eq!(a.objectives.len(), 2000);
        assert!(a.objectives.iter().all(|o| o.key_results.len() == 4));
        let text = format::to_json(&a);
        assert_eq!(format::parse(&text).unwrap(), a);
    }

    #[test]
    fn it_is_a_four_level_cascade_with_no_orphans() {
        let document = company(2000, 4, today());
        let forest = Forest::of(&document);
        assert_eq!(forest.roots, vec![0]);
        assert_eq!(forest.depth.iter().max(), Some(&3));
        for level in Level::ALL {
            assert!(document.objectives.iter().any(|o| o.level == level), "{level:?}");
        }
    }

    #[test]
    fn small_and_empty_sizes_work() {
        assert!(company(0, 4, today()).objectives.is_empty());
        for n in 1..15 {
            let document = company(n, 0, today());
            assert_eq!(Forest::of(&document).roots, vec![0], "{n}");
        }
    }
}
