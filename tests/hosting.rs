//! The hosting template (`hosting/static-site.yaml`) says what matters, read as YAML with
//! CloudFormation's short-form tags kept (`!Ref`, `!GetAtt`, `!Sub`, `!If`…): a private
//! bucket read only by this stack's distribution through origin access control, HTTPS
//! only, index.html and sw.js never cached, the rest cached for a year, and the same
//! Content-Security-Policy as index.html. Until the app has its own template validator
//! (the CloudFormation family, a later issue), this test is the template's check.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Tagged;

const TEMPLATE: &str = include_str!("../hosting/static-site.yaml");
const INDEX_HTML: &str = include_str!("../index.html");

/// CloudFront's managed cache policies (IDs from the CloudFront Developer Guide,
/// "Use managed cache policies").
const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";
const CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/// A YAML node with its tag (`Some("!Ref")`…), if it has one.
#[derive(Debug, Clone, PartialEq)]
struct Node {
    tag: Option<String>,
    value: Value,
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Tagged(value, tag) = Tagged::<Value>::deserialize(d)?;
        Ok(Node { tag, value })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            entries.push((k, v));
        }
        Ok(Value::Map(entries))
    }
}

impl Node {
    /// The value at `key` of a mapping; panics with the path when it is missing.
    fn get(&self, key: &str) -> &Node {
        self.try_get(key)
            .unwrap_or_else(|| panic!("no `{key}` in {self:?}"))
    }
    fn try_get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// `a.b.c`: nested mapping keys.
    fn at(&self, path: &str) -> &Node {
        path.split('.').fold(self, Node::get)
    }
    fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            other => panic!("not a mapping: {other:?}"),
        }
    }
    fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            other => panic!("not a sequence: {other:?}"),
        }
    }
    /// An untagged string (or a number CloudFormation reads as one).
    fn str(&self) -> &str {
        match (&self.tag, &self.value) {
            (None, Value::Str(s)) => s,
            other => panic!("not a plain string: {other:?}"),
        }
    }
    fn bool(&self) -> bool {
        match self.value {
            Value::Bool(b) => b,
            ref other => panic!("not a boolean: {other:?}"),
        }
    }
    /// The argument of a short-form intrinsic function: `!Ref X` → `X` when `tag` is "Ref".
    fn intrinsic(&self, tag: &str) -> &str {
        match (&self.tag, &self.value) {
            (Some(t), Value::Str(s)) if t.trim_start_matches('!') == tag => s,
            other => panic!("not !{tag}: {other:?}"),
        }
    }
}

fn template() -> Node {
    serde_saphyr::from_str(TEMPLATE).expect("hosting/static-site.yaml is YAML")
}

/// The one resource of `kind`: its logical id and properties.
fn only<'a>(t: &'a Node, kind: &str) -> (&'a str, &'a Node) {
    let found: Vec<_> = t
        .get("Resources")
        .entries()
        .iter()
        .filter(|(_, r)| r.get("Type").str() == kind)
        .collect();
    assert_eq!(found.len(), 1, "expected one {kind}, found {}", found.len());
    (found[0].0.as_str(), found[0].1.get("Properties"))
}

fn resource<'a>(t: &'a Node, id: &str) -> &'a Node {
    t.get("Resources").get(id)
}

/// The Cache-Control header a response headers policy sets: (value, override).
fn cache_control(policy: &Node) -> (String, bool) {
    let items = policy
        .at("Properties.ResponseHeadersPolicyConfig.CustomHeadersConfig.Items")
        .items();
    let header = items
        .iter()
        .find(|h| h.get("Header").str().eq_ignore_ascii_case("Cache-Control"))
        .expect("a Cache-Control header");
    (
        header.get("Value").str().to_owned(),
        header.get("Override").bool(),
    )
}

/// The policy in index.html's `<meta http-equiv="Content-Security-Policy">`.
fn index_csp() -> &'static str {
    let marker = r#"http-equiv="Content-Security-Policy" content=""#;
    let start = INDEX_HTML.find(marker).expect("index.html has a CSP meta") + marker.len();
    let len = INDEX_HTML[start..].find('"').expect("closing quote");
    &INDEX_HTML[start..start + len]
}

#[test]
fn the_bucket_is_private_and_encrypted() {
    let t = template();
    let (_, bucket) = only(&t, "AWS::S3::Bucket");
    let block = bucket.get("PublicAccessBlockConfiguration");
    for setting in [
        "BlockPublicAcls",
        "BlockPublicPolicy",
        "IgnorePublicAcls",
        "RestrictPublicBuckets",
    ] {
        assert!(block.get(setting).bool(), "{setting} must be true");
    }
    let rule = &bucket
        .at("BucketEncryption.ServerSideEncryptionConfiguration")
        .items()[0];
    assert!(["AES256", "aws:kms"]
        .contains(&rule.at("ServerSideEncryptionByDefault.SSEAlgorithm").str()));
    assert!(
        bucket.try_get("WebsiteConfiguration").is_none(),
        "no S3 website endpoint: CloudFront reads the bucket through origin access control"
    );
}

#[test]
fn only_this_distribution_reads_the_bucket_through_origin_access_control() {
    let t = template();
    let (bucket_id, _) = only(&t, "AWS::S3::Bucket");
    let (oac_id, oac) = only(&t, "AWS::CloudFront::OriginAccessControl");
    let (distribution_id, distribution) = only(&t, "AWS::CloudFront::Distribution");

    let config = oac.get("OriginAccessControlConfig");
    assert_eq!(config.get("SigningBehavior").str(), "always");
    assert_eq!(config.get("OriginAccessControlOriginType").str(), "s3");
    assert_eq!(config.get("SigningProtocol").str(), "sigv4");

    let origins = distribution.at("DistributionConfig.Origins").items();
    assert_eq!(origins.len(), 1);
    let origin = &origins[0];
    assert_eq!(
        origin.get("DomainName").intrinsic("GetAtt"),
        format!("{bucket_id}.RegionalDomainName")
    );
    assert_eq!(
        origin.get("OriginAccessControlId").intrinsic("GetAtt"),
        format!("{oac_id}.Id")
    );
    // With origin access control, the legacy identity is empty.
    assert_eq!(origin.at("S3OriginConfig.OriginAccessIdentity").str(), "");

    let (_, policy) = only(&t, "AWS::S3::BucketPolicy");
    assert_eq!(policy.get("Bucket").intrinsic("Ref"), bucket_id);
    let statements = policy.at("PolicyDocument.Statement").items();
    assert_eq!(statements.len(), 1, "one grant, nothing else");
    let s = &statements[0];
    assert_eq!(s.get("Effect").str(), "Allow");
    assert_eq!(s.at("Principal.Service").str(), "cloudfront.amazonaws.com");
    assert_eq!(s.get("Action").str(), "s3:GetObject");
    assert_eq!(
        s.get("Resource").intrinsic("Sub"),
        format!("${{{bucket_id}.Arn}}/*")
    );
    let source = s.at("Condition.StringEquals").get("AWS:SourceArn");
    let arn = source.intrinsic("Sub");
    assert!(
        arn.starts_with("arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/")
            || arn.starts_with("arn:aws:cloudfront::${AWS::AccountId}:distribution/"),
        "{arn}"
    );
    assert!(
        arn.ends_with(&format!("distribution/${{{distribution_id}}}")),
        "the condition names this stack's distribution: {arn}"
    );
}

#[test]
fn viewers_use_https_and_the_default_root_is_the_app() {
    let t = template();
    let (_, distribution) = only(&t, "AWS::CloudFront::Distribution");
    let config = distribution.get("DistributionConfig");
    assert!(config.get("Enabled").bool());
    assert_eq!(config.get("DefaultRootObject").str(), "index.html");
    assert!(["http2", "http2and3"].contains(&config.get("HttpVersion").str()));
    assert_eq!(
        config.at("DefaultCacheBehavior.ViewerProtocolPolicy").str(),
        "redirect-to-https"
    );
    for behaviour in config.get("CacheBehaviors").items() {
        assert_eq!(
            behaviour.get("ViewerProtocolPolicy").str(),
            "redirect-to-https"
        );
    }
    // The certificate: CloudFront's own without a domain, ACM's (TLS 1.2 at least) with one.
    let certificate = config.get("ViewerCertificate");
    assert_eq!(certificate.tag.as_deref(), Some("!If"));
    let branches = certificate.items();
    assert_eq!(branches[0].str(), "HasDomain");
    assert_eq!(
        branches[1].get("AcmCertificateArn").intrinsic("Ref"),
        "CertificateArn"
    );
    assert_eq!(branches[1].get("SslSupportMethod").str(), "sni-only");
    assert!(branches[1]
        .get("MinimumProtocolVersion")
        .str()
        .starts_with("TLSv1.2"));
    assert!(branches[2].get("CloudFrontDefaultCertificate").bool());
}

#[test]
fn index_html_and_sw_js_are_never_cached_and_the_rest_for_a_year() {
    let t = template();
    let (_, distribution) = only(&t, "AWS::CloudFront::Distribution");
    let config = distribution.get("DistributionConfig");

    let default = config.get("DefaultCacheBehavior");
    assert_eq!(default.get("CachePolicyId").str(), CACHING_OPTIMIZED);
    assert!(default.get("Compress").bool());
    let long = resource(&t, default.get("ResponseHeadersPolicyId").intrinsic("Ref"));
    let (value, overrides) = cache_control(long);
    assert!(
        value.contains("max-age=31536000") && value.contains("immutable"),
        "{value}"
    );
    assert!(
        !overrides,
        "a file uploaded with its own Cache-Control (unhashed: no-cache) keeps it"
    );

    for path in ["/index.html", "/sw.js"] {
        let behaviour = config
            .get("CacheBehaviors")
            .items()
            .iter()
            .find(|b| b.get("PathPattern").str() == path)
            .unwrap_or_else(|| panic!("a cache behaviour for {path}"));
        assert_eq!(
            behaviour.get("CachePolicyId").str(),
            CACHING_DISABLED,
            "{path}"
        );
        let policy = resource(
            &t,
            behaviour.get("ResponseHeadersPolicyId").intrinsic("Ref"),
        );
        assert_eq!(
            cache_control(policy),
            ("no-cache".to_owned(), true),
            "{path}"
        );
    }
}

#[test]
fn every_response_carries_the_apps_content_security_policy_and_security_headers() {
    let t = template();
    let expected = format!("{}; frame-ancestors 'none'", index_csp());
    let mut policies = 0;
    for (id, r) in t.get("Resources").entries() {
        if r.get("Type").str() != "AWS::CloudFront::ResponseHeadersPolicy" {
            continue;
        }
        policies += 1;
        let security = r.at("Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig");
        let csp = security.get("ContentSecurityPolicy");
        assert_eq!(
            csp.get("ContentSecurityPolicy").str(),
            expected,
            "{id}: the header is index.html's policy plus frame-ancestors (ignored in a meta tag)"
        );
        assert!(csp.get("Override").bool(), "{id}");
        assert!(security.at("ContentTypeOptions.Override").bool(), "{id}");
        assert_eq!(security.at("FrameOptions.FrameOption").str(), "DENY");
        let hsts = security.get("StrictTransportSecurity");
        assert!(
            matches!(hsts.get("AccessControlMaxAgeSec").value, Value::Int(n) if n >= 31_536_000)
        );
        assert!(security.at("ReferrerPolicy.ReferrerPolicy").str() == "no-referrer");
    }
    assert_eq!(
        policies, 2,
        "one for long-cached files, one for index.html and sw.js"
    );

    // The policy itself: no inline script, no eval beyond WebAssembly's.
    let csp = index_csp();
    let script = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .expect("a script-src directive");
    assert_eq!(script, "script-src 'self' 'wasm-unsafe-eval'");
    assert!(!csp.contains("'unsafe-eval'"));
    assert!(csp.contains("connect-src 'self'"));
}

#[test]
fn outputs_and_references_name_what_exists() {
    let t = template();
    let (bucket_id, _) = only(&t, "AWS::S3::Bucket");
    let (distribution_id, _) = only(&t, "AWS::CloudFront::Distribution");
    let outputs = t.get("Outputs");
    assert_eq!(
        outputs
            .at("DistributionDomainName.Value")
            .intrinsic("GetAtt"),
        format!("{distribution_id}.DomainName")
    );
    assert_eq!(outputs.at("BucketName.Value").intrinsic("Ref"), bucket_id);

    // Every !Ref and !GetAtt names a resource, a parameter or a pseudo parameter.
    let mut names: Vec<String> = t
        .get("Resources")
        .entries()
        .iter()
        .map(|(k, _)| k.clone())
        .collect();
    names.extend(t.get("Parameters").entries().iter().map(|(k, _)| k.clone()));
    fn walk(n: &Node, names: &[String], seen: &mut usize) {
        match (&n.tag, &n.value) {
            (Some(tag), Value::Str(s)) if tag == "!Ref" || tag == "!GetAtt" => {
                let target = if tag == "!GetAtt" {
                    s.split('.').next().unwrap_or_default()
                } else {
                    s
                };
                assert!(
                    target.starts_with("AWS::") || names.iter().any(|n| n == target),
                    "{tag} {s} names nothing in the template"
                );
                *seen += 1;
            }
            (_, Value::Seq(items)) => items.iter().for_each(|i| walk(i, names, seen)),
            (_, Value::Map(entries)) => entries.iter().for_each(|(_, v)| walk(v, names, seen)),
            _ => {}
        }
    }
    let mut seen = 0;
    walk(&t, &names, &mut seen);
    assert!(
        seen >= 8,
        "only {seen} references found: are tags being read?"
    );
}
