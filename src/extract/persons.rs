//! The people of one article: who was named, by which later forms (surname, or the family name
//! first for short East Asian names), which roles they were reported to hold, and when each
//! was last mentioned, so that "the foreign minister" resolves to the latest person with that
//! role.

use super::names::slug;
use crate::kb::provenance::TextSpan;
use rustc_hash::FxHashMap;

/// A role a person was reported to hold.
#[derive(Clone, Debug)]
pub struct HeldRole {
    /// The role id (`foreign_minister`).
    pub role: String,
    /// The organization (a country for state officials), as a gazetteer entity index; `None`
    /// until inferred from context.
    pub org: Option<usize>,
    /// A fixed organization id from the gazetteer (`state_duma`).
    pub fixed_org: Option<String>,
    /// Where it is stated: sentence index and span.
    pub sentence: usize,
    /// The span of the role phrase.
    pub span: TextSpan,
    /// How sure the extractor is.
    pub confidence: f32,
}

/// A person named in the article.
#[derive(Clone, Debug)]
pub struct Person {
    /// Entity id (ASCII snake_case of the name).
    pub id: String,
    /// The name as first written.
    pub name: String,
    /// Later forms that name them alone ("Churkin").
    pub short_forms: Vec<String>,
    /// Roles, in order of mention.
    pub roles: Vec<HeldRole>,
    /// A counter value of the latest mention.
    pub last_seen: u64,
}

impl Person {
    /// The organization of the person's first role with one (the state they speak for).
    pub fn org(&self) -> Option<usize> {
        self.roles.iter().find_map(|r| r.org)
    }
}

/// The registry of an article's people.
#[derive(Debug, Default)]
pub struct Persons {
    /// People, in order of first mention.
    pub list: Vec<Person>,
    by_id: FxHashMap<String, usize>,
    by_short: FxHashMap<String, Vec<usize>>,
    clock: u64,
}

impl Persons {
    /// The person with this full name, adding them if new.
    pub fn add(&mut self, name: &str) -> usize {
        let id = slug(name);
        self.clock += 1;
        if let Some(&i) = self.by_id.get(&id) {
            self.list[i].last_seen = self.clock;
            return i;
        }
        let parts: Vec<&str> = name.split_whitespace().collect();
        let mut short_forms = Vec::new();
        if let Some(last) = parts.last().filter(|_| parts.len() > 1) {
            short_forms.push(last.to_string());
        }
        if parts.len() <= 3 && parts.len() > 1 && parts[0].chars().count() <= 5 {
            short_forms.push(parts[0].to_string());
        }
        for f in &short_forms {
            self.by_short
                .entry(f.clone())
                .or_default()
                .push(self.list.len());
        }
        self.list.push(Person {
            id: id.clone(),
            name: name.to_string(),
            short_forms,
            roles: Vec::new(),
            last_seen: self.clock,
        });
        self.by_id.insert(id, self.list.len() - 1);
        self.list.len() - 1
    }

    /// The known person a name refers to: the full name, or a later short form.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_id.get(&slug(name)) {
            return Some(i);
        }
        // A surname alone: the most recently mentioned person with it.
        self.by_short
            .get(name)?
            .iter()
            .copied()
            .max_by_key(|&i| self.list[i].last_seen)
    }

    /// Marks a person as just mentioned.
    pub fn touch(&mut self, i: usize) {
        self.clock += 1;
        if let Some(p) = self.list.get_mut(i) {
            p.last_seen = self.clock;
        }
    }

    /// The most recently mentioned person holding a role that `fits`.
    pub fn latest_with(&self, fits: impl Fn(&HeldRole) -> bool) -> Option<usize> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, p)| p.roles.iter().any(&fits))
            .max_by_key(|(_, p)| p.last_seen)
            .map(|(i, _)| i)
    }

    /// Records a role for a person (once per role and organization).
    pub fn add_role(&mut self, i: usize, role: HeldRole) {
        let Some(p) = self.list.get_mut(i) else {
            return;
        };
        if let Some(r) = p.roles.iter_mut().find(|r| r.role == role.role) {
            if r.org.is_none() && role.org.is_some() {
                r.org = role.org;
                r.confidence = r.confidence.max(role.confidence);
            }
            return;
        }
        p.roles.push(role);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(name: &str) -> HeldRole {
        HeldRole {
            role: name.into(),
            org: None,
            fixed_org: None,
            sentence: 0,
            span: TextSpan { start: 0, end: 0 },
            confidence: 0.9,
        }
    }

    #[test]
    fn surnames_and_roles_resolve_to_the_latest_person() {
        let mut p = Persons::default();
        let a = p.add("Anna Berg");
        let b = p.add("Tom Lind");
        p.add_role(a, role("foreign_minister"));
        p.add_role(b, role("foreign_minister"));
        assert_eq!(p.lookup("Berg"), Some(a));
        assert_eq!(p.lookup("Anna Berg"), Some(a));
        assert_eq!(p.latest_with(|r| r.role == "foreign_minister"), Some(b));
        p.touch(a);
        assert_eq!(p.latest_with(|r| r.role == "foreign_minister"), Some(a));
        assert_eq!(p.lookup("Smith"), None);
    }

    #[test]
    fn short_family_names_first() {
        let mut p = Persons::default();
        let a = p.add("Liu Jieyi");
        assert_eq!(p.lookup("Liu"), Some(a));
        assert_eq!(p.list[a].id, "liu_jieyi");
    }
}
