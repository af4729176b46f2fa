//! The cross-file lint: resource names defined twice.

use crate::error::shown;

use super::finding::{Finding, FindingCode};
use super::Resource;

fn described(r: &Resource) -> String {
    match &r.path {
        Some(path) => path.clone(),
        None => format!("the {} spec {}", r.kind, shown(&r.name)),
    }
}

/// An error for each resource whose name an earlier one already has (a data source and a pipe share
/// one namespace in Tinybird), at the later file, naming both.
pub(crate) fn duplicate_resources(resources: &[Resource]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        if let Some(first) = resources[..i].iter().find(|o| o.name == r.name) {
            findings.push(
                Finding::error(
                    FindingCode::DuplicateResource,
                    format!(
                        "Resource name {} is defined twice: {} and {}.",
                        shown(&r.name),
                        described(first),
                        described(r)
                    ),
                )
                .at(r.path.as_deref(), None),
            );
        }
    }
    findings
}
