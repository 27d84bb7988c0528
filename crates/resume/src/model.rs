use serde::{Deserialize, Serialize};

/// A JSON Resume (schema v1.0.0). Every field is optional, as in the schema; fields this
/// version does not know are not kept (the reading rules read the pre-1.0 ones as their 1.0 names).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resume {
    /// Who the resume is about: name, contact, summary, profiles.
    #[serde(default)]
    pub basics: Basics,
    /// The picture `basics.image` names, read from beside the resume file by [`crate::read`]
    /// (not part of the JSON).
    #[serde(skip)]
    pub photo: Option<crate::Photo>,
    /// The page's language when given (`--lang`); else the resume's `meta.lang`, else English.
    #[serde(skip)]
    pub lang: Option<crate::Lang>,
    /// Jobs.
    #[serde(default)]
    pub work: Vec<Work>,
    /// Volunteer work.
    #[serde(default)]
    pub volunteer: Vec<Volunteer>,
    /// Schools and studies.
    #[serde(default)]
    pub education: Vec<Education>,
    /// Awards.
    #[serde(default)]
    pub awards: Vec<Award>,
    /// Certificates.
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    /// Publications.
    #[serde(default)]
    pub publications: Vec<Publication>,
    /// Skills.
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Spoken languages.
    #[serde(default)]
    pub languages: Vec<Language>,
    /// Interests.
    #[serde(default)]
    pub interests: Vec<Interest>,
    /// References.
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Projects.
    #[serde(default)]
    pub projects: Vec<Project>,
    /// The `meta` object as written (`lang`, `canonical`, …).
    #[serde(default)]
    pub meta: Option<serde_json::Value>,
}

impl Resume {
    /// The resume's own `meta.lang`, as written (`en-US`).
    pub fn language_tag(&self) -> Option<&str> {
        self.meta.as_ref()?.get("lang")?.as_str()
    }

    /// The theme the resume asks for (`meta.theme`, the JSON Resume registry's convention), as
    /// written; a name that is no built-in theme is a reading's warning, and the default is used.
    pub fn meta_theme(&self) -> Option<&str> {
        self.meta.as_ref()?.get("theme")?.as_str()
    }
}

/// Who the resume is about.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Basics {
    /// The person's name.
    pub name: Option<String>,
    /// A one-line title ("Programmer").
    pub label: Option<String>,
    /// A picture: a file next to the resume, or a URL.
    pub image: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// A personal website.
    pub url: Option<String>,
    /// A few paragraphs about the person.
    pub summary: Option<String>,
    /// Where the person lives.
    pub location: Option<Location>,
    /// Profiles on other sites.
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

/// Where the person lives.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Street and number.
    pub address: Option<String>,
    /// The postal code.
    pub postal_code: Option<String>,
    /// The city.
    pub city: Option<String>,
    /// An ISO 3166-1 code (`DE`), shown as the country's name.
    pub country_code: Option<String>,
    /// The state or region.
    pub region: Option<String>,
}

/// A profile on another site.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Profile {
    /// The site ("GitHub").
    pub network: Option<String>,
    /// The name there.
    pub username: Option<String>,
    /// The profile's address.
    pub url: Option<String>,
}

/// A job.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Work {
    /// The employer's name.
    pub name: Option<String>,
    /// Where the job was.
    pub location: Option<String>,
    /// What the employer does.
    pub description: Option<String>,
    /// The job title.
    pub position: Option<String>,
    /// The employer's website.
    pub url: Option<String>,
    /// When it began (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub start_date: Option<String>,
    /// When it ended; absent while ongoing.
    pub end_date: Option<String>,
    /// What the job was, in paragraphs.
    pub summary: Option<String>,
    /// Achievements, one per line.
    #[serde(default)]
    pub highlights: Vec<String>,
}

/// Volunteer work.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Volunteer {
    /// The organisation's name.
    pub organization: Option<String>,
    /// The role.
    pub position: Option<String>,
    /// The organisation's website.
    pub url: Option<String>,
    /// When it began.
    pub start_date: Option<String>,
    /// When it ended; absent while ongoing.
    pub end_date: Option<String>,
    /// What it was, in paragraphs.
    pub summary: Option<String>,
    /// Achievements, one per line.
    #[serde(default)]
    pub highlights: Vec<String>,
}

/// A school or a course of study.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Education {
    /// The school's name.
    pub institution: Option<String>,
    /// The school's website.
    pub url: Option<String>,
    /// The subject ("Computer Science").
    pub area: Option<String>,
    /// The degree ("Bachelor").
    pub study_type: Option<String>,
    /// When it began.
    pub start_date: Option<String>,
    /// When it ended.
    pub end_date: Option<String>,
    /// A grade or GPA.
    pub score: Option<String>,
    /// Courses taken.
    #[serde(default)]
    pub courses: Vec<String>,
}

/// An award.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Award {
    /// The award's name.
    pub title: Option<String>,
    /// When it was given.
    pub date: Option<String>,
    /// Who gave it.
    pub awarder: Option<String>,
    /// What it was for.
    pub summary: Option<String>,
}

/// A certificate.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Certificate {
    /// The certificate's name.
    pub name: Option<String>,
    /// When it was issued.
    pub date: Option<String>,
    /// Where it can be checked.
    pub url: Option<String>,
    /// Who issued it.
    pub issuer: Option<String>,
}

/// A publication.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Publication {
    /// Its title.
    pub name: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it came out.
    pub release_date: Option<String>,
    /// Where it can be read.
    pub url: Option<String>,
    /// What it is about.
    pub summary: Option<String>,
}

/// A skill.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Skill {
    /// The skill's name.
    pub name: Option<String>,
    /// How good ("Master").
    pub level: Option<String>,
    /// Related keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A spoken language.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Language {
    /// The language's name.
    pub language: Option<String>,
    /// How well ("Native speaker").
    pub fluency: Option<String>,
}

/// An interest.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Interest {
    /// The interest's name.
    pub name: Option<String>,
    /// Related keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A reference.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Reference {
    /// Who gives it.
    pub name: Option<String>,
    /// What they say.
    pub reference: Option<String>,
}

/// A project.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// The project's name.
    pub name: Option<String>,
    /// What it is.
    pub description: Option<String>,
    /// Achievements, one per line.
    #[serde(default)]
    pub highlights: Vec<String>,
    /// Related keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// When it began.
    pub start_date: Option<String>,
    /// When it ended.
    pub end_date: Option<String>,
    /// Where it can be seen.
    pub url: Option<String>,
    /// The person's roles in it.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Who it was for.
    pub entity: Option<String>,
    /// Its kind (`type` in the JSON: "application", "talk", …).
    #[serde(rename = "type")]
    pub kind: Option<String>,
}
