//! The sample document a first visit opens: seed 001's sales OKRs cascaded over
//! four levels, in Chinese or English.
//!
//! Seed 001 writes the same direction three times, each level in its own words:
//! the sales center (reviewed at the company-level meeting), the Beijing sales team
//! under it, and the channel team under that. The sample keeps those objectives and
//! key results, replaces the article's "xx" placeholders with real numbers, and adds
//! one individual objective so every level of the tree shows. The channel team
//! contributes to the Beijing team's "new channels" key result through a `children`
//! roll-up, so the sample also demonstrates scoring across levels.
//!
//! Dates are placed in the quarter that contains `today`, with check-ins from the past
//! few weeks, so the sample always looks like a quarter in progress.

use crate::calendar::{Date, quarter_of};
use crate::content::builder::{MetricSpec, NO_NOTES, ObjectiveSpec, TEN_THOUSAND_CNY, kr, number, objective, unit};
use crate::i18n::Lang;
use crate::model::{Document, Kind, Level};

const OBJECTIVES: &[ObjectiveSpec] = &[
    ObjectiveSpec {
        id: "sc",
        zh: "大幅度提高销售中心的业绩额",
        en: "Substantially grow the Sales Center's revenue this quarter",
        owner: ("张伟", "Zhang Wei"),
        level: Level::Company,
        parent: None,
        parent_kr: None,
        notes: NO_NOTES,
        key_results: &[
            kr(
                "sc-1",
                "有效商机不少于3000个",
                "At least 3,000 qualified opportunities",
                number(0.0, 3000.0, unit("个", "")),
            )
            .checked(&[1200.0, 1850.0]),
            kr(
                "sc-2",
                "渠道合作伙伴增长至60家",
                "Grow channel partners to 60",
                number(35.0, 60.0, unit("家", "partners")),
            )
            .checked(&[42.0, 47.0]),
            kr(
                "sc-3",
                "通过培训使销售标准化方案落地，使90%以上的销售能够达成",
                "Through training, get over 90% of sellers working to the standard sales playbook",
                number(40.0, 90.0, unit("%", "%")),
            )
            .checked(&[55.0, 68.0]),
            kr("sc-4", "招聘销售精英20名", "Hire 20 top sellers", number(0.0, 20.0, unit("名", "people")))
                .checked(&[6.0, 9.0]),
            kr("sc-5", "销售业绩突破2亿元", "Sales revenue above CNY 200M", number(0.0, 20000.0, TEN_THOUSAND_CNY))
                .checked(&[5200.0, 9100.0]),
        ],
    },
    ObjectiveSpec {
        id: "bj",
        zh: "打造行业领先的北京销售团队",
        en: "Build an industry-leading Beijing sales team",
        owner: ("李娜", "Li Na"),
        level: Level::Department,
        parent: Some("sc"),
        parent_kr: None,
        notes: NO_NOTES,
        key_results: &[
            kr(
                "bj-1",
                "有效商机不少于1200个",
                "At least 1,200 qualified opportunities",
                number(0.0, 1200.0, unit("个", "")),
            )
            .checked(&[500.0, 760.0]),
            kr(
                "bj-2",
                "优化并落地销售标准化流程",
                "The optimised standard sales process is in use by every seller",
                MetricSpec::Milestone,
            )
            .checked(&[0.0]),
            kr(
                "bj-3",
                "组建不少于25人的销售团队",
                "A sales team of at least 25 people",
                number(12.0, 25.0, unit("人", "people")),
            )
            .checked(&[16.0, 19.0]),
            kr("bj-4", "新增渠道不少于30家", "At least 30 new channel partners", MetricSpec::Children),
            kr("bj-5", "销售业绩突破8000万元", "Sales revenue above CNY 80M", number(0.0, 8000.0, TEN_THOUSAND_CNY))
                .checked(&[2400.0, 3900.0]),
        ],
    },
    ObjectiveSpec {
        id: "ch",
        zh: "实现渠道团队的业务突破",
        en: "Achieve a business breakthrough for the channel team",
        owner: ("王磊", "Wang Lei"),
        level: Level::Team,
        parent: Some("bj"),
        parent_kr: Some("bj-4"),
        notes: NO_NOTES,
        key_results: &[
            kr(
                "ch-1",
                "新增有效渠道不少于30家",
                "At least 30 new active channel partners",
                number(0.0, 30.0, unit("家", "partners")),
            )
            .checked(&[9.0, 14.0]),
            kr(
                "ch-2",
                "渠道业绩额达到2000万元",
                "Channel revenue reaches CNY 20M",
                number(0.0, 2000.0, TEN_THOUSAND_CNY),
            )
            .checked(&[600.0, 1100.0]),
            kr(
                "ch-3",
                "制定新的渠道政策并获得至少10家渠道的认可",
                "A new channel policy endorsed by at least 10 partners",
                number(0.0, 10.0, unit("家", "partners")),
            )
            .checked(&[3.0, 6.0]),
            kr(
                "ch-4",
                "渠道团队招聘10名资深销售",
                "Hire 10 senior sellers into the channel team",
                number(0.0, 10.0, unit("名", "people")),
            )
            .checked(&[4.0, 5.0]),
        ],
    },
    ObjectiveSpec {
        id: "zm",
        zh: "拓展华北优质渠道，带动渠道业绩突破",
        en: "Win quality channel partners in North China to lift channel revenue",
        owner: ("赵敏", "Zhao Min"),
        level: Level::Individual,
        parent: Some("ch"),
        parent_kr: Some("ch-1"),
        notes: NO_NOTES,
        key_results: &[
            kr(
                "zm-1",
                "签约新的有效渠道12家",
                "Sign 12 new active channel partners",
                number(0.0, 12.0, unit("家", "partners")),
            )
            .checked(&[4.0, 7.0]),
            kr(
                "zm-2",
                "新签渠道首单转化率达到60%",
                "60% of new partners place a first order",
                number(0.0, 60.0, unit("%", "%")),
            )
            .checked(&[25.0, 40.0]),
            kr(
                "zm-3",
                "通过渠道培训，使渠道满意度从70分提升至85分",
                "Raise partner satisfaction from 70 to 85 through channel training",
                number(70.0, 85.0, unit("分", "points")),
            )
            .checked(&[74.0, 78.0]),
        ],
    },
];

/// The sample document in `lang`, dated in the quarter containing `today`.
///
/// ```
/// use okrpad_core::{calendar::Date, i18n::Lang, content::sample::sample};
/// let today = Date::new(2026, 11, 22).unwrap();
/// let doc = sample(Lang::Zh, today);
/// assert!(doc.title.contains("销售中心"));
/// assert_eq!(doc.objectives.len(), 4);
/// ```
pub fn sample(lang: Lang, today: Date) -> Document {
    let period = quarter_of(today);
    let quarter = (period.start.month() - 1) / 3 + 1;
    let title = match lang {
        Lang::Zh => format!("销售中心 {} 年第 {quarter} 季度 OKR", period.start.year()),
        Lang::En => format!("Sales Center OKRs, Q{quarter} {}", period.start.year()),
    };
    let objectives = OBJECTIVES
        .iter()
        .map(|spec| {
            let mut objective = objective(spec, lang, period, today);
            // The company's commitment is the quarter's number; the levels below stretch.
            objective.kind = if spec.level == Level::Company { Kind::Committed } else { Kind::Aspirational };
            objective
        })
        .collect();
    let mut document = Document { title, objectives, ..Document::default() };
    add_story(&mut document, lang);
    document
}

/// Notes and a blocker, so the sample shows what a real check-in carries (seed 003:
/// target, progress and what is in the way).
fn add_story(document: &mut Document, lang: Lang) {
    let zh = lang == Lang::Zh;
    for objective in &mut document.objectives {
        for key_result in &mut objective.key_results {
            let Some(latest) = key_result.check_ins.last_mut() else { continue };
            match key_result.id.as_str() {
                "bj-2" => {
                    latest.note = if zh {
                        "流程文档已评审，试点小组下周启用"
                    } else {
                        "Process reviewed; the pilot group starts next week"
                    }
                    .into();
                    latest.blockers =
                        if zh { "CRM 字段改造排期未定" } else { "CRM field changes not yet scheduled" }.into();
                }
                "zm-3" => {
                    latest.note = if zh {
                        "完成两场渠道培训，满意度回升"
                    } else {
                        "Two partner trainings held; satisfaction is recovering"
                    }
                    .into();
                    latest.blockers =
                        if zh { "培训场地预算尚未批准" } else { "Training venue budget not yet approved" }.into();
                }
                "sc-5" => {
                    latest.note = if zh {
                        "两个大客户合同已签，回款在途"
                    } else {
                        "Two key-account contracts signed; payments in transit"
                    }
                    .into();
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::file::{parse, to_json};
    use crate::scoring::score;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn the_sample_is_a_valid_file_in_both_languages() {
        for lang in Lang::ALL {
            let doc = sample(lang, day("2026-11-22"));
            assert_eq!(parse(&to_json(&doc)).unwrap(), doc);
            let levels: Vec<Level> = doc.objectives.iter().map(|o| o.level).collect();
            assert_eq!(levels, Level::ALL);
        }
    }

    #[test]
    fn the_sample_rolls_the_channel_team_up_into_beijing() {
        let doc = sample(Lang::En, day("2026-11-22"));
        let scores = score(&doc, day("2026-11-22"));
        // Channel team: (14/30 + 1100/2000 + 6/10 + 5/10) / 4.
        let channel = (14.0 / 30.0 + 0.55 + 0.6 + 0.5) / 4.0;
        assert!((scores.objectives[2].progress - channel).abs() < 1e-9);
        assert!((scores.key_results[1][3].progress - channel).abs() < 1e-9);
        // Same figures in Chinese, where revenue is counted in 万元 rather than millions.
        let zh = score(&sample(Lang::Zh, day("2026-11-22")), day("2026-11-22"));
        for (a, b) in scores.objectives.iter().zip(&zh.objectives) {
            assert!((a.progress - b.progress).abs() < 1e-9);
        }
    }
}
