//! The platform's move forms as one declarative table: for each [`Operation`], the kind of asset
//! it moves, its title, every option of its form (a stable [`OptionKey`], the label exactly as the
//! platform shows it, the link kinds a tick cuts) and where to click.
//!
//! Everything that knows a form derives from [`FORMS`]: the options and ticks of a step
//! ([`crate::steps`]), which links a tick cuts in the simulation and in
//! [`apply`](crate::simulate::apply) ([`crate::simulate`]), and the clicks of the runbook
//! ([`crate::runbook`]). A saved plan names each option by its key; the label is for people, and
//! rewording it changes no behaviour.

use chargeshift_graph::{LinkKind, NodeKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A platform operation that changes the user group of assets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// "Cards > Search", filter, select, "Move": bulk, no options.
    MoveCards,
    /// "Customer details" > "Change user group": one at a time.
    MoveCustomer,
    /// Location > "Change user group": one at a time.
    MoveLocation,
    /// "Charge point data" > "Edit ID/user group", or in bulk "Search results overview" >
    /// "Change user group".
    MoveChargePoints,
    /// "Charge group data" > "Change user group": one at a time.
    MoveChargeGroup,
}

impl Operation {
    /// Every operation, in the table's order.
    pub const ALL: [Operation; 5] = [
        Operation::MoveCards,
        Operation::MoveCustomer,
        Operation::MoveLocation,
        Operation::MoveChargePoints,
        Operation::MoveChargeGroup,
    ];

    /// The form of this operation. O(1).
    ///
    /// ```
    /// use chargeshift_planner::forms::Operation;
    /// assert_eq!(Operation::MoveCustomer.form().options.len(), 5);
    /// ```
    #[must_use]
    pub fn form(self) -> &'static Form {
        match self {
            Operation::MoveCards => &FORMS[0],
            Operation::MoveCustomer => &FORMS[1],
            Operation::MoveLocation => &FORMS[2],
            Operation::MoveChargePoints => &FORMS[3],
            Operation::MoveChargeGroup => &FORMS[4],
        }
    }

    /// A short title.
    ///
    /// ```
    /// assert_eq!(chargeshift_planner::steps::Operation::MoveCards.title(), "Move cards");
    /// ```
    #[must_use]
    pub fn title(self) -> &'static str {
        self.form().title
    }

    /// The operation that moves assets of `kind`, if the platform has one (tariffs, parameter
    /// sets and user groups are not moved). O(1).
    ///
    /// ```
    /// use chargeshift_graph::NodeKind;
    /// use chargeshift_planner::forms::Operation;
    /// assert_eq!(Operation::moving(NodeKind::Location), Some(Operation::MoveLocation));
    /// assert_eq!(Operation::moving(NodeKind::Tariff), None);
    /// ```
    #[must_use]
    pub fn moving(kind: NodeKind) -> Option<Operation> {
        FORMS.iter().find(|f| f.kind == kind).map(|f| f.operation)
    }
}

/// The stable key of an option of a form, as a saved plan names it (`snake_case`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OptionKey {
    /// "Provider change allowed" (every form but cards).
    ProviderChange,
    /// Customer: "Detach cards".
    DetachCards,
    /// Customer: "Also move attached cards".
    AlsoMoveCards,
    /// Customer, location, charge group: "Detach charge points".
    DetachChargePoints,
    /// Customer: "Reset links between charge groups and this customer"; charge group: "Reset
    /// links between customer and this charge group".
    ResetCustomerChargeGroup,
    /// Charge point: "Detach customer".
    DetachCustomer,
    /// Charge point: "Detach charge group".
    DetachChargeGroup,
    /// Charge point: "Detach location".
    DetachLocation,
    /// Charge point: "Copy parameter set if the set doesn’t exist in the new user group".
    CopyParameterSet,
}

/// One option of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormOption {
    /// Its stable key.
    pub key: OptionKey,
    /// The label exactly as the platform shows it.
    pub label: &'static str,
    /// The link kinds of the moved asset that ticking it cuts (every link of these kinds).
    pub cuts: &'static [LinkKind],
}

/// When a line of a form's clicks applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Always.
    Always,
    /// When the step selects several assets at once.
    Bulk,
    /// When the step selects one asset.
    One,
    /// When the step selects its assets with a search filter.
    Filtered,
    /// When the step selects its assets by id.
    ById,
}

/// One line of where to click, a template: `{to}` is the target user group, `{from}` the user
/// groups the assets are in, `{assets}` the assets' ids, `{filter}` the search filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Click {
    /// When the line applies.
    pub when: When,
    /// The template.
    pub text: &'static str,
}

/// A move form of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    /// The operation.
    pub operation: Operation,
    /// The kind of asset it moves.
    pub kind: NodeKind,
    /// A short title.
    pub title: &'static str,
    /// Whether it can select several assets at once.
    pub bulk: bool,
    /// Every option, in the order the platform shows them.
    pub options: &'static [FormOption],
    /// Where to click, in order.
    pub clicks: &'static [Click],
    /// What the runbook says of a form without options.
    pub no_options: Option<&'static str>,
    /// What a person checks on the platform after a step of this form, templates like
    /// [`Form::clicks`] (`{along}` is the cards that moved along).
    pub verify: &'static [Click],
}

impl Form {
    /// The option of this form that cuts links of `kind`, if there is one. O(options).
    ///
    /// ```
    /// use chargeshift_graph::LinkKind;
    /// use chargeshift_planner::forms::{Operation, OptionKey};
    /// let cp = Operation::MoveChargePoints.form();
    /// assert_eq!(cp.option_cutting(LinkKind::ChargePointLocation).map(|o| o.key), Some(OptionKey::DetachLocation));
    /// assert!(Operation::MoveCards.form().option_cutting(LinkKind::CardCustomer).is_none());
    /// ```
    #[must_use]
    pub fn option_cutting(&self, kind: LinkKind) -> Option<&'static FormOption> {
        self.options.iter().find(|o| o.cuts.contains(&kind))
    }

    /// The option of this form with `key`, if the form has it. O(options).
    #[must_use]
    pub fn option(&self, key: OptionKey) -> Option<&'static FormOption> {
        self.options.iter().find(|o| o.key == key)
    }

    /// The lines of where to click for a step of this form, with the placeholders filled in.
    ///
    /// # Arguments
    /// * `bulk`: whether the step selects several assets at once.
    /// * `filter`: the search filter the step selects its assets with, if any.
    /// * `fill`: the text of a placeholder (`to`, `from`, `assets`, `filter`).
    ///
    /// # Complexity
    /// O(length of the templates and the filled-in texts).
    ///
    /// ```
    /// use chargeshift_planner::forms::Operation;
    /// let lines = Operation::MoveLocation.form().clicks_for(false, None, |p| match p {
    ///     "assets" => "`L1`".to_owned(),
    ///     "to" => "B".to_owned(),
    ///     _ => String::new(),
    /// });
    /// assert_eq!(lines[1], "Click **\"Change user group\"**.");
    /// assert!(lines[2].starts_with("Select the user group **B**"));
    /// ```
    #[must_use]
    pub fn clicks_for(
        &self,
        bulk: bool,
        filter: Option<&str>,
        fill: impl Fn(&str) -> String,
    ) -> Vec<String> {
        Self::lines(self.clicks, bulk, filter, fill)
    }

    /// What to check on the platform after a step of this form, with the placeholders filled
    /// in, like [`Form::clicks_for`].
    #[must_use]
    pub fn verify_for(
        &self,
        bulk: bool,
        filter: Option<&str>,
        fill: impl Fn(&str) -> String,
    ) -> Vec<String> {
        Self::lines(self.verify, bulk, filter, fill)
    }

    fn lines(
        lines: &[Click],
        bulk: bool,
        filter: Option<&str>,
        fill: impl Fn(&str) -> String,
    ) -> Vec<String> {
        lines
            .iter()
            .filter(|c| match c.when {
                When::Always => true,
                When::Bulk => bulk,
                When::One => !bulk,
                When::Filtered => filter.is_some(),
                When::ById => filter.is_none(),
            })
            .map(|c| render(c.text, &fill))
            .collect()
    }
}

/// `template` with each `{name}` replaced by `fill(name)`, in one pass (a filled-in text is never
/// read again as a template).
fn render(template: &str, fill: &impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        match after.find('}') {
            Some(close) => {
                out.push_str(&fill(after.get(1..close).unwrap_or_default()));
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The label of "Provider change allowed".
pub const PROVIDER_CHANGE: &str = "Provider change allowed";

/// The label of "Copy parameter set ...", with the typographic apostrophe the platform writes.
pub const COPY_PARAMETER_SET: &str =
    "Copy parameter set if the set doesn\u{2019}t exist in the new user group";

const fn opt(key: OptionKey, label: &'static str, cuts: &'static [LinkKind]) -> FormOption {
    FormOption { key, label, cuts }
}

const fn click(when: When, text: &'static str) -> Click {
    Click { when, text }
}

const PROVIDER: FormOption = opt(OptionKey::ProviderChange, PROVIDER_CHANGE, &[]);
const SET_AND_EDIT: Click = click(
    When::Always,
    "Select the user group **{to}**, set the boxes below and click **\"Edit\"**.",
);

/// The move forms of the platform, one per [`Operation`], in its order.
pub const FORMS: [Form; 5] = [
    Form {
        operation: Operation::MoveCards,
        kind: NodeKind::ChargeCard,
        title: "Move cards",
        bulk: true,
        options: &[],
        clicks: &[
            click(When::Always, "Click **Cards > Search**."),
            click(
                When::Filtered,
                "Adjust the filter: user group **{from}**, and select **\"{filter}\"** cards.",
            ),
            click(
                When::ById,
                "Adjust the filter: user group **{from}**; search the cards by id (they are attached, do not use \"Detached\").",
            ),
            click(
                When::Always,
                "From the results select the cards {assets} and click **\"Move\"** at the bottom.",
            ),
            click(
                When::Always,
                "Choose the user group **{to}** from the drop-down list and click **\"Edit\"**.",
            ),
        ],
        no_options: Some(
            "No options on this form. The attached customers do not move with the cards.",
        ),
        verify: &[click(
            When::Always,
            "In **Cards > Search**, filter on user group **{to}**: the cards {assets} are listed there, and no longer under **{from}**.",
        )],
    },
    Form {
        operation: Operation::MoveCustomer,
        kind: NodeKind::Customer,
        title: "Move customer",
        bulk: false,
        options: &[
            PROVIDER,
            opt(
                OptionKey::DetachCards,
                "Detach cards",
                &[LinkKind::CardCustomer],
            ),
            opt(OptionKey::AlsoMoveCards, "Also move attached cards", &[]),
            opt(
                OptionKey::DetachChargePoints,
                "Detach charge points",
                &[LinkKind::CustomerChargePoint],
            ),
            opt(
                OptionKey::ResetCustomerChargeGroup,
                "Reset links between charge groups and this customer",
                &[LinkKind::CustomerChargeGroup],
            ),
        ],
        clicks: &[
            click(
                When::Always,
                "Click **Customers > Search** and adjust the filter options.",
            ),
            click(When::Always, "Open the customer account {assets}."),
            click(
                When::Always,
                "Scroll down to the **\"Customer details\"** section and click **\"Change user group\"**.",
            ),
            SET_AND_EDIT,
        ],
        no_options: None,
        verify: &[click(
            When::Always,
            "Open the customer account {assets} again: **\"Customer details\"** shows user group **{to}**; its cards, charge points and charge groups are the ones **04. Customer Data** and **02. eMSP Data** list for it.",
        )],
    },
    Form {
        operation: Operation::MoveLocation,
        kind: NodeKind::Location,
        title: "Move location",
        bulk: false,
        options: &[
            PROVIDER,
            opt(
                OptionKey::DetachChargePoints,
                "Detach charge points",
                &[LinkKind::ChargePointLocation],
            ),
        ],
        clicks: &[
            click(
                When::Always,
                "Open the location {assets} (from its charge point: **Charge Points > Search**, open the charge point, open the location link in a new window).",
            ),
            click(When::Always, "Click **\"Change user group\"**."),
            SET_AND_EDIT,
        ],
        no_options: None,
        verify: &[click(
            When::Always,
            "Reload the location {assets}: it shows user group **{to}** and still lists the charge points **01. CPO Data** lists at it.",
        )],
    },
    Form {
        operation: Operation::MoveChargePoints,
        kind: NodeKind::ChargePoint,
        title: "Move charge points",
        bulk: true,
        options: &[
            PROVIDER,
            opt(
                OptionKey::DetachCustomer,
                "Detach customer",
                &[LinkKind::CustomerChargePoint],
            ),
            opt(
                OptionKey::DetachChargeGroup,
                "Detach charge group",
                &[LinkKind::ChargePointChargeGroup],
            ),
            opt(
                OptionKey::DetachLocation,
                "Detach location",
                &[LinkKind::ChargePointLocation],
            ),
            opt(OptionKey::CopyParameterSet, COPY_PARAMETER_SET, &[]),
        ],
        clicks: &[
            click(
                When::Bulk,
                "Click **Charge Points > Search** and adjust the filter options so that the results are exactly these charge points: {assets}.",
            ),
            click(
                When::Bulk,
                "In the search results scroll down and click **\"Search results overview\"**.",
            ),
            click(
                When::Bulk,
                "Scroll down to the bottom and click **\"Change user group\"**.",
            ),
            click(
                When::One,
                "Click **Charge Points > Search** and open the charge point {assets}.",
            ),
            click(
                When::One,
                "Scroll down to the **\"Charge point data\"** section and click **\"Edit ID/user group\"**.",
            ),
            SET_AND_EDIT,
        ],
        no_options: None,
        verify: &[click(
            When::Always,
            "In **Charge Points > Search**, filter on user group **{to}**: the charge points {assets} are listed; open one and check in **\"Charge point data\"** that its customer, charge group and location are the ones **01. CPO Data** and **04. Customer Data** list for it.",
        )],
    },
    Form {
        operation: Operation::MoveChargeGroup,
        kind: NodeKind::ChargeGroup,
        title: "Move charge group",
        bulk: false,
        options: &[
            PROVIDER,
            opt(
                OptionKey::DetachChargePoints,
                "Detach charge points",
                &[LinkKind::ChargePointChargeGroup],
            ),
            opt(
                OptionKey::ResetCustomerChargeGroup,
                "Reset links between customer and this charge group",
                &[LinkKind::CustomerChargeGroup],
            ),
        ],
        clicks: &[
            click(
                When::Always,
                "Click **Charge groups > Search** in the left side panel and adjust the filter options.",
            ),
            click(When::Always, "Open the charge group {assets}."),
            click(
                When::Always,
                "Scroll down to the **\"Charge group data\"** section and click **\"Change user group\"**.",
            ),
            SET_AND_EDIT,
        ],
        no_options: None,
        verify: &[click(
            When::Always,
            "Reload the charge group {assets}: **\"Charge group data\"** shows user group **{to}**, with the charge points and customers **01. CPO Data** and **04. Customer Data** list for it.",
        )],
    },
];

/// The key of the option labelled `label` on the form of `op`: how a plan saved before options
/// had keys (plan version 1 without `key`) is read. O(options).
///
/// ```
/// use chargeshift_planner::forms::{key_of_label, Operation, OptionKey};
/// assert_eq!(key_of_label(Operation::MoveChargeGroup, "Detach charge points"), Some(OptionKey::DetachChargePoints));
/// assert_eq!(key_of_label(Operation::MoveCards, "Detach charge points"), None);
/// assert_eq!(
///     key_of_label(Operation::MoveChargePoints, "Copy parameter set if the set doesn't exist in the new user group"),
///     Some(OptionKey::CopyParameterSet)
/// );
/// ```
#[must_use]
pub fn key_of_label(op: Operation, label: &str) -> Option<OptionKey> {
    // plans written before the labels took the platform's typographic apostrophe wrote "'"
    let label = label.replace('\'', "\u{2019}");
    op.form()
        .options
        .iter()
        .find(|o| o.label == label)
        .map(|o| o.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_operation_order_and_every_cut_has_one_option() {
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert_eq!(FORMS[i].operation, *op);
            assert_eq!(Operation::moving(FORMS[i].kind), Some(*op));
            let mut cut: Vec<LinkKind> = FORMS[i]
                .options
                .iter()
                .flat_map(|o| o.cuts.iter().copied())
                .collect();
            let n = cut.len();
            cut.sort_unstable();
            cut.dedup();
            assert_eq!(cut.len(), n, "{op:?}: a link kind is cut by two options");
        }
    }

    #[test]
    fn render_fills_each_placeholder_once() {
        let s = render("a {x} b {y} c", &|p: &str| format!("<{p}{{x}}>"));
        assert_eq!(s, "a <x{x}> b <y{x}> c");
        assert_eq!(
            render("no close {x", &|_: &str| "!".to_owned()),
            "no close {x"
        );
    }
}
