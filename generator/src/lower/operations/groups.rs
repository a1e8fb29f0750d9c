//! Methods → [`ir::Group`](crate::ir::Group)s, in the order their operations are selected: a method
//! whose name its group already has gets a number, a group whose module would take a name at the SDK's
//! root gets `_api` after it, and an operation type that would have the name of its group's type or of
//! another in the module gets `Call` after it; each with a warning.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;

use super::naming::ROOT_MODULES;
use super::select::Selected;
use crate::diag::{Category, Diagnostics};
use crate::ir::{Group, Method};
use crate::names;

/// The groups made so far, and which operation each of their methods was made from.
#[derive(Default)]
pub(super) struct Grouping {
    groups: Vec<Group>,
    /// The pointer of the operation each (group, method name) was made from.
    method_sources: BTreeMap<(String, String), String>,
}

impl Grouping {
    /// An operation's methods, each with a name no method of its group (made so far, or of these) has:
    /// its own, else with a number after it, with a warning naming the operation it was made from.
    pub(super) fn distinct_method_names(
        &self,
        sel: &Selected<'_>,
        methods: Vec<Method>,
        diags: &mut Diagnostics,
    ) -> Vec<Method> {
        let mut accepted: Vec<Method> = Vec::new();
        for mut method in methods {
            let taken = |name: &str| {
                let key = (sel.group.clone(), name.to_owned());
                self.method_sources.contains_key(&key) || accepted.iter().any(|m| m.name == name)
            };
            if taken(&method.name) {
                let renamed = names::unique(&method.name, "_", taken);
                let other = self
                    .method_sources
                    .get(&(sel.group.clone(), method.name.clone()))
                    .map_or_else(|| "another of its methods".to_owned(), Clone::clone);
                diags.warning_with_fix(
                    Category::NameCollision,
                    &sel.found.ptr,
                    format!(
                        "its method `{}.{}` is already made from {other}; it is `{}.{renamed}`",
                        sel.group, method.name, sel.group
                    ),
                    "name one of them in the configuration (`operations`)",
                );
                method.name = renamed;
                method.type_name = method.name.to_upper_camel_case();
            }
            accepted.push(method);
        }
        accepted
    }

    /// Adds an operation's methods (named by [`Self::distinct_method_names`]) to its group, which is
    /// made when it is the group's first operation.
    pub(super) fn add(&mut self, sel: &Selected<'_>, methods: Vec<Method>, diags: &mut Diagnostics) {
        for mut method in methods {
            self.method_sources
                .insert((sel.group.clone(), method.name.clone()), method.pointer.clone());
            match self.groups.iter_mut().find(|g| g.name == sel.group) {
                Some(group) => {
                    distinct_type_name(&mut method, group, diags);
                    group.methods.push(method);
                }
                None => {
                    let mut group = new_group(sel, diags);
                    distinct_type_name(&mut method, &group, diags);
                    group.methods.push(method);
                    self.groups.push(group);
                }
            }
        }
    }

    pub(super) fn finish(self) -> Vec<Group> {
        self.groups
    }
}

/// The group of the selected operation, without methods: its module is its name, or `{name}_api` when
/// the SDK's root has a module of that name (with a warning); its type is named after its module.
fn new_group(sel: &Selected<'_>, diags: &mut Diagnostics) -> Group {
    let group_name = sel.group.clone();
    let group_type = names::type_name(&sel.group).unwrap_or_else(|| "Api".to_owned());
    let module = if ROOT_MODULES.contains(&group_name.as_str()) {
        let module = format!("{group_name}_api");
        diags.warning(
            Category::NameShadowsSdk,
            &sel.found.ptr,
            format!(
                "the module of the group `{group_name}` is `{module}`: the SDK's own `{group_name}` module has that name (the accessor stays `{group_name}()`)"
            ),
        );
        module
    } else {
        group_name.clone()
    };
    // `client_api::ClientApi`, not a second `Client`.
    let type_name = names::type_name(&module).unwrap_or(group_type);
    Group {
        name: group_name,
        module,
        type_name,
        methods: Vec::new(),
    }
}

/// The operation types of a group live in its module beside the group's own type: one that would have
/// the name of either (a group `search` with an operation `search`) gets `Call` after its name, or a
/// number, with a warning.
fn distinct_type_name(method: &mut Method, group: &Group, diags: &mut Diagnostics) {
    let taken = |name: &str| group.type_name == name || group.methods.iter().any(|m| m.type_name == name);
    if !taken(&method.type_name) {
        return;
    }
    let renamed = names::unique(&format!("{}Call", method.type_name), "", taken);
    let other = if group.type_name == method.type_name {
        format!("the type of the group `{}`", group.name)
    } else {
        let other = group.methods.iter().find(|m| m.type_name == method.type_name);
        format!(
            "the operation type of {}",
            other.map_or("another method", |m| m.pointer.as_str())
        )
    };
    diags.warning_with_fix(
        Category::NameCollision,
        &method.pointer,
        format!(
            "the operation type `{}` of the method `{}` would have the name of {other} in the module `{}`; it is `{renamed}`",
            method.type_name, method.name, group.module
        ),
        "name the method or the group otherwise in the configuration (`operations`)",
    );
    method.type_name = renamed;
}
