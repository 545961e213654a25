//! Progress over time, as the charts draw it: a series of (date, progress) points,
//! each the score on that date, against the expected-progress line (0 at the start of
//! the period, 1 at its end). One shape for a key result, an objective and the whole
//! document, so the browser has one chart and one text equivalent for all three.

use crate::calendar::{Date, Period};
use crate::model::{Document, Metric};

use super::{Graph, dates_below, latest_check_in, measured_progress, progress_over_time, score};

/// A progress series and the period its expected line spans.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// In date order, progress in [0, 1].
    pub points: Vec<(Date, f64)>,
    pub period: Option<Period>,
}

/// Objective `objective`'s progress at each check-in date of what it is made of.
pub fn objective(document: &Document, objective: usize) -> Timeline {
    Timeline {
        points: progress_over_time(document, objective),
        period: document.objectives.get(objective).and_then(|o| o.period),
    }
}

/// Key result `kr` of objective `objective`: its progress after each of its own
/// check-ins, or for a roll-up (`sum`, `mean`, `children`) at each check-in date of
/// what rolls into it.
pub fn key_result(document: &Document, objective: usize, kr: usize) -> Timeline {
    let Some(k) = document.objectives.get(objective).and_then(|o| o.key_results.get(kr)) else {
        return Timeline::default();
    };
    let period = document.objectives[objective].period;
    let points = if k.metric.as_ref().is_some_and(|m| m.is_computed() || matches!(m, Metric::Children)) {
        dates_below(document, |g: &Graph| vec![g.key_result_node(objective, kr)])
            .into_iter()
            .map(|d| (d, score(document, d).key_results[objective][kr].progress))
            .collect()
    } else {
        let mut dates: Vec<Date> = k.check_ins.iter().map(|c| c.date).collect();
        crate::sort::sort(&mut dates);
        dates.dedup();
        dates
            .into_iter()
            .map(|d| (d, measured_progress(k.metric.as_ref(), latest_check_in(&k.check_ins, d).map(|c| c.value))))
            .collect()
    };
    Timeline { points, period }
}

/// The whole document (or one owner's objectives, as the dashboard filters them): the
/// mean progress of those objectives at each check-in date below them, which is the
/// dashboard's average progress on that date. The period runs from the earliest start
/// to the latest end among them.
pub fn document(document: &Document, owner: Option<&str>) -> Timeline {
    let shown: Vec<usize> = (0..document.objectives.len())
        .filter(|&i| owner.is_none_or(|w| document.objectives[i].owner.trim() == w.trim()))
        .collect();
    if shown.is_empty() {
        return Timeline::default();
    }
    let dates = dates_below(document, |_| shown.clone());
    let points = dates
        .into_iter()
        .map(|d| {
            let scores = score(document, d);
            (d, shown.iter().map(|&i| scores.objectives[i].progress).sum::<f64>() / shown.len() as f64)
        })
        .collect();
    let periods = shown.iter().filter_map(|&i| document.objectives[i].period);
    let period = periods.reduce(|a, b| Period { start: a.start.min(b.start), end: a.end.max(b.end) });
    Timeline { points, period }
}

impl Timeline {
    /// The points on or before `day` (the dashboard shows the document as of a date).
    pub fn until(mut self, day: Date) -> Timeline {
        self.points.retain(|p| p.0 <= day);
        self
    }

    /// Where progress should be on `day`: the elapsed share of the period.
    pub fn expected(&self, day: Date) -> Option<f64> {
        self.period.map(|p| p.elapsed_fraction(day))
    }

    /// Each point with the expected progress on its date: the chart's text equivalent.
    pub fn rows(&self) -> Vec<(Date, f64, Option<f64>)> {
        self.points.iter().map(|&(d, p)| (d, p, self.expected(d))).collect()
    }

    /// The axes of a `width` × `height` chart with `pad` around the plot: the period
    /// across (or the points' dates without one), progress 0 to 1 up. `None` with
    /// neither a period nor a point.
    pub fn axes(&self, width: f64, height: f64, pad: f64) -> Option<Axes> {
        let (first, last) = match self.period {
            Some(p) => (p.start.min(self.points.first().map_or(p.start, |p| p.0)), p.end),
            None => (self.points.first()?.0, self.points.last()?.0),
        };
        Some(Axes { first, days: first.days_until(last).max(1) as f64, width, height, pad })
    }
}

/// A chart's coordinates: dates to x, progress to y (SVG's y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axes {
    first: Date,
    days: f64,
    width: f64,
    height: f64,
    pad: f64,
}

impl Axes {
    pub fn x(&self, day: Date) -> f64 {
        self.pad + (self.first.days_until(day) as f64 / self.days).clamp(0.0, 1.0) * (self.width - 2.0 * self.pad)
    }

    pub fn y(&self, progress: f64) -> f64 {
        self.height - self.pad - progress.clamp(0.0, 1.0) * (self.height - 2.0 * self.pad)
    }

    /// `series` as an SVG `points` attribute ("x,y x,y …").
    pub fn polyline(&self, series: &[(Date, f64)]) -> String {
        series.iter().map(|&(d, p)| format!("{:.1},{:.1}", self.x(d), self.y(p))).collect::<Vec<_>>().join(" ")
    }

    /// The expected line of `period`, from 0 at its start to 1 at its end: x1, y1, x2, y2.
    pub fn expected_line(&self, period: Period) -> (f64, f64, f64, f64) {
        (self.x(period.start), self.y(0.0), self.x(period.end), self.y(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckIn, Id, KeyResult, Level, Objective};

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// A center whose sum is fed by two teams, checked in on different days.
    fn doc() -> Document {
        let period = Some(Period { start: day("2026-01-01"), end: day("2026-12-31") });
        let mut center = Objective::new("sc", "center", Level::Department);
        center.period = period;
        let mut total = KeyResult::new("sc-1", "total");
        total.metric = Some(Metric::Sum { start: 0.0, target: 100.0, unit: "个".into() });
        center.key_results = vec![total];
        let team = |id: &str, date: &str, value: f64| {
            let mut o = Objective::new(id, id, Level::Team);
            o.period = period;
            o.parent = Some(Id::from("sc"));
            o.owner = id.into();
            let mut kr = KeyResult::new(&format!("{id}-1"), id);
            kr.metric = Some(Metric::Number { start: 0.0, target: 50.0, unit: "个".into() });
            kr.contributes_to = Some(Id::from("sc-1"));
            kr.check_ins = vec![CheckIn::new(day(date), value)];
            o.key_results = vec![kr];
            o
        };
        Document {
            objectives: vec![center, team("a", "2026-02-01", 20.0), team("b", "2026-03-01", 30.0)],
            ..Document::default()
        }
    }

    #[test]
    fn a_sum_is_drawn_at_every_date_of_its_contributors() {
        let d = doc();
        let t = key_result(&d, 0, 0);
        assert_eq!(t.points, [(day("2026-02-01"), 0.2), (day("2026-03-01"), 0.5)]);
        assert_eq!(objective(&d, 0).points, t.points);
        assert_eq!(key_result(&d, 1, 0).points, [(day("2026-02-01"), 0.4)]);
        assert_eq!(key_result(&d, 9, 0), Timeline::default());
    }

    #[test]
    fn the_document_curve_is_the_dashboards_average_on_each_date() {
        let d = doc();
        let t = document(&d, None);
        for (date, progress) in &t.points {
            let scores = score(&d, *date);
            let board = crate::meetings::dashboard::dashboard(&d, &scores, &[], None);
            assert!((board.scorecard.average_progress - progress).abs() < 1e-9);
        }
        assert_eq!(t.points.len(), 2);
        assert_eq!(t.period.map(|p| p.end), Some(day("2026-12-31")));
        // One owner: only the dates below their objectives.
        assert_eq!(document(&d, Some("b")).points, [(day("2026-03-01"), 0.6)]);
        assert_eq!(document(&d, Some("nobody")), Timeline::default());
        assert_eq!(t.clone().until(day("2026-02-15")).points, t.points[..1]);
    }

    #[test]
    fn axes_span_the_period_and_rows_carry_the_expected_progress() {
        let t = key_result(&doc(), 0, 0);
        let axes = t.axes(100.0, 50.0, 5.0).unwrap();
        assert_eq!(axes.x(day("2026-01-01")), 5.0);
        assert_eq!(axes.x(day("2027-06-01")), 95.0, "clamped to the plot");
        assert_eq!((axes.y(0.0), axes.y(1.0)), (45.0, 5.0));
        assert_eq!(axes.polyline(&[(day("2026-01-01"), 0.0)]), "5.0,45.0");
        let rows = t.rows();
        assert_eq!(rows.len(), 2);
        assert!(rows[0].2.is_some_and(|e| e > 0.0 && e < 0.2));
        assert_eq!(Timeline::default().axes(1.0, 1.0, 0.0), None);
    }
}
