//! Merging two versions of one document, matched by id: what a team needs when two
//! people edited copies of the same OKR file (two browsers, a file and a link).
//!
//! It is a *two-way* merge: there is no common ancestor, so a deletion cannot be told
//! from an addition on the other side. okrpad therefore never deletes: an objective,
//! key result, check-in or unknown field present on one side only is kept. What both
//! sides have is compared field by field:
//!
//! - **Objectives and key results** are matched by id. One present on one side only
//!   is added; "theirs"-only ones go right after the one that precedes them in their
//!   document (at the start when nothing precedes them), so a run of new objectives
//!   stays together and in order.
//! - **Fields** equal on both sides are kept; fields that differ are a [`Conflict`]
//!   (a field set on one side and empty on the other too: that may be an addition or
//!   a deletion). Every conflict starts resolved as "ours" — the current document is
//!   never silently overwritten — and [`Merge::resolve`] switches any of them.
//! - **A key result in different objectives** on the two sides (it was moved) stays
//!   where "ours" has it; the move is a conflict of the field `objective`.
//! - **Check-ins** are united by date: identical check-ins count once; a check-in on
//!   a date where the other side has a different one (another value, note, status…)
//!   is a conflict; the others are added, in date order.
//! - **Adjustments** (mid-period changes on the record) are united: each one of
//!   theirs that ours lacks is added, and the list is kept in date order. A record of
//!   why something changed is never dropped.
//! - **A check-in's confidence** is part of its check-in: the same date with another
//!   confidence is a check-in conflict.
//! - **Comments** are united by id: each one of theirs whose id the merged document
//!   lacks is added, and the list is kept in date order. A comment id used on both
//!   sides is the same comment; ours is kept, once (comment ids stay unique).
//! - **A grade, a retrospective and the cadence** are fields like the others: a
//!   conflict when they differ.
//! - **Unknown fields** are merged key by key: added when on one side only, a
//!   conflict when both sides differ.
//! - **An id used for an objective on one side and a key result on the other** cannot
//!   be merged; "theirs" is left out and listed in [`Merge::skipped`].
//!
//! The result always passes [`crate::formats::file::validate`]: ids stay unique.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::calendar::{Date, Period};
use crate::i18n::Text;
use crate::i18n::labels::{Label, plain_number};
use crate::model::{
    Adjustment, CheckIn, Comment, Document, Extra, Id, KeyResult, Kind, Level, Metric, Objective, Retro,
};

/// Which version a conflict takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    /// The current document (the first argument of [`merge`]): the default.
    #[default]
    Ours,
    /// The incoming version (the second argument).
    Theirs,
}

/// The field two versions disagree on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Owner,
    Level,
    Period,
    Parent,
    ParentKr,
    Kind,
    Weight,
    Notes,
    Due,
    Metric,
    /// The key result a key result feeds (`contributes_to`).
    ContributesTo,
    /// The objective a key result belongs to: it was moved on one side.
    Objective,
    /// The check-in of this date.
    CheckIn(Date),
    /// A key result's end-of-cycle grade.
    Grade,
    /// An objective's retrospective.
    Retro,
    /// The document's check-in cadence (`cadence_days`).
    Cadence,
    /// An unknown field, by its name in the file.
    Extra(String),
}

impl Field {
    /// The field's name as in a file (`title`, `parent_kr`, `check_ins`, an unknown
    /// field's own name), or `objective` for a key result's place.
    pub fn name(&self) -> &str {
        match self {
            Field::Title => "title",
            Field::Owner => "owner",
            Field::Level => "level",
            Field::Period => "period",
            Field::Parent => "parent",
            Field::ParentKr => "parent_kr",
            Field::Kind => "kind",
            Field::Weight => "weight",
            Field::Notes => "notes",
            Field::Due => "due",
            Field::Metric => "metric",
            Field::ContributesTo => "contributes_to",
            Field::Objective => "objective",
            Field::CheckIn(_) => "check_ins",
            Field::Grade => "grade",
            Field::Retro => "retro",
            Field::Cadence => "cadence_days",
            Field::Extra(name) => name,
        }
    }

    /// The field as people call it.
    pub fn label(&self) -> Text {
        match self {
            Field::Title => Text::new("标题", "title"),
            Field::Owner => Text::new("负责人", "owner"),
            Field::Level => Text::new("层级", "level"),
            Field::Period => Text::new("周期", "period"),
            Field::Parent => Text::new("上级目标", "parent objective"),
            Field::ParentKr => Text::new("对应的上级关键结果", "parent key result"),
            Field::Kind => Text::new("类型", "kind"),
            Field::Weight => Text::new("权重", "weight"),
            Field::Notes => Text::new("备注", "notes"),
            Field::Due => Text::new("截止日期", "due date"),
            Field::Metric => Text::new("衡量方式", "metric"),
            Field::ContributesTo => Text::new("贡献给", "contributes to"),
            Field::Objective => Text::new("所属目标", "objective"),
            Field::CheckIn(date) => Text::new(format!("{date} 的进度记录"), format!("check-in of {date}")),
            Field::Grade => Text::new("评分", "grade"),
            Field::Retro => Text::new("复盘", "retrospective"),
            Field::Cadence => Text::new("更新周期", "check-in cadence"),
            Field::Extra(name) => Text::new(format!("字段“{name}”"), format!("field “{name}”")),
        }
    }
}

/// One side's value in a conflict.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The value as a file writes it (`null` when the field is not set), for scripts.
    pub value: Value,
    /// The value as people read it.
    pub text: Text,
}

/// A field both versions set differently, and which one the merged document holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The objective the field belongs to (for a key result's field, its objective in
    /// the merged document); `None` for the document's own fields.
    pub objective: Option<Id>,
    /// The key result the field belongs to, if any.
    pub key_result: Option<Id>,
    pub field: Field,
    pub ours: Candidate,
    pub theirs: Candidate,
    /// The side the merged document currently holds.
    pub choice: Side,
    settings: [Setting; 2],
}

impl Conflict {
    /// The candidate of `side`.
    pub fn candidate(&self, side: Side) -> &Candidate {
        match side {
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }
}

/// What a summary calls the two sides of a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sides {
    /// Two files on a command line: A ("ours") and B ("theirs").
    Files,
    /// The editor: the current document and the incoming version.
    Editor,
}

impl Sides {
    /// The name of "ours"; its Chinese carries the spaces a Latin letter needs among
    /// Chinese words.
    fn ours(self) -> Text {
        match self {
            Sides::Files => Text::new(" A ", "A"),
            Sides::Editor => Text::new("当前文档", "the current document"),
        }
    }

    fn theirs(self) -> Text {
        match self {
            Sides::Files => Text::new(" B ", "B"),
            Sides::Editor => Text::new("导入的版本", "the incoming version"),
        }
    }
}

/// How much the merge added to "ours".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// Objectives only "theirs" had.
    pub objectives: usize,
    /// Key results only "theirs" had (those of new objectives included).
    pub key_results: usize,
    /// Check-ins only "theirs" had, on key results both sides have.
    pub check_ins: usize,
    /// Unknown fields only "theirs" had, on objects both sides have.
    pub fields: usize,
    /// Adjustments only "theirs" recorded, on objects both sides have.
    pub adjustments: usize,
    /// Comments only "theirs" had, on objects both sides have.
    pub comments: usize,
}

/// The result of [`merge`]: the merged document, with every conflict resolved as
/// "ours" until [`Merge::resolve`] says otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    document: Document,
    conflicts: Vec<Conflict>,
    added: Added,
    skipped: Vec<Id>,
}

impl Merge {
    /// The merged document, with the current choices applied.
    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn into_document(self) -> Document {
        self.document
    }

    /// Every conflict, in document order: the document's fields, then objective by
    /// objective, each objective's fields before its key results'.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    pub fn added(&self) -> Added {
        self.added
    }

    /// Ids of "theirs" left out because "ours" uses the id for another kind of object
    /// (an objective on one side, a key result on the other), with any new key
    /// results of such an objective.
    pub fn skipped(&self) -> &[Id] {
        &self.skipped
    }

    /// What the merge did, in both languages: a line per skipped id, then what it added
    /// and how its conflicts stand (kept as in "ours" or taken from "theirs"), each
    /// line ending in a newline. The CLI prints it after the conflicts; the app's merge
    /// dialog shows it, so both say the same, skipped ids included.
    pub fn summary(&self, sides: Sides) -> Text {
        let (ours, theirs) = (sides.ours(), sides.theirs());
        let mut zh = String::new();
        let mut en = String::new();
        for id in &self.skipped {
            zh.push_str(&format!(
                "未合并\u{ff1a}{}中的 {id} 在{}中是另一种对象（目标与关键结果不能同名）\n",
                theirs.zh.trim_start(),
                ours.zh
            ));
            en.push_str(&format!(
                "Not merged: {id} of {} names another kind of object in {} (an objective and a key result cannot share an id)\n",
                theirs.en, ours.en
            ));
        }
        let added = self.added;
        let parts = [
            (added.objectives, "个目标", "objective", "objectives"),
            (added.key_results, "个关键结果", "key result", "key results"),
            (added.check_ins, "条进度记录", "check-in", "check-ins"),
            (added.fields, "个未知字段", "unknown field", "unknown fields"),
            (added.adjustments, "条调整记录", "adjustment", "adjustments"),
            (added.comments, "条评论", "comment", "comments"),
        ];
        let parts: Vec<_> = parts.iter().filter(|(n, ..)| *n > 0).collect();
        let zh_parts: Vec<String> = parts.iter().map(|(n, zh, ..)| format!("{n} {zh}")).collect();
        let en_parts: Vec<String> =
            parts.iter().map(|(n, _, one, many)| format!("{n} {}", if *n == 1 { one } else { many })).collect();
        let zh_added = if zh_parts.is_empty() {
            "没有新增内容".to_owned()
        } else {
            format!("新增 {}", zh_parts.join("\u{3001}"))
        };
        let en_added = match en_parts.len() {
            0 => "nothing added".to_owned(),
            1 => format!("added {}", en_parts[0]),
            n => format!("added {} and {}", en_parts[..n - 1].join(", "), en_parts[n - 1]),
        };
        let conflicts = self.conflicts_summary(&ours, &theirs);
        zh.push_str(&format!("已合并\u{ff1a}{zh_added}\u{ff1b}{}\n", conflicts.zh));
        en.push_str(&format!("Merged: {en_added}; {}\n", conflicts.en));
        Text::new(zh, en)
    }

    /// How the conflicts stand: none, all kept as in "ours", all taken from "theirs",
    /// or how many of each.
    fn conflicts_summary(&self, ours: &Text, theirs: &Text) -> Text {
        let total = self.conflicts.len();
        let taken = self.conflicts.iter().filter(|c| c.choice == Side::Theirs).count();
        let kept = total - taken;
        match (total, taken) {
            (0, _) => Text::new("没有冲突", "no conflicts"),
            (1, 0) => Text::new(
                format!("1 处冲突\u{ff0c}均保留了{}的版本", ours.zh),
                format!("1 conflict, kept as in {}", ours.en),
            ),
            (1, _) => Text::new(
                format!("1 处冲突\u{ff0c}采用了{}的版本", theirs.zh),
                format!("1 conflict, taken from {}", theirs.en),
            ),
            (n, 0) => Text::new(
                format!("{n} 处冲突\u{ff0c}均保留了{}的版本", ours.zh),
                format!("{n} conflicts, each kept as in {}", ours.en),
            ),
            (n, t) if t == n => Text::new(
                format!("{n} 处冲突\u{ff0c}均采用了{}的版本", theirs.zh),
                format!("{n} conflicts, each taken from {}", theirs.en),
            ),
            (n, t) => Text::new(
                format!("{n} 处冲突\u{ff1a}{kept} 处保留了{}的版本\u{ff0c}{t} 处采用了{}的版本", ours.zh, theirs.zh),
                format!("{n} conflicts: {kept} kept as in {}, {t} taken from {}", ours.en, theirs.en),
            ),
        }
    }

    /// Makes the merged document hold `side`'s value for conflict `index`; `false`
    /// when there is no such conflict. Choices can be changed any number of times.
    pub fn resolve(&mut self, index: usize, side: Side) -> bool {
        let Some(conflict) = self.conflicts.get_mut(index) else { return false };
        if conflict.choice != side {
            let setting = conflict.settings[side as usize].clone();
            apply(&mut self.document, conflict.objective.as_ref(), conflict.key_result.as_ref(), setting);
            conflict.choice = side;
            if conflict.field == Field::Objective {
                // The key result now belongs to the other objective, and so do its fields.
                let (key_result, place) =
                    (conflict.key_result.clone(), conflict.candidate(side).value.as_str().map(Id::from));
                for other in self.conflicts.iter_mut().filter(|c| c.key_result.is_some() && c.key_result == key_result)
                {
                    other.objective = place.clone();
                }
            }
        }
        true
    }

    /// Resolves every conflict as `side`.
    pub fn resolve_all(&mut self, side: Side) {
        for index in 0..self.conflicts.len() {
            self.resolve(index, side);
        }
    }
}

/// A typed value of a field, and where in its object it goes.
#[derive(Clone, Debug, PartialEq)]
enum Setting {
    Title(String),
    Owner(String),
    Level(Level),
    Period(Option<Period>),
    Parent(Option<Id>),
    ParentKr(Option<Id>),
    Kind(Kind),
    ObjectiveWeight(Option<f64>),
    Notes(String),
    Weight(f64),
    Due(Option<Date>),
    Metric(Option<Metric>),
    ContributesTo(Option<Id>),
    /// A key result's objective, and its position among that objective's key results.
    Place(Id, usize),
    /// The check-in at this position of the key result's list.
    CheckIn(usize, CheckIn),
    Grade(Option<f64>),
    Retro(Option<Retro>),
    Cadence(Option<u32>),
    Extra(String, Value),
}

/// Merges `theirs` into `ours` (see the module documentation for the rules).
///
/// ```
/// use okrpad_core::merge::{merge, Side};
/// use okrpad_core::model::{Document, Level, Objective};
/// let grow = Objective::new("a", "Grow", Level::Team);
/// let ours = Document { title: "Q1".into(), objectives: vec![grow], ..Document::default() };
/// let mut theirs = ours.clone();
/// theirs.title = "Q1 sales".into();
/// theirs.objectives.push(Objective::new("b", "Hire", Level::Team));
/// let mut merged = merge(&ours, &theirs);
/// assert_eq!(merged.added().objectives, 1);
/// assert_eq!(merged.document().title, "Q1"); // a conflict: ours until resolved
/// merged.resolve(0, Side::Theirs);
/// assert_eq!(merged.document().title, "Q1 sales");
/// ```
pub fn merge(ours: &Document, theirs: &Document) -> Merge {
    let mut builder = Builder::default();
    let ours_objectives: HashMap<&Id, usize> = ours.objectives.iter().enumerate().map(|(i, o)| (&o.id, i)).collect();
    let ours_key_results: HashSet<&Id> =
        ours.objectives.iter().flat_map(|o| o.key_results.iter().map(|k| &k.id)).collect();

    // The objectives in merged order: ours, each followed by the new ones of theirs
    // that come after it there; `front` holds those that come first in theirs.
    let mut after: Vec<Vec<&Objective>> = vec![Vec::new(); ours.objectives.len()];
    let mut front: Vec<&Objective> = Vec::new();
    // Where the previous placed objective of theirs went: None for `front`.
    let mut bucket: Option<usize> = None;
    let mut matched: HashMap<&Id, &Objective> = HashMap::new();
    for objective in &theirs.objectives {
        if let Some(&index) = ours_objectives.get(&objective.id) {
            matched.insert(&objective.id, objective);
            bucket = Some(index);
        } else if ours_key_results.contains(&objective.id) {
            builder.skipped.push(objective.id.clone());
            let new_key_results = objective.key_results.iter().filter(|k| !ours_key_results.contains(&k.id));
            builder.skipped.extend(new_key_results.map(|k| k.id.clone()));
        } else {
            match bucket {
                Some(index) => after[index].push(objective),
                None => front.push(objective),
            }
        }
    }

    // Key results of theirs by id, with the objective they belong to there.
    let theirs_key_results: HashMap<&Id, (&Id, &KeyResult)> =
        theirs.objectives.iter().flat_map(|o| o.key_results.iter().map(move |k| (&k.id, (&o.id, k)))).collect();
    let skipped_objectives: HashSet<Id> = builder.skipped.iter().cloned().collect();

    let mut document = Document {
        title: ours.title.clone(),
        objectives: Vec::new(),
        cadence_days: ours.cadence_days,
        extra: ours.extra.clone(),
    };
    builder.compare(None, None, Field::Title, Setting::Title(ours.title.clone()), Setting::Title(theirs.title.clone()));
    builder.compare(
        None,
        None,
        Field::Cadence,
        Setting::Cadence(ours.cadence_days),
        Setting::Cadence(theirs.cadence_days),
    );
    builder.merge_extra(&mut document.extra, &theirs.extra, None, None);

    let mut place = |builder: &mut Builder, objective: &Objective, is_new: bool| {
        if is_new {
            builder.added.objectives += 1;
        }
        let merged = builder.objective(objective, is_new, &matched, &ours_key_results, &ours_objectives);
        document.objectives.push(merged);
    };
    for objective in front {
        place(&mut builder, objective, true);
    }
    for (index, objective) in ours.objectives.iter().enumerate() {
        place(&mut builder, objective, false);
        for &new in &after[index] {
            place(&mut builder, new, true);
        }
    }

    // Key results: ours keep their place; fields and check-ins are merged with theirs.
    for objective in &mut document.objectives {
        for (position, key_result) in objective.key_results.iter_mut().enumerate() {
            let Some(&(theirs_objective, theirs_kr)) = theirs_key_results.get(&key_result.id) else { continue };
            if !ours_key_results.contains(&key_result.id) {
                continue; // new from theirs: nothing to compare
            }
            let ours_place = &objective.id;
            // A move counts only to an objective the merged document has.
            let target_exists =
                ours_objectives.contains_key(theirs_objective) || !skipped_objectives.contains(theirs_objective);
            if theirs_objective != ours_place && target_exists {
                builder.compare(
                    Some(ours_place),
                    Some(&key_result.id),
                    Field::Objective,
                    Setting::Place(ours_place.clone(), position),
                    Setting::Place(theirs_objective.clone(), usize::MAX),
                );
            }
            builder.key_result(key_result, theirs_kr, ours_place);
        }
    }
    builder.finish(document)
}

#[derive(Default)]
struct Builder {
    conflicts: Vec<Conflict>,
    added: Added,
    skipped: Vec<Id>,
}

impl Builder {
    /// Records a conflict when the two settings differ.
    fn compare(
        &mut self,
        objective: Option<&Id>,
        key_result: Option<&Id>,
        field: Field,
        ours: Setting,
        theirs: Setting,
    ) {
        if ours != theirs {
            self.conflicts.push(Conflict {
                objective: objective.cloned(),
                key_result: key_result.cloned(),
                field,
                ours: candidate(&ours),
                theirs: candidate(&theirs),
                choice: Side::Ours,
                settings: [ours, theirs],
            });
        }
    }

    fn merge_extra(&mut self, ours: &mut Extra, theirs: &Extra, objective: Option<&Id>, key_result: Option<&Id>) {
        for (key, value) in theirs {
            match ours.get(key) {
                None => {
                    ours.insert(key.clone(), value.clone());
                    self.added.fields += 1;
                }
                Some(mine) if mine != value => {
                    let (mine, value) = (mine.clone(), value.clone());
                    self.compare(
                        objective,
                        key_result,
                        Field::Extra(key.clone()),
                        Setting::Extra(key.clone(), mine),
                        Setting::Extra(key.clone(), value),
                    );
                }
                Some(_) => {}
            }
        }
    }

    /// The merged objective for `objective` of ours (or a new one of theirs), with
    /// its key results placed: ours first, then those of theirs.
    fn objective(
        &mut self,
        objective: &Objective,
        is_new: bool,
        matched: &HashMap<&Id, &Objective>,
        ours_key_results: &HashSet<&Id>,
        ours_objectives: &HashMap<&Id, usize>,
    ) -> Objective {
        let mut merged = objective.clone();
        if is_new {
            // Key results ours already has stay where ours has them (a move is a conflict).
            merged.key_results.clear();
            for key_result in &objective.key_results {
                if ours_key_results.contains(&key_result.id) {
                    continue;
                }
                if ours_objectives.contains_key(&key_result.id) {
                    self.skipped.push(key_result.id.clone());
                    continue;
                }
                self.added.key_results += 1;
                merged.key_results.push(key_result.clone());
            }
            return merged;
        }
        let Some(theirs) = matched.get(&objective.id) else { return merged };
        let id = Some(&objective.id);
        let o = objective;
        self.compare(id, None, Field::Title, Setting::Title(o.title.clone()), Setting::Title(theirs.title.clone()));
        self.compare(id, None, Field::Owner, Setting::Owner(o.owner.clone()), Setting::Owner(theirs.owner.clone()));
        self.compare(id, None, Field::Level, Setting::Level(o.level), Setting::Level(theirs.level));
        self.compare(id, None, Field::Period, Setting::Period(o.period), Setting::Period(theirs.period));
        self.compare(
            id,
            None,
            Field::Parent,
            Setting::Parent(o.parent.clone()),
            Setting::Parent(theirs.parent.clone()),
        );
        self.compare(
            id,
            None,
            Field::ParentKr,
            Setting::ParentKr(o.parent_kr.clone()),
            Setting::ParentKr(theirs.parent_kr.clone()),
        );
        self.compare(id, None, Field::Kind, Setting::Kind(o.kind), Setting::Kind(theirs.kind));
        self.compare(
            id,
            None,
            Field::Weight,
            Setting::ObjectiveWeight(o.weight),
            Setting::ObjectiveWeight(theirs.weight),
        );
        self.compare(id, None, Field::Notes, Setting::Notes(o.notes.clone()), Setting::Notes(theirs.notes.clone()));
        self.compare(id, None, Field::Retro, Setting::Retro(o.retro.clone()), Setting::Retro(theirs.retro.clone()));
        self.unite_adjustments(&mut merged.adjustments, &theirs.adjustments);
        self.unite_comments(&mut merged.comments, &theirs.comments);
        self.merge_extra(&mut merged.extra, &theirs.extra, id, None);

        // New key results of theirs go after the one that precedes them there.
        let position: HashMap<&Id, usize> = o.key_results.iter().enumerate().map(|(j, k)| (&k.id, j)).collect();
        let mut after: Vec<Vec<&KeyResult>> = vec![Vec::new(); o.key_results.len()];
        let mut front = Vec::new();
        let mut bucket: Option<usize> = None;
        for key_result in &theirs.key_results {
            if let Some(&j) = position.get(&key_result.id) {
                bucket = Some(j);
            } else if ours_key_results.contains(&key_result.id) {
                // Ours has it under another objective: it stays there.
            } else if ours_objectives.contains_key(&key_result.id) {
                self.skipped.push(key_result.id.clone());
            } else {
                self.added.key_results += 1;
                match bucket {
                    Some(j) => after[j].push(key_result),
                    None => front.push(key_result),
                }
            }
        }
        if front.is_empty() && after.iter().all(Vec::is_empty) {
            return merged;
        }
        merged.key_results = front.into_iter().cloned().collect();
        for (j, key_result) in o.key_results.iter().enumerate() {
            merged.key_results.push(key_result.clone());
            merged.key_results.extend(after[j].iter().map(|&k| k.clone()));
        }
        merged
    }

    /// Merges theirs' version of a key result into ours, in place.
    fn key_result(&mut self, ours: &mut KeyResult, theirs: &KeyResult, objective: &Id) {
        let o = Some(objective);
        let kr_id = ours.id.clone();
        let k_ref = Some(&kr_id);
        self.compare(o, k_ref, Field::Title, Setting::Title(ours.title.clone()), Setting::Title(theirs.title.clone()));
        self.compare(o, k_ref, Field::Owner, Setting::Owner(ours.owner.clone()), Setting::Owner(theirs.owner.clone()));
        self.compare(o, k_ref, Field::Weight, Setting::Weight(ours.weight), Setting::Weight(theirs.weight));
        self.compare(o, k_ref, Field::Due, Setting::Due(ours.due), Setting::Due(theirs.due));
        self.compare(
            o,
            k_ref,
            Field::Metric,
            Setting::Metric(ours.metric.clone()),
            Setting::Metric(theirs.metric.clone()),
        );
        self.compare(
            o,
            k_ref,
            Field::ContributesTo,
            Setting::ContributesTo(ours.contributes_to.clone()),
            Setting::ContributesTo(theirs.contributes_to.clone()),
        );
        self.compare(o, k_ref, Field::Grade, Setting::Grade(ours.grade), Setting::Grade(theirs.grade));
        self.unite_adjustments(&mut ours.adjustments, &theirs.adjustments);
        self.unite_comments(&mut ours.comments, &theirs.comments);
        self.merge_extra(&mut ours.extra, &theirs.extra, o, k_ref);
        self.check_ins(ours, theirs, objective);
    }

    /// Adds the adjustments of theirs that ours lacks, keeping the list in date order
    /// (a stable sort: same-day ones keep the order they were recorded in).
    fn unite_adjustments(&mut self, ours: &mut Vec<Adjustment>, theirs: &[Adjustment]) {
        let new: Vec<Adjustment> = theirs.iter().filter(|a| !ours.contains(a)).cloned().collect();
        if new.is_empty() {
            return;
        }
        self.added.adjustments += new.len();
        ours.extend(new);
        crate::sort::by_key(ours, |a| a.date);
    }

    /// Adds the comments of theirs whose id this list lacks, keeping the list in date
    /// order (stable: same-day ones keep the order they were written in). Ids used
    /// elsewhere in the document are settled once, in [`one_comment_per_id`].
    fn unite_comments(&mut self, ours: &mut Vec<Comment>, theirs: &[Comment]) {
        let new: Vec<Comment> = theirs.iter().filter(|c| !ours.iter().any(|o| o.id == c.id)).cloned().collect();
        if new.is_empty() {
            return;
        }
        self.added.comments += new.len();
        ours.extend(new);
        crate::sort::by_key(ours, |c| c.date);
    }

    /// Unites the check-ins of both sides by date (see the module documentation).
    fn check_ins(&mut self, ours: &mut KeyResult, theirs: &KeyResult, objective: &Id) {
        let mut by_date: Vec<(Date, Vec<&CheckIn>)> = Vec::new();
        let mut date_index: HashMap<Date, usize> = HashMap::new();
        for check_in in &theirs.check_ins {
            let slot = *date_index.entry(check_in.date).or_insert_with(|| {
                by_date.push((check_in.date, Vec::new()));
                by_date.len() - 1
            });
            by_date[slot].1.push(check_in);
        }
        let mut ours_by_date: HashMap<Date, Vec<usize>> = HashMap::new();
        for (i, check_in) in ours.check_ins.iter().enumerate() {
            ours_by_date.entry(check_in.date).or_default().push(i);
        }
        // Pairs (ours index, theirs check-in) in conflict, and additions after an ours index.
        let mut pairs: Vec<(usize, CheckIn)> = Vec::new();
        let mut additions: Vec<(Option<usize>, CheckIn)> = Vec::new();
        for (date, theirs_on_date) in by_date {
            let mine = ours_by_date.get(&date).map(Vec::as_slice).unwrap_or_default();
            let unmatched_theirs: Vec<&CheckIn> =
                theirs_on_date.iter().copied().filter(|c| !mine.iter().any(|&i| &ours.check_ins[i] == *c)).collect();
            let unmatched_mine: Vec<usize> =
                mine.iter().copied().filter(|&i| !theirs_on_date.contains(&&ours.check_ins[i])).collect();
            for (k, check_in) in unmatched_theirs.into_iter().enumerate() {
                match unmatched_mine.get(k) {
                    Some(&i) => pairs.push((i, check_in.clone())),
                    None => {
                        let at = ours.check_ins.iter().rposition(|c| c.date <= date);
                        additions.push((at, check_in.clone()));
                    }
                }
            }
        }
        self.added.check_ins += additions.len();
        let mut index_of = vec![0usize; ours.check_ins.len()];
        if !additions.is_empty() {
            let mut following: HashMap<Option<usize>, Vec<CheckIn>> = HashMap::new();
            for (at, check_in) in additions {
                following.entry(at).or_default().push(check_in);
            }
            let mut merged = following.remove(&None).unwrap_or_default();
            for (i, check_in) in ours.check_ins.drain(..).enumerate() {
                index_of[i] = merged.len();
                merged.push(check_in);
                merged.extend(following.remove(&Some(i)).unwrap_or_default());
            }
            ours.check_ins = merged;
        } else {
            for (i, slot) in index_of.iter_mut().enumerate() {
                *slot = i;
            }
        }
        crate::sort::by_key(&mut pairs, |(i, _)| *i);
        for (i, theirs_check_in) in pairs {
            let at = index_of[i];
            let mine = ours.check_ins[at].clone();
            let date = mine.date;
            self.compare(
                Some(objective),
                Some(&ours.id),
                Field::CheckIn(date),
                Setting::CheckIn(at, mine),
                Setting::CheckIn(at, theirs_check_in),
            );
        }
    }

    fn finish(mut self, mut document: Document) -> Merge {
        self.added.comments -= one_comment_per_id(&mut document).min(self.added.comments);
        // Conflicts in document order: the document's, then objective by objective.
        let order: HashMap<&Id, usize> = document
            .objectives
            .iter()
            .enumerate()
            .flat_map(|(i, o)| std::iter::once((&o.id, i)).chain(o.key_results.iter().map(move |k| (&k.id, i))))
            .collect();
        let rank = |c: &Conflict| match (&c.key_result, &c.objective) {
            (Some(k), _) => order.get(k).map_or(usize::MAX, |&i| i + 1),
            (None, Some(o)) => order.get(o).map_or(usize::MAX, |&i| i + 1),
            (None, None) => 0,
        };
        let mut ranked: Vec<(usize, bool, usize, Conflict)> =
            self.conflicts.drain(..).enumerate().map(|(n, c)| (rank(&c), c.key_result.is_some(), n, c)).collect();
        crate::sort::by_key(&mut ranked, |(rank, is_kr, n, _)| (*rank, *is_kr, *n));
        let conflicts = ranked.into_iter().map(|(.., c)| c).collect();
        Merge { document, conflicts, added: self.added, skipped: self.skipped }
    }
}

/// Keeps the first comment of each id, in document order (ours come first), so comment
/// ids stay unique when both sides hold one comment under two objects; returns how
/// many were dropped.
fn one_comment_per_id(document: &mut Document) -> usize {
    let mut seen: HashSet<Id> = HashSet::new();
    let mut dropped = 0;
    for objective in &mut document.objectives {
        let lists =
            std::iter::once(&mut objective.comments).chain(objective.key_results.iter_mut().map(|k| &mut k.comments));
        for list in lists {
            let before = list.len();
            list.retain(|c| seen.insert(c.id.clone()));
            dropped += before - list.len();
        }
    }
    dropped
}

fn find_key_result<'a>(document: &'a mut Document, id: &Id) -> Option<&'a mut KeyResult> {
    document.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()).find(|k| &k.id == id)
}

/// Puts `setting` in place in `document`.
fn apply(document: &mut Document, objective: Option<&Id>, key_result: Option<&Id>, setting: Setting) {
    if let Setting::Place(target, position) = setting {
        let Some(id) = key_result else { return };
        if !document.objectives.iter().any(|o| o.id == target) {
            return;
        }
        let mut moving = None;
        for o in &mut document.objectives {
            if let Some(j) = o.key_results.iter().position(|k| &k.id == id) {
                moving = Some(o.key_results.remove(j));
                break;
            }
        }
        if let (Some(kr), Some(o)) = (moving, document.objectives.iter_mut().find(|o| o.id == target)) {
            let at = position.min(o.key_results.len());
            o.key_results.insert(at, kr);
        }
        return;
    }
    if let Some(id) = key_result {
        let Some(kr) = find_key_result(document, id) else { return };
        match setting {
            Setting::Title(v) => kr.title = v,
            Setting::Owner(v) => kr.owner = v,
            Setting::Weight(v) => kr.weight = v,
            Setting::Due(v) => kr.due = v,
            Setting::Metric(v) => kr.metric = v,
            Setting::ContributesTo(v) => kr.contributes_to = v,
            Setting::Grade(v) => kr.grade = v,
            Setting::CheckIn(at, v) => {
                if let Some(slot) = kr.check_ins.get_mut(at) {
                    *slot = v;
                }
            }
            Setting::Extra(key, v) => {
                kr.extra.insert(key, v);
            }
            _ => {}
        }
        return;
    }
    let Some(id) = objective else {
        match setting {
            Setting::Title(v) => document.title = v,
            Setting::Cadence(v) => document.cadence_days = v,
            Setting::Extra(key, v) => {
                document.extra.insert(key, v);
            }
            _ => {}
        }
        return;
    };
    let Some(o) = document.objectives.iter_mut().find(|o| &o.id == id) else { return };
    match setting {
        Setting::Title(v) => o.title = v,
        Setting::Owner(v) => o.owner = v,
        Setting::Level(v) => o.level = v,
        Setting::Period(v) => o.period = v,
        Setting::Parent(v) => o.parent = v,
        Setting::ParentKr(v) => o.parent_kr = v,
        Setting::Kind(v) => o.kind = v,
        Setting::ObjectiveWeight(v) => o.weight = v,
        Setting::Notes(v) => o.notes = v,
        Setting::Retro(v) => o.retro = v,
        Setting::Extra(key, v) => {
            o.extra.insert(key, v);
        }
        _ => {}
    }
}

// ---- showing values ----

fn number_value(value: f64) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() < EXACT {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

fn same(text: String) -> Text {
    Text::new(text.clone(), text)
}

fn none() -> Text {
    Text::new("（未设置）", "(not set)")
}

fn string(text: &str) -> Candidate {
    let shown = if text.is_empty() { Text::new("（空）", "(empty)") } else { same(text.to_owned()) };
    Candidate { value: Value::from(text), text: shown }
}

fn to_value(value: &impl serde::Serialize) -> Value {
    // Model types serialize to JSON without fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn metric_text(metric: &Metric) -> Text {
    match metric {
        Metric::Number { start, target, unit } => {
            let unit_part = if unit.is_empty() { String::new() } else { format!(" {unit}") };
            Text::new(
                format!("数值：{} → {}{unit_part}", plain_number(*start), plain_number(*target)),
                format!("number: {} → {}{unit_part}", plain_number(*start), plain_number(*target)),
            )
        }
        Metric::Milestone => Text::new("里程碑", "milestone"),
        Metric::Children => Text::new("由下级目标汇总", "rolled up from child objectives"),
        Metric::Sum { start, target, unit } | Metric::Mean { start, target, unit } => {
            let unit_part = if unit.is_empty() { String::new() } else { format!(" {unit}") };
            let (zh, en) = if matches!(metric, Metric::Sum { .. }) { ("求和", "sum") } else { ("平均", "mean") };
            Text::new(
                format!("{zh}：{} → {}{unit_part}", plain_number(*start), plain_number(*target)),
                format!("{en}: {} → {}{unit_part}", plain_number(*start), plain_number(*target)),
            )
        }
        Metric::Health(band) => {
            let limit = |x: Option<f64>| x.map(plain_number).unwrap_or_else(|| "…".to_owned());
            let unit_part = if band.unit.is_empty() { String::new() } else { format!(" {}", band.unit) };
            let (lo, hi) = (limit(band.min), limit(band.max));
            Text::new(format!("健康指标：{lo} – {hi}{unit_part}"), format!("health: {lo} – {hi}{unit_part}"))
        }
    }
}

fn check_in_text(check_in: &CheckIn) -> Text {
    let mut zh = vec![plain_number(check_in.value)];
    let mut en = zh.clone();
    if let Some(status) = check_in.status {
        let label = crate::scoring::Status::from(status).label();
        zh.push(label.zh);
        en.push(label.en);
    }
    if !check_in.note.is_empty() {
        zh.push(format!("进展：{}", check_in.note));
        en.push(format!("note: {}", check_in.note));
    }
    if !check_in.blockers.is_empty() {
        zh.push(format!("障碍：{}", check_in.blockers));
        en.push(format!("blockers: {}", check_in.blockers));
    }
    if let Some(confidence) = check_in.confidence {
        zh.push(format!("信心 {confidence}/10"));
        en.push(format!("confidence {confidence}/10"));
    }
    if !check_in.extra.is_empty() {
        let extra = to_value(&check_in.extra).to_string();
        zh.push(extra.clone());
        en.push(extra);
    }
    Text::new(zh.join("；"), en.join("; "))
}

fn retro_text(retro: &Retro) -> Text {
    let parts = |labels: [&str; 3], sep: &str| {
        let texts = [&retro.worked, &retro.change, &retro.next];
        let shown: Vec<String> =
            labels.iter().zip(texts).filter(|(_, t)| !t.is_empty()).map(|(l, t)| format!("{l}{t}")).collect();
        shown.join(sep)
    };
    Text::new(parts(["做得好：", "要改变：", "下期输入："], "；"), parts(["worked: ", "change: ", "next: "], "; "))
}

fn candidate(setting: &Setting) -> Candidate {
    let optional = |value: Option<Candidate>| value.unwrap_or(Candidate { value: Value::Null, text: none() });
    match setting {
        Setting::Title(v) | Setting::Owner(v) | Setting::Notes(v) => string(v),
        Setting::Level(level) => Candidate { value: Value::from(level.as_str()), text: level.label() },
        Setting::Kind(kind) => Candidate { value: Value::from(kind.as_str()), text: kind.label() },
        Setting::Period(period) => optional(period.map(|p| Candidate {
            value: to_value(&p),
            text: Text::new(format!("{} 至 {}", p.start, p.end), format!("{} to {}", p.start, p.end)),
        })),
        Setting::Parent(id) | Setting::ParentKr(id) | Setting::ContributesTo(id) => {
            optional(id.as_ref().map(|id| Candidate { value: Value::from(id.as_str()), text: same(id.to_string()) }))
        }
        Setting::ObjectiveWeight(weight) => {
            optional(weight.map(|w| Candidate { value: number_value(w), text: same(plain_number(w)) }))
        }
        Setting::Weight(w) => Candidate { value: number_value(*w), text: same(plain_number(*w)) },
        Setting::Due(due) => {
            optional(due.map(|d| Candidate { value: Value::from(d.to_string()), text: same(d.to_string()) }))
        }
        Setting::Metric(metric) => {
            optional(metric.as_ref().map(|m| Candidate { value: to_value(m), text: metric_text(m) }))
        }
        Setting::Place(id, _) => Candidate { value: Value::from(id.as_str()), text: same(id.to_string()) },
        Setting::CheckIn(_, check_in) => Candidate { value: to_value(check_in), text: check_in_text(check_in) },
        Setting::Grade(grade) => {
            optional(grade.map(|g| Candidate { value: number_value(g), text: same(plain_number(g)) }))
        }
        Setting::Cadence(days) => optional(days.map(|d| Candidate {
            value: Value::from(d),
            text: Text::new(format!("每 {d} 天"), format!("every {d} days")),
        })),
        Setting::Retro(retro) => {
            optional(retro.as_ref().map(|r| Candidate { value: to_value(r), text: retro_text(r) }))
        }
        Setting::Extra(_, value) => Candidate { value: value.clone(), text: same(value.to_string()) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::file::validate;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn objective(id: &str, krs: &[&str]) -> Objective {
        let mut o = Objective::new(id, id, Level::Team);
        o.key_results = krs.iter().map(|k| KeyResult::new(k, k)).collect();
        o
    }

    fn doc(objectives: Vec<Objective>) -> Document {
        Document { title: "Q1".into(), objectives, ..Document::default() }
    }

    fn ids(document: &Document) -> Vec<String> {
        document
            .objectives
            .iter()
            .flat_map(|o| std::iter::once(o.id.to_string()).chain(o.key_results.iter().map(|k| k.id.to_string())))
            .collect()
    }

    #[test]
    fn a_document_merged_with_itself_is_unchanged() {
        let a = crate::content::sample::sample(crate::i18n::Lang::Zh, d("2026-02-15"));
        let merged = merge(&a, &a);
        assert_eq!(merged.document(), &a);
        assert!(merged.conflicts().is_empty());
        assert_eq!(merged.added(), Added::default());
    }

    #[test]
    fn new_objects_of_theirs_follow_their_predecessor() {
        let ours = doc(vec![objective("a", &["a1", "a2"]), objective("b", &[])]);
        let theirs = doc(vec![
            objective("x", &["x1"]),
            objective("a", &["a1", "n1", "n2", "a2"]),
            objective("y", &[]),
            objective("z", &[]),
            objective("b", &[]),
        ]);
        let merged = merge(&ours, &theirs);
        assert_eq!(ids(merged.document()), ["x", "x1", "a", "a1", "n1", "n2", "a2", "y", "z", "b"]);
        assert_eq!(
            merged.added(),
            Added { objectives: 3, key_results: 3, check_ins: 0, fields: 0, adjustments: 0, comments: 0 }
        );
        assert!(merged.conflicts().is_empty());
        // Nothing is deleted: what theirs lacks is kept.
        let merged = merge(&theirs, &ours);
        assert_eq!(ids(merged.document()), ids(&theirs));
    }

    #[test]
    fn a_differing_contribution_is_a_conflict_by_id() {
        let ours = doc(vec![objective("a", &["a1", "a2"])]);
        let mut theirs = ours.clone();
        theirs.objectives[0].key_results[1].contributes_to = Some(Id::from("a1"));
        let mut merged = merge(&ours, &theirs);
        let conflict = &merged.conflicts()[0];
        assert_eq!((conflict.field.name(), conflict.key_result.clone()), ("contributes_to", Some(Id::from("a2"))));
        assert_eq!(conflict.theirs.value, Value::from("a1"));
        assert_eq!(conflict.ours.value, Value::Null);
        assert!(merged.resolve(0, Side::Theirs));
        assert_eq!(merged.document().objectives[0].key_results[1].contributes_to, Some(Id::from("a1")));
    }

    #[test]
    fn differing_fields_are_conflicts_resolved_as_ours_until_chosen() {
        let mut ours = doc(vec![objective("a", &["a1"])]);
        let mut theirs = ours.clone();
        theirs.objectives[0].title = "Grow faster".into();
        theirs.objectives[0].key_results[0].metric =
            Some(Metric::Number { start: 0.0, target: 30.0, unit: "家".into() });
        ours.objectives[0].key_results[0].due = Some(d("2026-03-15"));
        let mut merged = merge(&ours, &theirs);
        let fields: Vec<&str> = merged.conflicts().iter().map(|c| c.field.name()).collect();
        assert_eq!(fields, ["title", "due", "metric"]);
        assert_eq!(merged.document(), &ours);
        let metric = &merged.conflicts()[2];
        assert_eq!(metric.key_result, Some(Id::from("a1")));
        assert_eq!(metric.theirs.text.en, "number: 0 → 30 家");
        assert_eq!(metric.ours.text.zh, "（未设置）");
        assert_eq!(metric.theirs.value, serde_json::json!({"kind": "number", "start": 0, "target": 30, "unit": "家"}));
        merged.resolve_all(Side::Theirs);
        assert_eq!(merged.document().objectives[0].title, "Grow faster");
        assert_eq!(merged.document().objectives[0].key_results[0].due, None);
        merged.resolve(1, Side::Ours);
        assert_eq!(merged.document().objectives[0].key_results[0].due, Some(d("2026-03-15")));
        assert!(!merged.resolve(3, Side::Ours));
    }

    #[test]
    fn check_ins_are_united_by_date() {
        let mut ours = doc(vec![objective("a", &["a1"])]);
        let mut theirs = ours.clone();
        fn kr(doc: &mut Document) -> &mut KeyResult {
            &mut doc.objectives[0].key_results[0]
        }
        kr(&mut ours).check_ins = vec![CheckIn::new(d("2026-01-10"), 1.0), CheckIn::new(d("2026-02-10"), 5.0)];
        kr(&mut theirs).check_ins = vec![
            CheckIn::new(d("2026-01-10"), 1.0),
            CheckIn::new(d("2026-01-20"), 3.0),
            CheckIn::new(d("2026-02-10"), 6.0),
            CheckIn::new(d("2026-03-01"), 8.0),
        ];
        let mut merged = merge(&ours, &theirs);
        let dates: Vec<String> =
            merged.document().objectives[0].key_results[0].check_ins.iter().map(|c| c.date.to_string()).collect();
        assert_eq!(dates, ["2026-01-10", "2026-01-20", "2026-02-10", "2026-03-01"]);
        assert_eq!(merged.added().check_ins, 2);
        assert_eq!(merged.conflicts().len(), 1);
        assert_eq!(merged.conflicts()[0].field, Field::CheckIn(d("2026-02-10")));
        assert_eq!(merged.conflicts()[0].ours.text.en, "5");
        merged.resolve(0, Side::Theirs);
        assert_eq!(merged.document().objectives[0].key_results[0].check_ins[2].value, 6.0);
    }

    #[test]
    fn a_moved_key_result_stays_with_ours_until_chosen() {
        let ours = doc(vec![objective("a", &["k", "a2"]), objective("b", &["b1"])]);
        let theirs = doc(vec![objective("a", &["a2"]), objective("b", &["b1", "k"])]);
        let mut merged = merge(&ours, &theirs);
        assert_eq!(ids(merged.document()), ["a", "k", "a2", "b", "b1"]);
        assert_eq!(merged.conflicts().len(), 1);
        assert_eq!(merged.conflicts()[0].field, Field::Objective);
        merged.resolve(0, Side::Theirs);
        assert_eq!(ids(merged.document()), ["a", "a2", "b", "b1", "k"]);
        assert_eq!(merged.conflicts()[0].objective, Some(Id::from("b")));
        merged.resolve(0, Side::Ours);
        assert_eq!(ids(merged.document()), ["a", "k", "a2", "b", "b1"]);
    }

    #[test]
    fn an_id_of_another_kind_is_skipped_not_duplicated() {
        let ours = doc(vec![objective("a", &["x"])]);
        let theirs = doc(vec![objective("a", &[]), objective("x", &["y"])]);
        let merged = merge(&ours, &theirs);
        assert_eq!(merged.skipped(), [Id::from("x"), Id::from("y")]);
        assert_eq!(ids(merged.document()), ["a", "x"]);
        assert_eq!(validate(merged.document()), Ok(()));
    }

    #[test]
    fn the_summary_says_what_was_skipped_added_and_how_conflicts_stand() {
        let mut ours = doc(vec![objective("a", &["x"]), objective("c", &[])]);
        ours.objectives[1].owner = "Li".into();
        let mut theirs =
            doc(vec![objective("a", &[]), objective("x", &["y"]), objective("c", &[]), objective("n", &[])]);
        theirs.objectives[2].owner = "Wang".into();
        theirs.title = "Q2".into();
        let mut merged = merge(&ours, &theirs);
        assert_eq!(merged.conflicts().len(), 2);
        let files = merged.summary(Sides::Files);
        assert_eq!(
            files.en,
            "Not merged: x of B names another kind of object in A (an objective and a key result cannot share an id)\n\
             Not merged: y of B names another kind of object in A (an objective and a key result cannot share an id)\n\
             Merged: added 1 objective; 2 conflicts, each kept as in A\n"
        );
        assert!(files.zh.starts_with("未合并\u{ff1a}B 中的 x 在 A 中是另一种对象"), "{}", files.zh);
        assert!(
            files.zh.ends_with("已合并\u{ff1a}新增 1 个目标\u{ff1b}2 处冲突\u{ff0c}均保留了 A 的版本\n"),
            "{}",
            files.zh
        );
        let editor = merged.summary(Sides::Editor);
        assert!(
            editor
                .en
                .contains("Not merged: x of the incoming version names another kind of object in the current document")
        );
        assert!(editor.zh.contains("均保留了当前文档的版本"), "{}", editor.zh);
        merged.resolve(0, Side::Theirs);
        assert!(
            merged
                .summary(Sides::Editor)
                .en
                .ends_with("2 conflicts: 1 kept as in the current document, 1 taken from the incoming version\n")
        );
        merged.resolve_all(Side::Theirs);
        assert!(merged.summary(Sides::Files).zh.ends_with("2 处冲突\u{ff0c}均采用了 B 的版本\n"));
        let same = merge(&ours, &ours).summary(Sides::Files);
        assert_eq!(
            (same.zh.as_str(), same.en.as_str()),
            ("已合并\u{ff1a}没有新增内容\u{ff1b}没有冲突\n", "Merged: nothing added; no conflicts\n")
        );
    }

    #[test]
    fn adjustments_are_united_and_grades_and_retros_conflict() {
        let adjustment = |date: &str, reason: &str| Adjustment {
            date: d(date),
            field: "target".into(),
            from: "100".into(),
            to: "80".into(),
            reason: reason.into(),
        };
        let mut ours = doc(vec![objective("a", &["a1"])]);
        let mut theirs = ours.clone();
        ours.objectives[0].key_results[0].adjustments = vec![adjustment("2026-02-10", "ours")];
        theirs.objectives[0].key_results[0].adjustments =
            vec![adjustment("2026-02-01", "theirs"), adjustment("2026-02-10", "ours")];
        theirs.objectives[0].key_results[0].grade = Some(0.6);
        theirs.objectives[0].retro = Some(Retro { worked: "weekly calls".into(), ..Retro::default() });
        let mut merged = merge(&ours, &theirs);
        let kr = &merged.document().objectives[0].key_results[0];
        let reasons: Vec<&str> = kr.adjustments.iter().map(|a| a.reason.as_str()).collect();
        assert_eq!(reasons, ["theirs", "ours"], "united, in date order, none twice");
        assert_eq!(merged.added().adjustments, 1);
        let fields: Vec<&str> = merged.conflicts().iter().map(|c| c.field.name()).collect();
        assert_eq!(fields, ["retro", "grade"]);
        assert_eq!(kr.grade, None, "ours until chosen");
        assert_eq!(merged.conflicts()[0].theirs.text.en, "worked: weekly calls");
        merged.resolve_all(Side::Theirs);
        assert_eq!(merged.document().objectives[0].key_results[0].grade, Some(0.6));
        assert_eq!(merged.document().objectives[0].retro, theirs.objectives[0].retro);
    }

    #[test]
    fn unknown_fields_are_merged_key_by_key() {
        let mut ours = doc(vec![objective("a", &[])]);
        let mut theirs = ours.clone();
        ours.extra.insert("x-a".into(), Value::from(1));
        ours.extra.insert("x-b".into(), Value::from(1));
        theirs.extra.insert("x-b".into(), Value::from(2));
        theirs.extra.insert("x-c".into(), Value::from(3));
        let merged = merge(&ours, &theirs);
        assert_eq!(merged.document().extra.len(), 3);
        assert_eq!(merged.added().fields, 1);
        assert_eq!(merged.conflicts()[0].field, Field::Extra("x-b".into()));
        assert_eq!(merged.conflicts()[0].objective, None);
    }
}
