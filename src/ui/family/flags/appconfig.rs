//! A flag as AWS AppConfig feature-flag configuration data, as text for the learner to read.
use crate::course::flags::{Experiment, Split, StaffRule};

fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The flag as AWS AppConfig feature-flag configuration data (`AWS.AppConfig.FeatureFlags`):
/// a multi-variant flag whose variants are evaluated in order, the default last, with one
/// variant per line and keys in the order the AppConfig documentation writes them.
/// `killed`: every variant disabled, as after the kill switch.
pub fn appconfig_json(
    experiment: &Experiment,
    staff_rule: StaffRule,
    split: Split,
    percent: f64,
    killed: bool,
) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let variant = |name: &str, enabled: bool, rule: Option<String>| match rule {
        Some(rule) => format!(
            "{{ \"name\": {}, \"enabled\": {enabled}, \"rule\": {} }}",
            q(name),
            q(&rule)
        ),
        None => format!("{{ \"name\": {}, \"enabled\": {enabled} }}", q(name)),
    };
    let mut variants = Vec::new();
    if staff_rule != StaffRule::None {
        variants.push(variant(
            "Staff",
            staff_rule == StaffRule::On && !killed,
            Some(format!(
                "(eq ${} {})",
                experiment.population.attribute,
                q(&experiment.population.staff_value)
            )),
        ));
    }
    variants.push(variant(
        "Rollout",
        !killed,
        Some(format!(
            "(split by::${} pct::{} seed::{})",
            split.context_key(),
            number_text(percent),
            q(&experiment.flag_key)
        )),
    ));
    variants.push(variant("Default", false, None));
    let key = q(&experiment.flag_key);
    format!(
        "{{\n  \"version\": \"1\",\n  \"flags\": {{ {key}: {{ \"name\": {} }} }},\n  \"values\": {{\n    {key}: {{\n      \"_variants\": [\n        {}\n      ]\n    }}\n  }}\n}}\n",
        q(&experiment.flag_name),
        variants.join(",\n        ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appconfig_json_is_valid_and_names_the_rules() {
        let lab = crate::labs::catalogue()
            .lab("deploy-feature-flags")
            .expect("the flags lab");
        let e = &lab.workspace.flags.experiments[0].experiment;
        let text = appconfig_json(e, StaffRule::On, Split::UserId, 12.5, false);
        assert!(text.starts_with("{\n  \"version\": \"1\",\n"), "{text}");
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["version"], "1");
        assert_eq!(
            doc["flags"]["one_click_checkout"]["name"],
            "One-click checkout"
        );
        let variants = doc["values"]["one_click_checkout"]["_variants"]
            .as_array()
            .unwrap();
        assert_eq!(variants.len(), 3);
        assert_eq!(variants[0]["rule"], "(eq $group \"staff\")");
        assert_eq!(
            variants[1]["rule"],
            "(split by::$userId pct::12.5 seed::\"one_click_checkout\")"
        );
        assert_eq!(variants[2]["name"], "Default");
        assert!(variants[2].get("rule").is_none(), "the default has no rule");
        let killed = appconfig_json(e, StaffRule::None, Split::SessionId, 0.0, true);
        let doc: serde_json::Value = serde_json::from_str(&killed).unwrap();
        let variants = doc["values"]["one_click_checkout"]["_variants"]
            .as_array()
            .unwrap();
        assert_eq!(variants.len(), 2);
        assert!(variants.iter().all(|v| v["enabled"] == false));
        assert!(killed.contains("by::$sessionId pct::0"));
    }
}
