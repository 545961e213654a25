//! Ready-made OKR documents to start from, in Chinese or English, each taken from
//! one of the seed articles.
//!
//! - [`Template::SalesCascade`]: seed 001's sales center → Beijing sales team →
//!   channel team (plus one seller), which is the first-visit sample
//!   ([`sample::sample`]) without its check-ins;
//! - [`Template::KeyAccount`]: seed 000's case study (案例参考), one objective and
//!   its four key results with the seed's own numbers;
//! - [`Template::Functions`]: seed 002's good examples, one per function (sales,
//!   operations, marketing, HR), as departments under one company objective;
//! - [`Template::GoodAndBad`]: a lesson, seed 002's bad sales OKR and seed 000's
//!   ❌ examples next to their rewrites, with the explanation in each objective's notes.
//!
//! A template is a starting point, so it has no check-ins: every objective's period is
//! the quarter containing `today` and every key result stands at its start. Owners
//! are role names (销售总监 / Sales director) rather than people, so that apart from
//! the deliberate mistakes of the lesson a fresh template has nothing for the linter
//! to flag. (Once a third of the quarter has gone by, `score-adjust` does note that
//! nothing has moved yet; that is true of any plan begun late, and is a warning.)
//!
//! **Percentages.** The seeds state most key results as a relative change (“提高平均
//! 交易规模20%”) without the level it starts from. Those become number metrics from 0
//! to the change, with a unit that says so, `%增幅` / `% increase` or `%降幅` /
//! `% reduction`: a check-in records how much of a change has been achieved so far,
//! and a reduction is counted as a positive number, so progress always runs upward.
//! Where the seed gives a level (“续约率从85%提升至92%”, “渗透率达到60%”) the metric
//! is that level in plain `%`, starting from the seed's baseline or, when the seed has
//! none, from 0, which a team replaces with its own baseline.
//!
//! **Money.** Chinese amounts are in 万元 as the seeds write them; the English ones
//! are converted to thousands or millions of CNY, as in the sample.

use crate::calendar::{Date, quarter_of};
use crate::content::builder::{
    MetricSpec, NO_NOTES, ObjectiveSpec, TEN_THOUSAND_CNY, Unit, kr, number, objective, unit,
};
use crate::content::sample::sample;
use crate::i18n::{Lang, Text};
use crate::model::{Document, Level};

/// A starting document the user can pick instead of a blank one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Template {
    SalesCascade,
    KeyAccount,
    Functions,
    GoodAndBad,
}

impl Template {
    /// Every template, in the order a picker lists them.
    pub const ALL: [Template; 4] =
        [Template::SalesCascade, Template::KeyAccount, Template::Functions, Template::GoodAndBad];

    /// The stable id used in links and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Template::SalesCascade => "sales-cascade",
            Template::KeyAccount => "key-account",
            Template::Functions => "functions",
            Template::GoodAndBad => "good-and-bad",
        }
    }

    /// The template with this id (exact, case-sensitive).
    pub fn from_id(id: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|template| template.id() == id)
    }

    /// A short name for a picker.
    pub fn name(self) -> Text {
        let (zh, en) = match self {
            Template::SalesCascade => ("销售目标逐级拆解", "Sales cascade"),
            Template::KeyAccount => ("大客户营收突破", "Key-account breakthrough"),
            Template::Functions => ("各职能团队 OKR", "OKRs by function"),
            Template::GoodAndBad => ("好与坏的 OKR 对照", "Good and bad OKRs"),
        };
        Text::new(zh, en)
    }

    /// One sentence: what the template holds and which article it comes from.
    pub fn description(self) -> Text {
        let (zh, en) = match self {
            // Seed 001.
            Template::SalesCascade => (
                "销售中心的 OKR 逐级拆解到北京销售团队、渠道团队和一名销售，改编自《销售部门的OKR示例》一文。",
                "The Sales Center's OKRs cascaded down to the Beijing sales team, its channel team and one seller, adapted from the article “Sales department OKR examples”.",
            ),
            // Seed 000.
            Template::KeyAccount => (
                "一家互联网公司销售部门的季度 OKR：通过行业解决方案升级实现大客户营收突破，取自企拓网《业绩部门写OKR，如何拆解目标、量化指标、落地执行？》的案例。",
                "An internet company's quarterly sales OKR, a key-account revenue breakthrough through upgraded industry solutions, from the case study in Qituowang's article on writing OKRs for revenue teams.",
            ),
            // Seed 002.
            Template::Functions => (
                "销售、运营、市场和人力资源各一个好的 OKR，对齐到同一个公司目标，取自飞书（Lark）《有效的OKR示例：销售、营销、运营、人力资源》。",
                "One good OKR each for sales, operations, marketing and HR, aligned to a single company objective, from Lark's article “Effective OKR examples: sales, marketing, operations, HR”.",
            ),
            // Seeds 002 and 000.
            Template::GoodAndBad => (
                "两组反面示例与改写后的正面示例并排对照，每个目标的备注里说明好在哪里、错在哪里，取自飞书的 OKR 示例和企拓网的避坑指南。",
                "Two bad OKRs side by side with their rewrites, each objective's notes saying what is wrong or right, from Lark's OKR examples and Qituowang's list of OKR pitfalls.",
            ),
        };
        Text::new(zh, en)
    }

    /// The template in `lang`, every objective dated in the quarter containing `today`.
    ///
    /// ```
    /// use okrpad_core::{calendar::Date, i18n::Lang, content::templates::Template};
    /// let today = Date::new(2026, 8, 3).unwrap();
    /// let doc = Template::KeyAccount.document(Lang::Zh, today);
    /// assert_eq!(doc.objectives[0].title, "通过行业解决方案升级，实现大客户营收突破");
    /// assert_eq!(doc.objectives[0].period.unwrap().start, Date::new(2026, 7, 1).unwrap());
    /// ```
    pub fn document(self, lang: Lang, today: Date) -> Document {
        let period = quarter_of(today);
        let quarter = (period.start.month() - 1) / 3 + 1;
        let year = period.start.year();
        let zh = lang == Lang::Zh;
        let (specs, title) = match self {
            Template::SalesCascade => return sales_cascade(lang, today),
            Template::KeyAccount if zh => (KEY_ACCOUNT, format!("大客户业务 {year} 年第 {quarter} 季度 OKR")),
            Template::KeyAccount => (KEY_ACCOUNT, format!("Key Account OKRs, Q{quarter} {year}")),
            Template::Functions if zh => (FUNCTIONS, format!("各职能团队 {year} 年第 {quarter} 季度 OKR")),
            Template::Functions => (FUNCTIONS, format!("OKRs by Function, Q{quarter} {year}")),
            Template::GoodAndBad if zh => (GOOD_AND_BAD, "OKR 写法对照：好与坏".to_owned()),
            Template::GoodAndBad => (GOOD_AND_BAD, "Good and Bad OKRs, Side by Side".to_owned()),
        };
        let objectives = specs.iter().map(|spec| objective(spec, lang, period, today)).collect();
        Document { title, objectives, ..Document::default() }
    }
}

/// Seed 001's cascade is the sample; a template shares its data rather than copying
/// the texts, and drops the check-ins (and with them the sample's progress story).
fn sales_cascade(lang: Lang, today: Date) -> Document {
    let mut document = sample(lang, today);
    for key_result in document.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()) {
        key_result.check_ins.clear();
    }
    document
}

/// A level, in per cent.
const PERCENT: Unit = unit("%", "%");
/// A relative increase achieved so far (see the module docs).
const INCREASE: Unit = unit("%增幅", "% increase");
/// A relative reduction achieved so far, counted positive (see the module docs).
const REDUCTION: Unit = unit("%降幅", "% reduction");

const SALES_DIRECTOR: (&str, &str) = ("销售总监", "Sales director");
const SALES_MANAGER: (&str, &str) = ("销售经理", "Sales manager");

/// Seed 000's case study (案例参考), a sales department's Q3 OKR.
///
/// Aspirational, the model's default: the seed presents it as an OKR rather than a
/// KPI, and says an OKR is a stretch where 70%–80% is excellent (避坑指南 1 and 3);
/// 40% more key accounts in one quarter is such a stretch. It stands alone, so it is
/// the top of its tree: company level.
const KEY_ACCOUNT: &[ObjectiveSpec] = &[ObjectiveSpec {
    id: "ka",
    zh: "通过行业解决方案升级，实现大客户营收突破",
    en: "Break through in key-account revenue by upgrading our industry solutions",
    owner: SALES_DIRECTOR,
    level: Level::Company,
    parent: None,
    parent_kr: None,
    notes: NO_NOTES,
    key_results: &[
        kr(
            "ka-1",
            "大客户（年消费≥50万）签约数量增长40%（从50家增至70家）",
            "Grow signed key accounts (spending CNY 500k+ a year) by 40%, from 50 to 70",
            number(50.0, 70.0, unit("家", "accounts")),
        ),
        kr(
            "ka-2",
            "大客户ARPU值提升20%（从60万/年增至72万/年）",
            "Raise key-account ARPU by 20%, from CNY 600k to 720k a year",
            number(60.0, 72.0, Unit { zh: "万元/年", en: "k CNY/year", factor: 10.0 }),
        ),
        kr(
            "ka-3",
            "行业解决方案在试点客户中的渗透率达到60%（覆盖30家试点客户）",
            "Industry solutions reach 60% of pilot customers (30 pilot accounts covered)",
            number(0.0, 60.0, PERCENT),
        ),
        kr(
            "ka-4",
            "大客户续约率从85%提升至92%",
            "Raise the key-account renewal rate from 85% to 92%",
            number(85.0, 92.0, PERCENT),
        ),
    ],
}];

/// Seed 002's good examples, the first of each function, under a company objective
/// phrased as seed 000 asks (动词+业务场景+价值). Each company key result rolls up
/// the department objective that carries it.
const FUNCTIONS: &[ObjectiveSpec] = &[
    ObjectiveSpec {
        id: "co",
        zh: "通过销售、运营、市场和招聘四线协同，实现营收增长与成本下降",
        en: "Grow revenue and cut costs by pulling sales, operations, marketing and hiring together",
        owner: ("总经理", "General manager"),
        level: Level::Company,
        parent: None,
        parent_kr: None,
        notes: NO_NOTES,
        key_results: &[
            kr(
                "co-1",
                "北部地区销售收入比上季度提高15%",
                "Northern region sales revenue up 15% on last quarter",
                MetricSpec::Children,
            ),
            kr("co-2", "供应链物流成本降低15%", "Supply-chain logistics costs down 15%", MetricSpec::Children),
            kr("co-3", "网站转化率提高15%", "Website conversion rate up 15%", MetricSpec::Children),
            kr("co-4", "人才获取效率提高20%", "Talent acquisition 20% more efficient", MetricSpec::Children),
        ],
    },
    ObjectiveSpec {
        id: "sales",
        zh: "相比上一季度，提高北部地区的销售收入15%",
        en: "Grow northern region sales revenue by 15% over last quarter",
        owner: SALES_DIRECTOR,
        level: Level::Department,
        parent: Some("co"),
        parent_kr: Some("co-1"),
        notes: NO_NOTES,
        key_results: &[
            kr(
                "sales-1",
                "在目标地区达成10笔新的企业级交易",
                "Close 10 new enterprise deals in the target region",
                number(0.0, 10.0, unit("笔", "deals")),
            ),
            kr(
                "sales-2",
                "通过增销和交叉销售策略，提高平均交易规模20%",
                "Raise the average deal size by 20% through upselling and cross-selling",
                number(0.0, 20.0, INCREASE),
            ),
            kr(
                "sales-3",
                "在目标地区，通过市场营销活动产生的线索转化率提高30%",
                "Raise the conversion rate of leads from marketing campaigns in the target region by 30%",
                number(0.0, 30.0, INCREASE),
            ),
            kr(
                "sales-4",
                "通过实施客户成功倡议，提高客户留存率10%",
                "Raise customer retention by 10% through a customer success programme",
                number(0.0, 10.0, INCREASE),
            ),
        ],
    },
    ObjectiveSpec {
        id: "ops",
        zh: "简化供应链物流，降低成本15%",
        en: "Streamline supply-chain logistics to cut costs by 15%",
        owner: ("运营总监", "Operations director"),
        level: Level::Department,
        parent: Some("co"),
        parent_kr: Some("co-2"),
        notes: NO_NOTES,
        key_results: &[
            kr(
                "ops-1",
                "原材料采购的交货期降低20%",
                "Cut lead times on raw material purchases by 20%",
                number(0.0, 20.0, REDUCTION),
            ),
            kr(
                "ops-2",
                "通过优化和与供应商协商，将运输成本降低15%",
                "Reduce shipping costs by 15% through optimisation and supplier negotiation",
                number(0.0, 15.0, REDUCTION),
            ),
            kr(
                "ops-3",
                "实施实时库存跟踪系统，将库存管理的准确性提高25%",
                "Improve inventory accuracy by 25% with real-time inventory tracking",
                number(0.0, 25.0, INCREASE),
            ),
            kr(
                "ops-4",
                "通过流程改进措施，产品缺陷率降低10%",
                "Reduce the product defect rate by 10% through process improvements",
                number(0.0, 10.0, REDUCTION),
            ),
        ],
    },
    ObjectiveSpec {
        id: "mkt",
        // The seed says Q4; the template names the quarter it is dated in.
        zh: "在{quarter}增加网站转化率15%",
        en: "Increase the website conversion rate by 15% in {quarter}",
        owner: ("市场总监", "Marketing director"),
        level: Level::Department,
        parent: Some("co"),
        parent_kr: Some("co-3"),
        notes: NO_NOTES,
        key_results: &[
            kr(
                "mkt-1",
                "优化落地页的设计和文案，使转化率增加20%",
                "Increase landing-page conversion by 20% with better design and copy",
                number(0.0, 20.0, INCREASE),
            ),
            kr(
                "mkt-2",
                "实施个性化的电子邮件营销活动，使电子邮件注册的转化率增加10%",
                "Increase email sign-up conversion by 10% with personalised email campaigns",
                number(0.0, 10.0, INCREASE),
            ),
            // Two numbers in one title; the metric follows the one the objective is about.
            kr(
                "mkt-3",
                "提高网站加载速度，减少跳出率10%，增加转化率5%",
                "Speed up page loads to cut the bounce rate by 10% and raise conversion by 5%",
                number(0.0, 5.0, INCREASE),
            ),
        ],
    },
    ObjectiveSpec {
        id: "hr",
        zh: "将人才获取过程效率提高20%",
        en: "Make talent acquisition 20% more efficient",
        owner: ("人力资源总监", "HR director"),
        level: Level::Department,
        parent: Some("co"),
        parent_kr: Some("co-4"),
        notes: NO_NOTES,
        key_results: &[
            kr(
                "hr-1",
                "通过流程优化和自动化，将招聘时间缩短20%",
                "Cut time to hire by 20% through process streamlining and automation",
                number(0.0, 20.0, REDUCTION),
            ),
            kr(
                "hr-2",
                "通过改进的候选人筛选和选择方法，提高合格候选人转化率15%",
                "Raise the qualified-candidate conversion rate by 15% with better screening and selection",
                number(0.0, 15.0, INCREASE),
            ),
            // The seed gives no baseline: start from 0 until the team enters its own.
            kr(
                "hr-3",
                "根据招聘后反馈调查，实现90%的候选人满意度",
                "Reach 90% candidate satisfaction in post-hire feedback surveys",
                number(0.0, 90.0, PERCENT),
            ),
        ],
    },
];

/// Two bad OKRs, each followed by its rewrite. The bad ones have owners and periods
/// like the good ones, so that what the linter flags on them is exactly the lesson:
/// a vague objective, key results without a number, activities instead of outcomes.
const GOOD_AND_BAD: &[ObjectiveSpec] = &[
    // Seed 002's bad sales OKR, word for word.
    ObjectiveSpec {
        id: "bad-sales",
        zh: "提高销售额",
        en: "Increase sales",
        owner: SALES_DIRECTOR,
        level: Level::Company,
        parent: None,
        parent_kr: None,
        notes: (
            "反面示例（飞书《有效的OKR示例》中销售团队的糟糕OKR）：目标“提高销售额”没有业务场景，也说不出要创造什么价值；四条关键结果没有一个数字，到季度末无法判断是否达成；“开发新产品”和“每周举行会议”是要做的事，不是要达成的结果，做完了也不代表销售额提高了。对照改写后的目标“在东南亚的中型企业领域将市场渗透率从55%提高到70%”。",
            "A bad example (Lark's “bad sales OKR”): the objective “Increase sales” names no business scenario and no value to create; none of the four key results has a number, so at the end of the quarter nobody can tell whether they were met; and “Develop new products” and “Hold weekly meetings” are things to do, not results to achieve: doing them does not mean sales went up. Compare the rewrite, “Raise market penetration among mid-sized companies in Southeast Asia from 55% to 70%”.",
        ),
        key_results: &[
            kr("bad-sales-1", "销售更多的产品", "Sell more products", MetricSpec::Unmeasured),
            kr("bad-sales-2", "获取更多的客户", "Get more customers", MetricSpec::Unmeasured),
            kr("bad-sales-3", "开发新产品", "Develop new products", MetricSpec::Unmeasured),
            kr("bad-sales-4", "每周举行会议", "Hold weekly meetings", MetricSpec::Unmeasured),
        ],
    },
    // Seed 002's good objective; the seed lists no key results for it, so these
    // rewrite the bad ones above one for one (the first is seed 002's, the third
    // seed 000's 创新类 example).
    ObjectiveSpec {
        id: "good-sales",
        zh: "在东南亚的中型企业领域将市场渗透率从55%提高到70%",
        en: "Raise market penetration among mid-sized companies in Southeast Asia from 55% to 70%",
        owner: SALES_DIRECTOR,
        level: Level::Company,
        parent: None,
        parent_kr: None,
        notes: (
            "正面示例，改写自“提高销售额”：目标写明了业务场景（东南亚的中型企业）和价值（渗透率从55%到70%）。四条关键结果逐条替换反例：“销售更多的产品”变成平均交易规模提高20%；“获取更多的客户”变成签约新客户60家；“开发新产品”变成新产品线的营收占比；“每周举行会议”本身不是结果，改为衡量会议要带来的赢单率。每条都有起点和目标值，季度末一看便知是否达成。原文只给出了这个目标，关键结果是按原文的写法补充的。",
            "A good example, rewritten from “Increase sales”: the objective names the business scenario (mid-sized companies in Southeast Asia) and the value (penetration from 55% to 70%). Each key result replaces a bad one: “Sell more products” becomes a 20% larger average deal; “Get more customers” becomes 60 new customers signed; “Develop new products” becomes the new products' share of revenue; and since “Hold weekly meetings” is no result at all, it becomes the win rate those meetings are for. Each has a start and a target, so the end of the quarter shows at a glance whether it was met. The article gives only this objective; the key results were written in its style.",
        ),
        key_results: &[
            kr(
                "good-sales-1",
                "通过增销和交叉销售策略，提高平均交易规模20%",
                "Raise the average deal size by 20% through upselling and cross-selling",
                number(0.0, 20.0, INCREASE),
            ),
            kr(
                "good-sales-2",
                "签约东南亚中型企业新客户60家",
                "Sign 60 new mid-sized customers in Southeast Asia",
                number(0.0, 60.0, unit("家", "customers")),
            ),
            kr(
                "good-sales-3",
                "新产品线营收占比达到总营收的15%",
                "New product lines bring in 15% of total revenue",
                number(0.0, 15.0, PERCENT),
            ),
            kr(
                "good-sales-4",
                "通过每周商机复盘，将赢单率从20%提升至30%",
                "Lift the win rate from 20% to 30% through weekly pipeline reviews",
                number(20.0, 30.0, PERCENT),
            ),
        ],
    },
    // Seed 000's ❌ objective and ❌ key results (目标设定, 关键结果拆解, 避坑指南 1).
    ObjectiveSpec {
        id: "bad-visits",
        zh: "提升销售能力",
        en: "Improve sales skills",
        owner: SALES_MANAGER,
        level: Level::Company,
        parent: None,
        parent_kr: None,
        notes: (
            "反面示例（企拓网《业绩部门写OKR》的错误写法）：“提升销售能力”过于笼统，没有业务场景；“完成100场客户拜访”虽然有数字，却是过程指标，拜访做完了不等于创造了价值；“完成100万营收”是KPI式的底线要求，不是挑战目标。最后这一点检查规则看不出来，要靠人来判断。对照改写后的目标“通过高价值客户拓展，提升市场份额”。",
            "A bad example (the mistakes in Qituowang's article on revenue-team OKRs): “Improve sales skills” is too vague and names no business scenario; “Complete 100 customer visits” has a number but counts activity, and visits made are not value created; “Hit CNY 1M in revenue” is a KPI, a floor to stay above, not a stretch goal. The linter cannot see that last mistake; it takes a person to judge. Compare the rewrite, “Grow market share by winning high-value customers”.",
        ),
        key_results: &[
            kr(
                "bad-visits-1",
                "完成100场客户拜访",
                "Complete 100 customer visits",
                number(0.0, 100.0, unit("场", "visits")),
            ),
            kr("bad-visits-2", "完成100万营收", "Hit CNY 1M in revenue", number(0.0, 100.0, TEN_THOUSAND_CNY)),
        ],
    },
    // Seed 000's ✅ versions: the objective of its 对齐战略 example, its ✅ key result,
    // the OKR form of the 100万 KPI (避坑指南 1) and the market share of its strategy table.
    ObjectiveSpec {
        id: "good-visits",
        zh: "通过高价值客户拓展，提升市场份额",
        en: "Grow market share by winning high-value customers",
        owner: SALES_MANAGER,
        level: Level::Company,
        parent: None,
        parent_kr: None,
        notes: (
            "正面示例，改写自“提升销售能力”：目标按“动词+业务场景+价值”来写（行动：拓展；场景：高价值客户；价值：市场份额）。原文对这类目标的另一种改写是“通过精细化客户分层运营，实现高净值客户ARPU值提升15%”。“通过客户拜访，签约新客户30家，贡献营收500万”把拜访和它带来的结果连在一起；“通过新渠道拓展，实现营收150万（挑战性增长50%）”把100万的底线变成了挑战目标。挑战型目标达成70%–80%就算优秀。",
            "A good example, rewritten from “Improve sales skills”: the objective follows verb + business scenario + value (the action: winning; the scenario: high-value customers; the value: market share). The article's other rewrite of such an objective is “Raise the ARPU of high-net-worth customers by 15% through finer customer segmentation”. “Sign 30 new customers through customer visits, bringing in CNY 5M” ties the visits to what they should bring; “Bring in CNY 1.5M through new channels” turns the 1M floor into a stretch goal, 50% above it. For a stretch goal, reaching 70–80% is excellent.",
        ),
        key_results: &[
            kr(
                "good-visits-1",
                "通过客户拜访，签约新客户30家，贡献营收500万",
                "Sign 30 new customers through customer visits, bringing in CNY 5M in revenue",
                number(0.0, 500.0, TEN_THOUSAND_CNY),
            ),
            kr(
                "good-visits-2",
                "通过新渠道拓展，实现营收150万（挑战性增长50%）",
                "Bring in CNY 1.5M through new channels, a 50% stretch over the 1M floor",
                number(100.0, 150.0, TEN_THOUSAND_CNY),
            ),
            kr(
                "good-visits-3",
                "市场份额从15%提升至22%",
                "Grow market share from 15% to 22%",
                number(15.0, 22.0, PERCENT),
            ),
        ],
    },
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::formats::file::{parse, to_json, validate};
    use crate::model::{Id, Metric};
    use crate::rules::{Finding, Rule, Severity, check};
    use crate::scoring::score;

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// The first day of a quarter, its middle and its last day, and a leap day.
    const DAYS: [&str; 4] = ["2026-10-01", "2026-08-15", "2026-06-30", "2024-02-29"];

    const WORDING: [Rule; 3] = [Rule::ObjectiveVague, Rule::KrTask, Rule::KrMeasurable];

    fn has_cjk(text: &str) -> bool {
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    fn findings(template: Template, lang: Lang, today: &str) -> Vec<Finding> {
        let document = template.document(lang, day(today));
        check(&document, &score(&document, day(today)))
    }

    fn rules_on(findings: &[Finding], objective: &str) -> HashSet<Rule> {
        findings
            .iter()
            .filter(|f| f.objective.as_ref().is_some_and(|o| o.as_str() == objective))
            .map(|f| f.rule)
            .collect()
    }

    #[test]
    fn template_ids_are_unique_and_round_trip() {
        let ids: HashSet<&str> = Template::ALL.iter().map(|t| t.id()).collect();
        assert_eq!(ids.len(), Template::ALL.len());
        for template in Template::ALL {
            assert_eq!(Template::from_id(template.id()), Some(template));
        }
        assert_eq!(Template::from_id("Functions"), None);
    }

    #[test]
    fn names_and_descriptions_speak_both_languages() {
        for template in Template::ALL {
            for text in [template.name(), template.description()] {
                assert!(has_cjk(&text.zh), "{}: {}", template.id(), text.zh);
                assert!(!text.en.is_empty() && !has_cjk(&text.en), "{}: {}", template.id(), text.en);
            }
        }
    }

    #[test]
    fn every_template_is_a_valid_file_in_both_languages() {
        for template in Template::ALL {
            for lang in Lang::ALL {
                for today in DAYS {
                    let document = template.document(lang, day(today));
                    validate(&document).unwrap();
                    assert_eq!(parse(&to_json(&document)).unwrap(), document, "{} {lang:?}", template.id());
                }
            }
        }
    }

    #[test]
    fn ids_are_unique_and_the_same_in_both_languages() {
        for template in Template::ALL {
            let ids = |lang| {
                let document = template.document(lang, day("2026-08-15"));
                document
                    .objectives
                    .iter()
                    .flat_map(|o| std::iter::once(o.id.clone()).chain(o.key_results.iter().map(|k| k.id.clone())))
                    .collect::<Vec<Id>>()
            };
            let zh = ids(Lang::Zh);
            assert_eq!(zh.iter().collect::<HashSet<_>>().len(), zh.len(), "{}", template.id());
            assert_eq!(zh, ids(Lang::En), "{}", template.id());
        }
    }

    #[test]
    fn templates_start_in_this_quarter_without_check_ins() {
        for template in Template::ALL {
            for lang in Lang::ALL {
                let document = template.document(lang, day("2026-08-15"));
                assert!(!document.title.is_empty() && !document.objectives.is_empty());
                for objective in &document.objectives {
                    assert_eq!(objective.period, Some(quarter_of(day("2026-08-15"))));
                    assert!(!objective.owner.is_empty());
                    assert_eq!(has_cjk(&objective.title), lang == Lang::Zh, "{}", objective.title);
                    assert_eq!(has_cjk(&objective.notes), lang == Lang::Zh && !objective.notes.is_empty());
                    for key_result in &objective.key_results {
                        assert!(key_result.check_ins.is_empty(), "{}", key_result.id);
                        assert_eq!(has_cjk(&key_result.title), lang == Lang::Zh, "{}", key_result.title);
                    }
                }
            }
        }
    }

    #[test]
    fn the_good_templates_are_clean() {
        for template in [Template::SalesCascade, Template::KeyAccount, Template::Functions] {
            for lang in Lang::ALL {
                // On the first day of the quarter nothing at all is flagged.
                assert_eq!(findings(template, lang, "2026-10-01"), vec![], "{} {lang:?}", template.id());
                for today in DAYS {
                    for finding in findings(template, lang, today) {
                        assert_ne!(finding.severity, Severity::Error, "{} {lang:?}: {finding:?}", template.id());
                        assert!(!WORDING.contains(&finding.rule), "{} {lang:?}: {finding:?}", template.id());
                    }
                }
            }
        }
    }

    #[test]
    fn the_lesson_flags_the_bad_examples_and_only_them() {
        for lang in Lang::ALL {
            for today in DAYS {
                let found = findings(Template::GoodAndBad, lang, today);
                assert!(found.iter().all(|f| f.severity != Severity::Error), "{lang:?}: {found:#?}");
                let bad_sales = rules_on(&found, "bad-sales");
                for rule in WORDING {
                    assert!(bad_sales.contains(&rule), "{lang:?}: {} missing", rule.id());
                }
                let bad_visits = rules_on(&found, "bad-visits");
                assert!(bad_visits.contains(&Rule::ObjectiveVague) && bad_visits.contains(&Rule::KrTask), "{lang:?}");
                for good in ["good-sales", "good-visits"] {
                    let rules = rules_on(&found, good);
                    assert!(WORDING.iter().all(|rule| !rules.contains(rule)), "{good} {lang:?}: {rules:?}");
                }
            }
            // At the start of the quarter the wording lessons are all there is to see.
            let found = findings(Template::GoodAndBad, lang, "2026-10-01");
            assert!(found.iter().all(|f| WORDING.contains(&f.rule)), "{lang:?}: {found:#?}");
            // Each bad key result of seed 002 is unmeasurable; of seed 000, the visits are a task.
            let unmeasured = found.iter().filter(|f| f.rule == Rule::KrMeasurable).count();
            assert_eq!(unmeasured, 4, "{lang:?}");
            let tasks: Vec<&str> = found
                .iter()
                .filter(|f| f.rule == Rule::KrTask)
                .filter_map(|f| f.key_result.as_ref())
                .map(Id::as_str)
                .collect();
            assert_eq!(tasks, ["bad-sales-3", "bad-sales-4", "bad-visits-1"], "{lang:?}");
        }
    }

    #[test]
    fn every_objective_of_the_lesson_explains_itself() {
        for lang in Lang::ALL {
            let document = Template::GoodAndBad.document(lang, day("2026-08-15"));
            for objective in &document.objectives {
                assert!(objective.notes.chars().count() > 100, "{}", objective.id);
            }
        }
    }

    #[test]
    fn the_key_account_case_keeps_the_seed_numbers() {
        let metrics = |lang| {
            let document = Template::KeyAccount.document(lang, day("2026-08-15"));
            document.objectives[0]
                .key_results
                .iter()
                .map(|k| match &k.metric {
                    Some(Metric::Number { start, target, unit }) => (*start, *target, unit.clone()),
                    other => panic!("{}: {other:?}", k.id),
                })
                .collect::<Vec<_>>()
        };
        let zh: Vec<(f64, f64, String)> = vec![
            (50.0, 70.0, "家".into()),
            (60.0, 72.0, "万元/年".into()),
            (0.0, 60.0, "%".into()),
            (85.0, 92.0, "%".into()),
        ];
        assert_eq!(metrics(Lang::Zh), zh);
        assert_eq!(metrics(Lang::En)[1], (600.0, 720.0, "k CNY/year".into()));
    }

    #[test]
    fn the_functions_roll_up_into_the_company() {
        let document = Template::Functions.document(Lang::En, day("2026-11-22"));
        let company = &document.objectives[0];
        assert_eq!((company.level, company.key_results.len()), (Level::Company, 4));
        for (key_result, department) in company.key_results.iter().zip(&document.objectives[1..]) {
            assert_eq!(key_result.metric, Some(Metric::Children));
            assert_eq!(department.level, Level::Department);
            assert_eq!(department.parent.as_ref(), Some(&company.id));
            assert_eq!(department.parent_kr.as_ref(), Some(&key_result.id));
        }
        // The seed's marketing objective is a Q4 one; in Q4 its words are kept.
        assert_eq!(document.objectives[3].title, "Increase the website conversion rate by 15% in Q4");
        let zh = Template::Functions.document(Lang::Zh, day("2026-11-22"));
        assert_eq!(zh.objectives[3].title, "在第四季度增加网站转化率15%");
        let spring = Template::Functions.document(Lang::Zh, day("2026-04-01"));
        assert_eq!(spring.objectives[3].title, "在第二季度增加网站转化率15%");
    }

    #[test]
    fn the_sales_cascade_is_the_sample_without_check_ins() {
        for lang in Lang::ALL {
            let mut expected = sample(lang, day("2026-08-15"));
            for objective in &mut expected.objectives {
                for key_result in &mut objective.key_results {
                    key_result.check_ins.clear();
                }
            }
            assert_eq!(Template::SalesCascade.document(lang, day("2026-08-15")), expected);
        }
    }
}
