//! The columns a customer spreadsheet may have, named in English or Chinese.

use std::collections::BTreeMap;

use super::FileProblem;

/// A column rapport understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Name,
    Owner,
    Tier,
    Cadence,
    Stage,
    Renewal,
    DecisionMaker,
    LastVisit,
}

impl Column {
    pub const ALL: &'static [Column] = &[
        Column::Name,
        Column::Owner,
        Column::Tier,
        Column::Cadence,
        Column::Stage,
        Column::Renewal,
        Column::DecisionMaker,
        Column::LastVisit,
    ];

    /// The header names accepted for this column, after `normalise`.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::Name => &[
                "name",
                "customer",
                "customer name",
                "名称",
                "客户",
                "客户名称",
                "客户名",
            ],
            Column::Owner => &["owner", "rep", "负责人", "销售", "客户经理"],
            Column::Tier => &["tier", "等级", "客户等级"],
            Column::Cadence => &[
                "cadence",
                "visit cadence",
                "cadence days",
                "拜访周期",
                "拜访间隔",
            ],
            Column::Stage => &["stage", "trust stage", "信任阶段", "阶段"],
            Column::Renewal => &["renewal", "renewal date", "renewal on", "续约日期", "续约"],
            Column::DecisionMaker => &["decision maker", "kp", "决策人", "老板", "关键人"],
            Column::LastVisit => &[
                "last visit",
                "last visit date",
                "last visited",
                "上次拜访",
                "上次拜访日期",
                "最近拜访",
            ],
        }
    }

    /// The English header, as shown in help and in reports.
    pub fn english(self) -> &'static str {
        self.names()[0]
    }

    /// The Chinese header, as shown in help and in reports.
    pub fn chinese(self) -> &'static str {
        match self {
            Column::Name => "名称",
            Column::Owner => "负责人",
            Column::Tier => "等级",
            Column::Cadence => "拜访周期",
            Column::Stage => "信任阶段",
            Column::Renewal => "续约日期",
            Column::DecisionMaker => "决策人",
            Column::LastVisit => "上次拜访",
        }
    }
}

/// Case, spaces, `_` and `-` don't count: "Renewal_Date" = "renewal date".
fn normalise(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Which field of a record holds which column; every header must be known.
pub fn map_headers(headers: &[String]) -> Result<BTreeMap<Column, usize>, FileProblem> {
    let mut found: BTreeMap<Column, usize> = BTreeMap::new();
    for (i, header) in headers.iter().enumerate() {
        let key = normalise(header);
        if key.is_empty() {
            continue;
        }
        let column = Column::ALL
            .iter()
            .copied()
            .find(|c| c.names().contains(&key.as_str()))
            .ok_or_else(|| FileProblem::UnknownColumn(header.trim().to_string()))?;
        if found.insert(column, i).is_some() {
            return Err(FileProblem::DuplicateColumn(header.trim().to_string()));
        }
    }
    if !found.contains_key(&Column::Name) {
        return Err(FileProblem::NoNameColumn);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_and_chinese_headers_are_read() {
        let map = map_headers(&headers(&[
            "客户",
            "负责人",
            "Renewal_Date",
            " Last Visit ",
        ]))
        .unwrap();
        assert_eq!(map[&Column::Name], 0);
        assert_eq!(map[&Column::Owner], 1);
        assert_eq!(map[&Column::Renewal], 2);
        assert_eq!(map[&Column::LastVisit], 3);
    }

    #[test]
    fn unknown_duplicate_and_missing_columns_are_named() {
        assert_eq!(
            map_headers(&headers(&["name", "colour"])),
            Err(FileProblem::UnknownColumn("colour".into()))
        );
        assert_eq!(
            map_headers(&headers(&["name", "名称"])),
            Err(FileProblem::DuplicateColumn("名称".into()))
        );
        assert_eq!(
            map_headers(&headers(&["owner", "tier"])),
            Err(FileProblem::NoNameColumn)
        );
    }
}
