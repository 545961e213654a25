//! The wording rules: `kr-measurable`, `kr-task` and `objective-vague`.
//!
//! The seeds' most common advice is about how OKRs are *written*: a key result is a
//! number that proves the objective is met, not a to-do (seed 000: ❌ “完成100场客户
//! 拜访” ✅ “通过客户拜访，签约新客户30家，贡献营收500万”), and an objective names a
//! business scenario and the value it creates (动词+业务场景+价值). A machine cannot
//! judge that, but the bad examples share surface signs it can see: no number at
//! all, an activity verb with no result attached, a title of three words. These
//! heuristics look for those signs in Chinese and English; they are warnings, and
//! the message shows a good rewrite from the seeds so the user can judge.

use super::matchers::{has_digit, is_cjk, is_form_of, is_punctuation, split_verb, strip_label, words};
use super::phrases::quote;
use super::{At, Field, Findings, Rule, Severity};
use crate::i18n::Text;
use crate::model::Document;

/// Chinese verbs of doing rather than achieving (plus 打…电话, matched apart).
const ZH_ACTIVITIES: [&str; 13] =
    ["完成", "发布", "举行", "举办", "参加", "召开", "安排", "发送", "进行", "开发", "收集", "组织", "撰写"];

/// Chinese words that tie a title to a result; any one clears a title of `kr-task`.
/// `使` (to make something happen) is matched apart, to skip 使用 and 使命.
const ZH_OUTCOMES: [&str; 19] = [
    "让",
    "提升",
    "提高",
    "增长",
    "增加",
    "降低",
    "减少",
    "缩短",
    "达到",
    "达成",
    "突破",
    "签约",
    "转化",
    "续约",
    "留存",
    "贡献",
    "营收",
    "认可",
    "满意度",
];

/// English activity verbs, matched as whole words with their regular inflections
/// (irregular forms listed too). `call` covers “Make more calls”; `make` alone is no
/// activity (“Make onboarding twice as fast”).
const EN_ACTIVITIES: [&str; 22] = [
    "complete", "launch", "hold", "held", "attend", "send", "sent", "call", "organize", "organise", "conduct",
    "publish", "host", "schedule", "write", "wrote", "written", "run", "ran", "running", "develop", "collect",
];

/// English words that tie a title to a result (and “so that”, matched apart).
const EN_OUTCOMES: [&str; 14] = [
    "increase",
    "reduce",
    "decrease",
    "grow",
    "grew",
    "grown",
    "raise",
    "improve",
    "achieve",
    "reach",
    "sign",
    "convert",
    "retain",
    "resulting",
];

/// A title in a CJK script names a scenario and a value in at least this many
/// characters (“实现渠道团队的业务突破” has 11, “提升员工的幸福感” 8).
const MIN_CJK_CHARS: usize = 9;

/// An English title does in at least this many words.
const MIN_WORDS: usize = 5;

pub(super) fn check(document: &Document, out: &mut Findings) {
    for (i, objective) in document.objectives.iter().enumerate() {
        if is_vague(&objective.title) {
            let message = vague_message(&objective.title, &quote(&objective.title, &objective.id));
            let at = At::objective(i, objective);
            out.add(at, Rule::ObjectiveVague, Severity::Warning, Some(Field::Title), message);
        }
        for (j, kr) in objective.key_results.iter().enumerate() {
            // Named only when a rule fires: most objects pass, and names allocate.
            let name = || quote(&kr.title, &kr.id);
            if kr.metric.is_none() && !has_digit(strip_label(&kr.title)) {
                let at = At::key_result(i, objective, j, kr);
                out.add(at, Rule::KrMeasurable, Severity::Warning, Some(Field::Metric), measurable_message(&name()));
            }
            if is_task(&kr.title) {
                let at = At::key_result(i, objective, j, kr);
                out.add(at, Rule::KrTask, Severity::Warning, Some(Field::Title), task_message(&name()));
            }
        }
    }
}

/// Whether a key result's title reads as an activity: it has an activity verb and
/// nothing that ties it to a result.
fn is_task(title: &str) -> bool {
    let title = strip_label(title);
    let zh_activity = ZH_ACTIVITIES.iter().any(|verb| title.contains(verb)) || split_verb(title, '打', "电话");
    let en_activity = || words(title).any(is_en_activity);
    (zh_activity || en_activity()) && !has_outcome(title)
}

fn is_en_activity(word: &str) -> bool {
    EN_ACTIVITIES.iter().any(|verb| is_form_of(word, verb))
}

fn has_outcome(title: &str) -> bool {
    let zh_causative = title.match_indices('使').any(|(at, _)| {
        let next = title[at + '使'.len_utf8()..].chars().next();
        !matches!(next, Some('用' | '命'))
    });
    title.contains(['%', '％'])
        || zh_causative
        || ZH_OUTCOMES.iter().any(|marker| title.contains(marker))
        || has_so_that(title)
        || words(title).any(|word| EN_OUTCOMES.iter().any(|marker| is_form_of(word, marker)))
}

/// “… so that …”: the activity is tied to its purpose.
fn has_so_that(title: &str) -> bool {
    let mut previous = "";
    words(title).any(|word| {
        let found = previous.eq_ignore_ascii_case("so") && word.eq_ignore_ascii_case("that");
        previous = word;
        found
    })
}

/// Whether an objective's title is empty, or too short to name a scenario and a value.
fn is_vague(title: &str) -> bool {
    let title = strip_label(title);
    if title.chars().any(is_cjk) {
        title.chars().filter(|c| !c.is_whitespace() && !is_punctuation(*c)).count() < MIN_CJK_CHARS
    } else {
        title.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() < MIN_WORDS
    }
}

fn vague_message(title: &str, name: &Text) -> Text {
    const GOOD_ZH: &str = "“通过精细化客户分层运营，实现高净值客户ARPU值提升15%”";
    const GOOD_EN: &str = "“Raise the ARPU of high-net-worth customers by 15% through finer customer segmentation”";
    if strip_label(title).is_empty() {
        return Text::new(
            format!("目标{}没有标题。用“动词+业务场景+价值”写出方向，例如{GOOD_ZH}。", name.zh),
            format!(
                "Objective {} has no title. Write where it is heading as verb + business scenario + value, e.g. {GOOD_EN}.",
                name.en
            ),
        );
    }
    Text::new(
        format!(
            "目标{}过于笼统：看不出业务场景，也看不出要创造的价值。用“动词+业务场景+价值”的句式改写，例如不写“提升销售能力”，而写{GOOD_ZH}（行动“分层运营”、场景“高净值客户”、价值“ARPU值提升”）。",
            name.zh
        ),
        format!(
            "Objective {} is too vague: it names neither a business scenario nor the value to create. Rewrite it as verb + business scenario + value: instead of “Improve sales skills”, write {GOOD_EN} (the action: segmentation; the scenario: high-net-worth customers; the value: higher ARPU).",
            name.en
        ),
    )
}

fn measurable_message(name: &Text) -> Text {
    Text::new(
        format!(
            "关键结果{}无法衡量：没有度量方式，标题里也没有任何数字。写明从多少到多少、达到什么比例，并设置数值度量，例如不写“销售更多的产品”，而写“通过增销和交叉销售策略，提高平均交易规模20%”。",
            name.zh
        ),
        format!(
            "Key result {} cannot be measured: it has no metric and no number in its title. Say how much, from what to what, and give it a number metric: instead of “Sell more products”, write “Raise the average deal size by 20% through upselling and cross-selling”.",
            name.en
        ),
    )
}

fn task_message(name: &Text) -> Text {
    Text::new(
        format!(
            "关键结果{}写的是要做的动作，不是要达成的结果：做完了动作不等于创造了价值。写出动作带来的业务结果，例如不写“完成100场客户拜访”，而写“通过客户拜访，签约新客户30家，贡献营收500万”。",
            name.zh
        ),
        format!(
            "Key result {} describes an activity, not an outcome: doing the work is not the same as creating value. Write the business result the activity should bring: instead of “Complete 100 customer visits”, write “Sign 30 new customers through customer visits, bringing in 5 million in revenue”.",
            name.en
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Metric};
    use crate::rules::testing::*;

    /// Bad key results from the seeds (000, 002, 003) and their English versions.
    const TASKS: [&str; 19] = [
        "完成100场客户拜访",
        "每周举行会议",
        "打更多的电话",
        "发送更多的邮件",
        "参加更多的行业活动",
        "举办团队建设活动",
        "安排培训课程",
        "发布3篇公众号",
        "完成5场客户拜访",
        "开发新产品",
        "收集数据",
        "KR2: 参加行业会议",
        "Make more calls",
        "Send more emails",
        "Attend more industry events",
        "Hold weekly meetings",
        "Complete 100 customer visits",
        "KR1: Schedule 15 demos a week",
        "Launched the new partner portal",
    ];

    /// Good key results from the seeds, and outcome rewrites of the tasks above.
    const OUTCOMES: [&str; 16] = [
        "通过客户拜访,签约新客户30家,贡献营收500万",
        "实施全面的销售培训计划,并使销售团队的参与率达到80%",
        "3月底前制定新的渠道政策并获取至少10家渠道的认可",
        "通过深度服务使重点客户续约意愿提升至85%",
        "大客户续约率从85%提升至92%",
        "渠道业绩额达到2000万",
        "新增有效渠道不少于30家",
        "通过培训使销售标准化方案落地,使90%以上的销售能够达成",
        "在目标地区达成10笔新的企业级交易",
        "举办行业峰会,转化线索200条",
        "Sign 30 new customers through customer visits",
        "Complete onboarding for 90% of new hires",
        "Hold quarterly reviews so that churn stays flat",
        "Raise average deal size by 20% through upselling",
        "Run campaigns resulting in 500 qualified leads",
        "Reduce the average sales cycle length by 20%",
    ];

    /// Vague objectives from seed 002's bad examples, and seed 000's.
    const VAGUE: [&str; 12] = [
        "提高销售额",
        "实现更高的收入",
        "让运营更好",
        "改进运营过程",
        "提高效率",
        "改善市场营销",
        "提升员工的幸福感",
        "提升销售能力",
        "Improve marketing",
        "Increase sales",
        "O1: Improve operations",
        "",
    ];

    /// Objectives that name a scenario and a value (seeds 000, 001, 002).
    const SPECIFIC: [&str; 7] = [
        "打造行业领先的业务团队",
        "实现渠道团队的业务突破",
        "通过行业解决方案升级,实现大客户营收突破",
        "通过精细化客户分层运营,实现高净值客户ARPU值提升15%",
        "Raise northern region sales revenue by 15% over last quarter",
        "Increase conversion rate on the website by 15% in Q4",
        "O2: 相比上一季度,提高北部地区的销售收入15%",
    ];

    #[test]
    fn activities_read_as_tasks() {
        for title in TASKS {
            assert!(is_task(title), "{title}");
        }
    }

    #[test]
    fn outcomes_do_not_read_as_tasks() {
        for title in OUTCOMES {
            assert!(!is_task(title), "{title}");
        }
    }

    #[test]
    fn words_that_contain_a_verb_are_not_that_verb() {
        for title in [
            "Redesign the pricing page",
            "Outreach to 50 accounts a week",
            "Recall rate of the model",
            "Make onboarding twice as fast",
        ] {
            assert!(!is_task(title), "{title}");
        }
    }

    #[test]
    fn using_is_not_causing() {
        assert!(is_task("使用新CRM完成数据录入"));
        assert!(!is_task("完成新CRM上线,使录入错误减少90%"));
    }

    #[test]
    fn vague_objectives_are_found() {
        for title in VAGUE {
            assert!(is_vague(title), "{title:?}");
        }
    }

    #[test]
    fn specific_objectives_pass() {
        for title in SPECIFIC {
            assert!(!is_vague(title), "{title}");
        }
    }

    #[test]
    fn kr_task_fires_on_the_title() {
        let mut objective = clean_objective("O1", "通过行业解决方案升级,实现大客户营收突破", Level::Company);
        objective.key_results[1].title = "完成100场客户拜访".into();
        let findings = only(&doc(vec![objective]), TODAY, Rule::KrTask);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.objective, Some("O1".into()));
        assert_eq!(finding.key_result, Some("O1-2".into()));
        assert_eq!(finding.field, Some(Field::Title));
        assert!(finding.message.zh.contains("“完成100场客户拜访”"));
        assert!(finding.message.zh.contains("通过客户拜访，签约新客户30家，贡献营收500万"));
        assert!(finding.message.en.contains("Sign 30 new customers"));
    }

    #[test]
    fn kr_task_stays_quiet_on_outcomes() {
        let mut objective = clean_objective("O1", "通过行业解决方案升级,实现大客户营收突破", Level::Company);
        objective.key_results[1].title = "通过客户拜访,签约新客户30家".into();
        assert_eq!(only(&doc(vec![objective]), TODAY, Rule::KrTask), vec![]);
    }

    #[test]
    fn kr_measurable_fires_without_a_metric_or_a_number() {
        let mut objective = clean_objective("O1", "通过行业解决方案升级,实现大客户营收突破", Level::Company);
        objective.key_results[0].title = "KR1: 销售更多的产品".into(); // the label's digit is no number
        objective.key_results[0].metric = None;
        let findings = only(&doc(vec![objective]), TODAY, Rule::KrMeasurable);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!((finding.objective.clone(), finding.key_result.clone()), (Some("O1".into()), Some("O1-1".into())));
        assert_eq!(finding.field, Some(Field::Metric));
        assert!(finding.message.zh.contains("提高平均交易规模20%"));
        assert!(finding.message.en.contains("Raise the average deal size by 20%"));
    }

    #[test]
    fn kr_measurable_accepts_a_metric_or_a_number() {
        let mut objective = clean_objective("O1", "通过行业解决方案升级,实现大客户营收突破", Level::Company);
        objective.key_results[0].title = "销售更多的产品".into();
        objective.key_results[0].metric = Some(Metric::Milestone);
        objective.key_results[1].title = "新签客户３０家".into();
        objective.key_results[1].metric = None;
        assert_eq!(only(&doc(vec![objective]), TODAY, Rule::KrMeasurable), vec![]);
    }

    #[test]
    fn objective_vague_fires_on_the_title() {
        let objective = clean_objective("O1", "提升销售能力", Level::Company);
        let findings = only(&doc(vec![objective]), TODAY, Rule::ObjectiveVague);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!((finding.objective.clone(), finding.key_result.clone()), (Some("O1".into()), None));
        assert_eq!(finding.field, Some(Field::Title));
        assert!(finding.message.zh.contains("“提升销售能力”") && finding.message.zh.contains("动词+业务场景+价值"));
        assert!(finding.message.en.contains("high-net-worth"));
    }

    #[test]
    fn an_untitled_objective_is_named_by_its_id() {
        let objective = clean_objective("O9", " ", Level::Company);
        let findings = only(&doc(vec![objective]), TODAY, Rule::ObjectiveVague);
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.zh.contains("O9") && findings[0].message.zh.contains("没有标题"));
        assert!(findings[0].message.en.contains("has no title"));
    }

    #[test]
    fn objective_vague_stays_quiet_on_a_specific_title() {
        let objective = clean_objective("O1", "实现渠道团队的业务突破", Level::Company);
        assert_eq!(only(&doc(vec![objective]), TODAY, Rule::ObjectiveVague), vec![]);
    }
}
