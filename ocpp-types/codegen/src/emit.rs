//! Turns the schemas of one version into Rust source.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::directions::{Dir, direction};

/// Rust keywords that need a raw identifier.
const KEYWORDS: &[&str] = &[
    "type", "match", "ref", "mod", "use", "self", "super", "crate", "fn", "impl", "trait", "enum",
    "struct", "loop", "move", "static", "const", "async", "await", "dyn", "box", "final",
    "override",
];

/// The state of one version's generation.
struct Gen {
    /// Type declarations.
    types: String,
    /// Constraint tables.
    tables: String,
    /// Rust type name → canonical (expanded, doc-free) schema text.
    known: HashMap<String, String>,
}

/// One schema file with its definitions.
struct File<'a> {
    defs: Option<&'a Map<String, Value>>,
}

fn pascal(s: &str) -> String {
    let mut out = String::new();
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

fn snake(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = if i > 0 {
                chars.get(i - 1).copied()
            } else {
                None
            };
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            out.push('_');
        }
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.insert_str(0, "r#");
    }
    out
}

fn upper_snake(s: &str) -> String {
    snake(s).trim_start_matches("r#").to_ascii_uppercase()
}

fn docs(out: &mut String, node: &Value, fallback: &str) {
    let text = node
        .get("description")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|d| !d.is_empty());
    match text {
        Some(d) => {
            for line in d.lines() {
                let line = line.trim().replace("```", "'''");
                if line.is_empty() {
                    out.push_str("///\n");
                } else {
                    let _ = writeln!(out, "/// {line}");
                }
            }
        }
        None => {
            let _ = writeln!(out, "/// {fallback}");
        }
    }
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn opt_f64(v: Option<&Value>) -> String {
    match v.and_then(Value::as_f64) {
        Some(x) => format!("Some({x:?})"),
        None => "None".to_owned(),
    }
}

fn opt_u32(v: Option<&Value>) -> String {
    match v.and_then(Value::as_u64) {
        Some(x) => format!("Some({x})"),
        None => "None".to_owned(),
    }
}

/// The schema with `$ref`s expanded and documentation removed, as a comparison key.
fn canonical(node: &Value, file: &File<'_>, depth: usize) -> Value {
    if depth > 64 {
        return Value::Null;
    }
    match node {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                let name = r.trim_start_matches("#/definitions/");
                if let Some(d) = file.defs.and_then(|d| d.get(name)) {
                    return canonical(d, file, depth + 1);
                }
            }
            let mut out = Map::new();
            for (k, v) in m {
                if matches!(
                    k.as_str(),
                    "description" | "javaType" | "comment" | "$id" | "title"
                ) {
                    continue;
                }
                out.insert(k.clone(), canonical(v, file, depth + 1));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| canonical(v, file, depth + 1)).collect()),
        other => other.clone(),
    }
}

impl Gen {
    /// Reserves a Rust type name for `node`; `Err(name)` if an identical type already has it.
    fn claim(&mut self, wanted: &str, node: &Value, file: &File<'_>) -> Result<String, String> {
        let key = canonical(node, file, 0).to_string();
        let mut name = wanted.to_owned();
        let mut n = 2;
        loop {
            match self.known.get(&name) {
                Some(k) if *k == key => return Err(name),
                Some(_) => {
                    name = format!("{wanted}{n}");
                    n += 1;
                }
                None => {
                    self.known.insert(name.clone(), key);
                    return Ok(name);
                }
            }
        }
    }

    /// Returns (Rust type, node expression, check) for a schema node, emitting the types it needs.
    ///
    /// The check is a boolean expression over `$` (a reference to the value) for what the Rust type
    /// does not enforce by itself, `None` when the type says it all.
    fn ty(
        &mut self,
        node: &Value,
        hint: &str,
        file: &File<'_>,
    ) -> Result<(String, String, Option<String>), String> {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/definitions/");
            let def = file
                .defs
                .and_then(|d| d.get(name))
                .ok_or_else(|| format!("unresolved reference {r}"))?;
            return self.ty(def, name, file);
        }
        if node.get("type").is_none() && node.get("properties").is_none() {
            return Ok((
                "serde_json::Value".to_owned(),
                "crate::schema::Node::Any".to_owned(),
                None,
            ));
        }
        let kind = node.get("type").and_then(Value::as_str).unwrap_or("object");
        Ok(match kind {
            "string" => {
                if let Some(values) = node.get("enum").and_then(Value::as_array) {
                    let table =
                        |n: &str| format!("crate::schema::Node::Enum(&E_{})", upper_snake(n));
                    match self.claim(&pascal(hint), node, file) {
                        // the fast path is strict: an unlisted value goes to the full path
                        Err(existing) => {
                            let check = format!("{existing}::is_listed($)");
                            (existing.clone(), table(&existing), Some(check))
                        }
                        Ok(name) => {
                            self.emit_enum(&name, node, values);
                            let check = format!("{name}::is_listed($)");
                            (name.clone(), table(&name), Some(check))
                        }
                    }
                } else if node.get("format").and_then(Value::as_str) == Some("date-time") {
                    (
                        "crate::DateTime".to_owned(),
                        "crate::schema::Node::String { max_length: None, format: crate::schema::Format::DateTime }".to_owned(),
                        None,
                    )
                } else {
                    let is_uri = node.get("format").and_then(Value::as_str) == Some("uri");
                    let format = if is_uri { "Uri" } else { "Text" };
                    let mut checks = Vec::new();
                    if let Some(max) = node.get("maxLength").and_then(Value::as_u64) {
                        checks.push(format!("crate::check::max_len($, {max})"));
                    }
                    if is_uri {
                        checks.push("crate::check::uri($)".to_owned());
                    }
                    (
                        "String".to_owned(),
                        format!(
                            "crate::schema::Node::String {{ max_length: {}, format: crate::schema::Format::{format} }}",
                            opt_u32(node.get("maxLength"))
                        ),
                        (!checks.is_empty()).then(|| checks.join(" && ")),
                    )
                }
            }
            "integer" => {
                let (min, max) = (opt_f64(node.get("minimum")), opt_f64(node.get("maximum")));
                let check = (min != "None" || max != "None")
                    .then(|| format!("crate::check::int($, {min}, {max})"));
                (
                    "i64".to_owned(),
                    format!("crate::schema::Node::Integer {{ minimum: {min}, maximum: {max} }}"),
                    check,
                )
            }
            "number" => {
                let (min, max, step) = (
                    opt_f64(node.get("minimum")),
                    opt_f64(node.get("maximum")),
                    opt_f64(node.get("multipleOf")),
                );
                (
                    "f64".to_owned(),
                    format!(
                        "crate::schema::Node::Number {{ minimum: {min}, maximum: {max}, multiple_of: {step} }}"
                    ),
                    // always checked: a NaN is never valid
                    Some(format!("crate::check::num($, {min}, {max}, {step})")),
                )
            }
            "boolean" => (
                "bool".to_owned(),
                "crate::schema::Node::Boolean".to_owned(),
                None,
            ),
            "array" => {
                let items = node
                    .get("items")
                    .ok_or_else(|| format!("array {hint} without items"))?;
                let (t, n, item_check) = self.ty(items, hint, file)?;
                let (min, max) = (opt_u32(node.get("minItems")), opt_u32(node.get("maxItems")));
                let check = (item_check.is_some() || min != "None" || max != "None").then(|| {
                    let item = item_check.map_or_else(
                        || "|_| true".to_owned(),
                        |c| format!("|x| {}", c.replace('$', "x")),
                    );
                    format!("crate::check::array($, {min}, {max}, {item})")
                });
                (
                    format!("Vec<{t}>"),
                    format!(
                        "crate::schema::Node::Array(&crate::schema::ArrayNode {{ items: {n}, min_items: {min}, max_items: {max} }})"
                    ),
                    check,
                )
            }
            "object" => {
                let table = |n: &str| format!("crate::schema::Node::Object(&O_{})", upper_snake(n));
                let check = |n: &str| Some(format!("<{n} as crate::check::Valid>::is_valid($)"));
                match self.claim(&pascal(hint), node, file) {
                    Err(existing) => (existing.clone(), table(&existing), check(&existing)),
                    Ok(name) => {
                        self.emit_struct(&name, node, file)?;
                        (name.clone(), table(&name), check(&name))
                    }
                }
            }
            other => return Err(format!("unsupported type {other} at {hint}")),
        })
    }

    fn emit_enum(&mut self, name: &str, node: &Value, values: &[Value]) {
        let mut out = String::new();
        docs(&mut out, node, &format!("The values of `{name}`."));
        out.push_str(
            "///\n/// A value outside the schema's list is [`Self::Unlisted`]: the decoder reads one only\n\
             /// with the leniency `unlisted_enum_values` and writes it back as it was read.\n\
             #[derive(Debug, Clone, PartialEq, Eq, Hash)]\n",
        );
        let _ = writeln!(out, "pub enum {name} {{");
        let mut used: Vec<String> = vec!["Unlisted".to_owned()];
        let mut arms = String::new();
        let mut de_arms = String::new();
        let mut table = String::new();
        let mut count = 0;
        for v in values {
            let Some(s) = v.as_str() else { continue };
            let mut variant = pascal(s);
            let base = variant.clone();
            let mut n = 2;
            while used.contains(&variant) {
                variant = format!("{base}{n}");
                n += 1;
            }
            used.push(variant.clone());
            count += 1;
            let _ = writeln!(out, "/// `{s}`\n{variant},");
            let _ = writeln!(arms, "Self::{variant} => {},", lit(s));
            let _ = writeln!(de_arms, "{} => Self::{variant},", lit(s));
            let _ = write!(table, "{},", lit(s));
        }
        out.push_str(
            "/// A value the schema does not list (a vendor's own), kept as it was sent: read only\n\
             /// with [`crate::Leniency::unlisted_enum_values`], never in place of a listed value.\n\
             Unlisted(String),\n}\n\n",
        );
        let _ = writeln!(
            out,
            "impl {name} {{\n\
             /// The value as written on the wire (an unlisted one as it was read).\n\
             #[must_use]\npub const fn as_str(&self) -> &str {{\nmatch self {{\n{arms}Self::Unlisted(s) => s.as_str(),\n}}\n}}\n\n\
             /// Whether the value is one the schema lists (not [`Self::Unlisted`]).\n\
             #[must_use]\npub const fn is_listed(&self) -> bool {{\n!matches!(self, Self::Unlisted(_))\n}}\n\n\
             /// The value `text` names: a listed one, else [`Self::Unlisted`] with the text (matched exactly, case included).\n\
             #[must_use]\npub fn from_wire(text: &str) -> Self {{\nmatch text {{\n{de_arms}_ => Self::Unlisted(text.to_owned()),\n}}\n}}\n}}\n\n\
             impl serde::Serialize for {name} {{\nfn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{\ns.serialize_str(self.as_str())\n}}\n}}\n\n\
             impl<'de> serde::Deserialize<'de> for {name} {{\n\
             fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{\n\
             struct V;\n\
             impl serde::de::Visitor<'_> for V {{\n\
             type Value = {name};\n\
             fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{ f.write_str(\"a {name} string\") }}\n\
             fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<{name}, E> {{ Ok({name}::from_wire(s)) }}\n\
             }}\n\
             d.deserialize_str(V)\n}}\n}}\n"
        );
        self.types.push_str(&out);
        let _ = writeln!(
            self.tables,
            "static E_{}: [&str; {count}] = [{table}];",
            upper_snake(name),
        );
    }

    fn emit_struct(&mut self, name: &str, node: &Value, file: &File<'_>) -> Result<(), String> {
        let empty = Map::new();
        let props = node
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let additional = node.get("additionalProperties") != Some(&Value::Bool(false));
        let mut fields = String::new();
        let mut table = String::new();
        let mut checks = Vec::new();
        // the generated Deserialize: slots, match arms, and the struct built from the slots
        let mut slots = String::new();
        let mut arms = String::new();
        let mut build = String::new();
        let mut wire_names = String::new();
        let sorted: BTreeMap<&String, &Value> = props.iter().collect();
        for (i, (wire, prop)) in sorted.into_iter().enumerate() {
            let hint = if prop.get("$ref").is_some() {
                String::new()
            } else {
                format!("{name}{}", pascal(wire))
            };
            let (t, n, check) = if hint.is_empty() {
                self.ty(prop, "", file)?
            } else {
                self.ty(prop, &hint, file)?
            };
            let is_required = required.contains(&wire.as_str());
            // `customData` is on every 2.x type and almost never sent: boxed, an absent one costs
            // 8 bytes instead of 48, which keeps every message small to move
            let t = if !is_required && t == "CustomDataType" {
                format!("Box<{t}>")
            } else {
                t
            };
            let field = snake(wire);
            docs(&mut fields, prop, &format!("The `{wire}` field."));
            if is_required {
                let _ = writeln!(
                    fields,
                    "#[serde(rename = {})]\npub {field}: {t},",
                    lit(wire)
                );
                let _ = writeln!(build, "{field}: crate::de::required(f{i}, {})?,", lit(wire));
                if let Some(c) = check {
                    checks.push(c.replace('$', &format!("&self.{field}")));
                }
            } else {
                let _ = writeln!(
                    fields,
                    "#[serde(rename = {}, default, skip_serializing_if = \"Option::is_none\")]\npub {field}: Option<{t}>,",
                    lit(wire)
                );
                let _ = writeln!(build, "{field}: f{i},");
                if let Some(c) = check {
                    checks.push(format!(
                        "self.{field}.as_ref().is_none_or(|x| {})",
                        c.replace('$', "x")
                    ));
                }
            }
            let _ = writeln!(slots, "let mut f{i}: Option<{t}> = None;");
            // a free-form value is read so that a key given twice inside it is an error too
            let reader = if t == "serde_json::Value" {
                "value_field"
            } else {
                "field"
            };
            let _ = writeln!(
                arms,
                "{} => {{ crate::de::{reader}(&mut map, &mut f{i}, {})?; }}",
                lit(wire),
                lit(wire)
            );
            let _ = write!(wire_names, "{},", lit(wire));
            let _ = write!(
                table,
                "crate::schema::Prop {{ name: {}, required: {is_required}, node: {n} }},",
                lit(wire)
            );
        }
        if additional {
            fields.push_str(
                "/// Further properties the schema allows.\n#[serde(flatten)]\npub additional: serde_json::Map<String, serde_json::Value>,\n",
            );
            slots.push_str("let mut additional = serde_json::Map::new();\n");
            build.push_str("additional,\n");
        }
        let unknown = if additional {
            "crate::de::additional(&mut map, key, &mut additional)?"
        } else {
            "return Err(crate::de::unknown(&key, FIELDS))"
        };
        let body = if arms.is_empty() {
            format!("if let Some(key) = map.next_key::<crate::de::Key<'de>>()? {{ {unknown}; }}")
        } else {
            format!(
                "while let Some(key) = map.next_key::<crate::de::Key<'de>>()? {{\nmatch key.as_str() {{\n{arms}_ => {{ {unknown}; }}\n}}\n}}"
            )
        };
        let fields_const = if additional {
            String::new()
        } else {
            format!("const FIELDS: &[&str] = &[{wire_names}];\n")
        };
        let mut out = String::new();
        docs(&mut out, node, &format!("The `{name}` type."));
        let default = if required.is_empty() { ", Default" } else { "" };
        let valid = if checks.is_empty() {
            "true".to_owned()
        } else {
            checks.join("\n&& ")
        };
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, PartialEq{default}, serde::Serialize)]\npub struct {name} {{\n{fields}}}\n\n\
             impl<'de> serde::Deserialize<'de> for {name} {{\n\
             fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {{\n\
             struct V;\n\
             impl<'de> serde::de::Visitor<'de> for V {{\n\
             type Value = {name};\n\
             fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {{ f.write_str(\"a {name} object\") }}\n\
             fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<{name}, A::Error> {{\n\
             {fields_const}{slots}{body}\n\
             Ok({name} {{\n{build}}})\n}}\n}}\n\
             d.deserialize_map(V)\n}}\n}}\n\n\
             impl crate::check::Valid for {name} {{\nfn is_valid(&self) -> bool {{\n{valid}\n}}\n}}\n"
        );
        self.types.push_str(&out);
        let _ = writeln!(
            self.tables,
            "static O_{}: crate::schema::ObjectNode = crate::schema::ObjectNode {{ name: {}, props: &[{table}], additional: {additional} }};",
            upper_snake(name),
            lit(name)
        );
        Ok(())
    }
}

/// One action with its request and response type names.
struct Action {
    name: String,
    request: Option<String>,
    response: Option<String>,
}

/// Generates the module of one version.
pub(crate) fn generate(
    version: &str,
    title: &str,
    schemas: &[(String, Value)],
) -> Result<String, String> {
    let mut g = Gen {
        types: String::new(),
        tables: String::new(),
        known: HashMap::new(),
    };
    let mut actions: BTreeMap<String, Action> = BTreeMap::new();
    for (stem, schema) in schemas {
        let (action, is_response) = if let Some(a) = stem.strip_suffix("Response") {
            (a.to_owned(), true)
        } else if let Some(a) = stem.strip_suffix("Request") {
            (a.to_owned(), false)
        } else {
            (stem.clone(), false)
        };
        let type_name = format!(
            "{action}{}",
            if is_response { "Response" } else { "Request" }
        );
        let file = File {
            defs: schema.get("definitions").and_then(Value::as_object),
        };
        let (t, _, _) = g.ty(schema, &type_name, &file)?;
        if t != type_name {
            return Err(format!(
                "{stem}: top-level type named {t}, expected {type_name}"
            ));
        }
        let entry = actions.entry(action.clone()).or_insert(Action {
            name: action,
            request: None,
            response: None,
        });
        if is_response {
            entry.response = Some(t);
        } else {
            entry.request = Some(t);
        }
    }

    let marker = match version {
        "v16" => "Ocpp16",
        "v201" => "Ocpp201",
        _ => "Ocpp21",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by chargeshift-ocpp-codegen from the official {title} JSON schemas; do not edit.\n\
         //! The messages of {title}: one request and one response type per action, their enums and\n\
         //! complex types, the typed [`Request`] and [`Response`] enums, and the constraint tables\n\
         //! the validator walks.\n\
         //!\n\
         //! ```\n\
         //! use chargeshift_ocpp::{{Decoder, Endpoint, Message}};\n\
         //! use chargeshift_ocpp::{version}::{{{marker}, Request}};\n\
         //!\n\
         //! let mut csms = Decoder::<{marker}>::new(Endpoint::Csms);\n\
         //! let decoded = csms.decode(r#\"[2,\"1\",\"Heartbeat\",{{}}]\"#)?;\n\
         //! assert!(matches!(decoded.message, Message::Call {{ request: Request::Heartbeat(_), .. }}));\n\
         //! # Ok::<(), chargeshift_ocpp::DecodeError>(())\n\
         //! ```\n\n\
         #![allow(clippy::large_enum_variant, reason = \"generated message enums hold every message by value\")]\n\
         #![allow(clippy::redundant_closure, reason = \"generated checks apply one template to every field\")]\n\
         #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags, reason = \"descriptions are copied from the schemas\")]\n"
    );
    out.push_str(&g.types);
    // typed enums
    for (kind, pick) in [("Request", true), ("Response", false)] {
        let _ = writeln!(
            out,
            "/// Every {} of {title}, one variant per action.\n#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum {kind} {{",
            kind.to_ascii_lowercase()
        );
        let mut action_arms = String::new();
        let mut from_arms = String::new();
        let mut to_arms = String::new();
        let mut de_arms = String::new();
        let mut valid_arms = String::new();
        let mut froms = String::new();
        for (index, a) in actions.values().enumerate() {
            let t = if pick { &a.request } else { &a.response };
            let Some(t) = t else { continue };
            let _ = writeln!(out, "/// `{}`\n{}(Box<{t}>),", a.name, a.name);
            let _ = writeln!(action_arms, "Self::{}(_) => {},", a.name, lit(&a.name));
            let _ = writeln!(
                from_arms,
                "{} => Some(serde_json::from_value(value).map(|m| Self::{}(Box::new(m)))),",
                lit(&a.name),
                a.name
            );
            let _ = writeln!(to_arms, "Self::{}(m) => serde_json::to_value(m),", a.name);
            let _ = writeln!(
                de_arms,
                "{index} => Some(<{t} as serde::Deserialize>::deserialize(d).map(|m| Self::{}(Box::new(m)))),",
                a.name
            );
            let _ = writeln!(
                valid_arms,
                "Self::{}(m) => crate::check::Valid::is_valid(&**m),",
                a.name
            );
            let _ = writeln!(
                froms,
                "impl From<{t}> for {kind} {{\nfn from(m: {t}) -> Self {{\nSelf::{}(Box::new(m))\n}}\n}}\n",
                a.name
            );
        }
        out.push_str("}\n\n");
        let _ = writeln!(
            out,
            "impl {kind} {{\n\
             /// The action this message belongs to.\n#[must_use]\npub const fn action(&self) -> &'static str {{\nmatch self {{\n{action_arms}}}\n}}\n\n\
             /// Builds the message of `action` from a JSON value that passed validation; `None` for an unknown action.\n\
             pub(crate) fn from_value(action: &str, value: serde_json::Value) -> Option<Result<Self, serde_json::Error>> {{\nmatch action {{\n{from_arms}_ => None,\n}}\n}}\n\n\
             /// The payload as JSON.\npub(crate) fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {{\nmatch self {{\n{to_arms}}}\n}}\n\n\
             /// Deserialises the message of the action at `index` in [`ACTIONS`]; `None` when it has none.\n\
             pub(crate) fn deserialize_at<'de, D: serde::Deserializer<'de>>(index: usize, d: D) -> Option<Result<Self, D::Error>> {{\nmatch index {{\n{de_arms}_ => None,\n}}\n}}\n}}\n\n\
             impl crate::check::Valid for {kind} {{\nfn is_valid(&self) -> bool {{\nmatch self {{\n{valid_arms}}}\n}}\n}}\n\n{froms}"
        );
    }
    out.push_str("// constraint tables\n");
    out.push_str(&g.tables);
    let names: Vec<&str> = actions.keys().map(String::as_str).collect();
    let stale = crate::directions::stale(version, &names);
    if !stale.is_empty() {
        return Err(format!(
            "{version}: the direction lists name actions the schemas do not have: {stale:?}"
        ));
    }
    let mut infos = String::new();
    let mut index_arms = String::new();
    for (index, a) in actions.values().enumerate() {
        let _ = writeln!(index_arms, "{} => Some({index}),", lit(&a.name));
        let dir = match direction(version, &a.name)? {
            Dir::Cp => "ChargePointToCsms",
            Dir::Csms => "CsmsToChargePoint",
            Dir::Both => "Both",
        };
        let node = |t: &Option<String>| match t {
            Some(t) => format!("Some(&O_{})", upper_snake(t)),
            None => "None".to_owned(),
        };
        let _ = writeln!(
            infos,
            "crate::schema::ActionInfo {{ action: {}, direction: crate::Direction::{dir}, request: {}, response: {} }},",
            lit(&a.name),
            node(&a.request),
            node(&a.response)
        );
    }
    let _ = writeln!(
        out,
        "\n/// Every action of {title} with its direction and constraint tables, sorted by name.\n\
         pub(crate) static ACTIONS: [crate::schema::ActionInfo; {}] = [{infos}];\n\n\
         /// {title}: the marker type that selects this version in [`crate::Decoder`].\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]\npub struct {marker};\n\n\
         impl crate::Messages for {marker} {{\n\
         const VERSION: crate::OcppVersion = crate::OcppVersion::{};\n\
         type Request = Request;\ntype Response = Response;\n\
         fn actions() -> &'static [crate::schema::ActionInfo] {{ &ACTIONS }}\n\
         fn action_index(action: &str) -> Option<usize> {{\nmatch action {{\n{index_arms}_ => None,\n}}\n}}\n\
         fn request_from_value(action: &str, value: serde_json::Value) -> Option<Result<Request, serde_json::Error>> {{ Request::from_value(action, value) }}\n\
         fn response_from_value(action: &str, value: serde_json::Value) -> Option<Result<Response, serde_json::Error>> {{ Response::from_value(action, value) }}\n\
         fn deserialize_request<'de, D: serde::Deserializer<'de>>(index: usize, d: D) -> Option<Result<Request, D::Error>> {{ Request::deserialize_at(index, d) }}\n\
         fn deserialize_response<'de, D: serde::Deserializer<'de>>(index: usize, d: D) -> Option<Result<Response, D::Error>> {{ Response::deserialize_at(index, d) }}\n\
         fn request_action(request: &Request) -> &'static str {{ request.action() }}\n\
         fn response_action(response: &Response) -> &'static str {{ response.action() }}\n\
         fn request_to_value(request: &Request) -> Result<serde_json::Value, serde_json::Error> {{ request.to_value() }}\n\
         fn response_to_value(response: &Response) -> Result<serde_json::Value, serde_json::Error> {{ response.to_value() }}\n\
         }}",
        actions.len(),
        match version {
            "v16" => "V16",
            "v201" => "V201",
            _ => "V21",
        }
    );
    Ok(out)
}
