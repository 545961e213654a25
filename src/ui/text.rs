//! The app's own words (labels, headings, notices) in both languages. Messages about
//! the OKRs themselves come from the core; these are only the shell's.

use crate::core::i18n::Lang;

/// A piece of interface text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ui {
    AsOf,
    Tree,
    Findings,
    NoFindings,
    SwitchLanguage,
    OtherLanguage,
    Owner,
    NoOwner,
    Period,
    NoPeriod,
    Progress,
    Expected,
    Status,
    KeyResults,
    Current,
    Target,
    Blockers,
    NoObjectives,
    StoredDocumentUnreadable,
    ShowingSample,
    Errors,
    Warnings,
    Infos,
    Weight,
}

impl Ui {
    pub fn get(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Ui::AsOf => ("截至", "As of"),
            Ui::Tree => ("OKR 目标树", "OKR tree"),
            Ui::Findings => ("检查结果", "Findings"),
            Ui::NoFindings => ("没有发现问题：这套 OKR 写得很规范。", "No findings: these OKRs follow every rule."),
            Ui::SwitchLanguage => ("切换到英文", "Switch to Chinese"),
            Ui::OtherLanguage => ("English", "中文"),
            Ui::Owner => ("负责人：", "Owner: "),
            Ui::NoOwner => ("未指定负责人", "No owner"),
            Ui::Period => ("周期：", "Period: "),
            Ui::NoPeriod => ("未设周期", "No period"),
            Ui::Progress => ("进度", "Progress"),
            Ui::Expected => ("预期进度", "Expected by now"),
            Ui::Status => ("状态", "Status"),
            Ui::KeyResults => ("关键结果", "Key results"),
            Ui::Current => ("当前", "Current"),
            Ui::Target => ("目标", "Target"),
            Ui::Blockers => ("阻碍：", "Blockers: "),
            Ui::NoObjectives => ("还没有目标。", "No objectives yet."),
            Ui::StoredDocumentUnreadable => (
                "本地保存的文档无法读取，已原样保留，未做任何修改。",
                "The document saved in this browser could not be read; it is kept exactly as it was.",
            ),
            Ui::ShowingSample => ("现在显示的是示例文档。", "Showing the sample document instead."),
            Ui::Errors => ("错误", "errors"),
            Ui::Warnings => ("警告", "warnings"),
            Ui::Infos => ("提示", "notes"),
            Ui::Weight => ("权重", "Weight"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
