//! The page's language: `<html lang>`, the theme's own words and the way dates read. Month names
//! come from the GNU C library's locale data (`pure-rust-locales`), country names and lengths of
//! time from Unicode's CLDR (through ICU4X, with the data of [`crate::cldr`]); the theme's words are
//! ours.

use fixed_decimal::Decimal;
use icu_experimental::dimension::units::formatter::UnitsFormatter;
use icu_experimental::dimension::units::options::{UnitsFormatterOptions, Width};
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::{LanguageDisplayNames, RegionDisplayNames};
use icu_locale_core::subtags::Region;
use pure_rust_locales::{Locale, locale_match};
use serde::Serialize;

use crate::cldr::Cldr;

/// A language the built-in theme speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    /// English.
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Portuguese.
    Pt,
    /// Russian.
    Ru,
    /// Chinese.
    Zh,
    /// Japanese.
    Ja,
    /// Korean.
    Ko,
}

/// Every language, in the order `--help` lists them.
pub const LANGS: &[Lang] = &[Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Pt, Lang::Ru, Lang::Zh, Lang::Ja, Lang::Ko];

/// The theme's own words in one language.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Words {
    /// The page title without a name ("Resume").
    pub resume: &'static str,
    /// The skip link ("Skip to content").
    pub skip: &'static str,
    /// The summary's heading.
    pub about: &'static str,
    /// The jobs' heading.
    pub experience: &'static str,
    /// The projects' heading.
    pub projects: &'static str,
    /// The volunteer work's heading.
    pub volunteering: &'static str,
    /// The education's heading.
    pub education: &'static str,
    /// The skills' heading.
    pub skills: &'static str,
    /// The awards' heading.
    pub awards: &'static str,
    /// The certificates' heading.
    pub certificates: &'static str,
    /// The publications' heading.
    pub publications: &'static str,
    /// The spoken languages' heading.
    pub languages: &'static str,
    /// The interests' heading.
    pub interests: &'static str,
    /// The references' heading.
    pub references: &'static str,
    /// The end of an ongoing period ("present").
    pub present: &'static str,
    /// The statistics page's title and link.
    pub statistics: &'static str,
    /// The line on what the counter keeps.
    pub privacy: &'static str,
    /// The 404 page's title.
    pub not_found: &'static str,
    /// The 404 page's sentence.
    pub not_found_text: &'static str,
    /// The 404 page's link home.
    pub back: &'static str,
    /// The counter's words, for the page's script: one view, many views, …
    pub view: &'static str,
    /// Many views.
    pub views: &'static str,
    /// One visitor.
    pub visitor: &'static str,
    /// Many visitors.
    pub visitors: &'static str,
    /// The counter's tooltip when it cannot answer.
    pub unavailable: &'static str,
    /// The statistics page: `{name}` stands for the resume's name.
    pub resume_of: &'static str,
    /// What the chart shows ("Views and visitors per day, last 30 days (UTC)").
    pub per_day: &'static str,
    /// The legend of the bars.
    pub views_bars: &'static str,
    /// The legend of the line.
    pub visitors_line: &'static str,
    /// The table's date column.
    pub date: &'static str,
    /// The table's views column.
    pub views_heading: &'static str,
    /// The table's visitors column.
    pub visitors_heading: &'static str,
    /// The chart's date axis.
    pub date_axis: &'static str,
    /// The sentence when the statistics cannot be read.
    pub stats_unavailable: &'static str,
    /// "last 30 days", after the totals.
    pub last_30_days: &'static str,
    /// The link to the plain-text resume (`resume.txt`).
    pub plain_text: &'static str,
    /// The link to the PDF, on a site built with it.
    pub download_pdf: &'static str,
    /// What the contact lines are, for a sidebar that holds them ("Contact").
    pub contact: &'static str,
    /// Before a school's courses ("Courses").
    pub courses: &'static str,
    /// What the language switcher is, for screen readers ("Language").
    pub language: &'static str,
}

impl Lang {
    /// The language of a BCP 47 tag (`de`, `pt-BR`, `zh-Hans-CN`, `ja_JP`), by its first subtag.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        LANGS.iter().copied().find(|l| l.tag() == primary)
    }

    /// The tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Pt => "pt",
            Lang::Ru => "ru",
            Lang::Zh => "zh",
            Lang::Ja => "ja",
            Lang::Ko => "ko",
        }
    }

    fn locale(self) -> Locale {
        match self {
            Lang::En => Locale::en_US,
            Lang::De => Locale::de_DE,
            Lang::Fr => Locale::fr_FR,
            Lang::Es => Locale::es_ES,
            Lang::Pt => Locale::pt_PT,
            Lang::Ru => Locale::ru_RU,
            Lang::Zh => Locale::zh_CN,
            Lang::Ja => Locale::ja_JP,
            Lang::Ko => Locale::ko_KR,
        }
    }

    /// A month of a year as the language writes it on its own: `May 2019`, `Mai 2019`,
    /// `май 2019`, `2019年5月`, `2019년 5월`.
    pub fn month_year(self, year: &str, month: usize) -> String {
        let locale = self.locale();
        // The standalone (nominative) form where the language has one, as Russian does.
        let names = locale_match!(locale => LC_TIME::AB_ALT_MON).unwrap_or(locale_match!(locale => LC_TIME::ABMON));
        let name = names.get(month.wrapping_sub(1)).map_or("", |n| n.trim());
        match self {
            Lang::Zh | Lang::Ja => format!("{year}年{name}"),
            Lang::Ko => format!("{year}년 {name}"),
            _ => format!("{name} {year}"),
        }
    }

    /// Every way the language's calendar names the months (full and abbreviated, standalone
    /// and in a date), each list January first, from the GNU C library's locale data.
    fn month_name_lists(self) -> Vec<&'static [&'static str]> {
        let locale = self.locale();
        let mut lists = vec![locale_match!(locale => LC_TIME::MON), locale_match!(locale => LC_TIME::ABMON)];
        lists.extend(locale_match!(locale => LC_TIME::ALT_MON));
        lists.extend(locale_match!(locale => LC_TIME::AB_ALT_MON));
        lists
    }

    /// The theme's words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Pt => &PT,
            Lang::Ru => &RU,
            Lang::Zh => &ZH,
            Lang::Ja => &JA,
            Lang::Ko => &KO,
        }
    }
}

/// The month (1 to 12) a word names in any of the page's languages, full or abbreviated, with
/// or without a final dot, in any case: "August", "Aug.", "Septembre", "sept.", "Dezember",
/// "März", "мая", "5月". English's "Sept" too, which glibc does not list.
pub(crate) fn month_named(word: &str) -> Option<u32> {
    static NAMES: std::sync::LazyLock<Vec<(String, u32)>> = std::sync::LazyLock::new(|| {
        let mut names = vec![("sept".to_owned(), 9)];
        for lang in LANGS {
            for list in lang.month_name_lists() {
                for (i, name) in list.iter().enumerate().take(12) {
                    let name = name.trim().trim_end_matches('.').to_lowercase();
                    if !name.is_empty() {
                        names.push((name, i as u32 + 1));
                    }
                }
            }
        }
        names
    });
    let word = word.trim().trim_end_matches('.').to_lowercase();
    if word.is_empty() {
        return None;
    }
    NAMES.iter().find(|(name, _)| *name == word).map(|&(_, month)| month)
}

/// The English names of languages: CLDR knows a language when it names it.
static LANGUAGE_NAMES: std::sync::LazyLock<Option<LanguageDisplayNames>> = std::sync::LazyLock::new(|| {
    let locale: icu_locale_core::Locale = "en".parse().ok()?;
    LanguageDisplayNames::try_new_unstable(&Cldr, locale.into(), DisplayNamesOptions::default()).ok()
});

/// Whether CLDR names the language of this primary subtag (`de`, `pt`, `haw`); `go` and `js`
/// are no languages.
pub(crate) fn is_known_language(primary: &str) -> bool {
    let Ok(language) = icu_locale_core::subtags::Language::try_from_str(primary) else { return false };
    LANGUAGE_NAMES.as_ref().is_some_and(|names| names.of(language).is_some())
}

/// A language tag's name in its own language, as a language switcher names it: `Deutsch`,
/// `English`, `Português (Brasil)`, `日本語`; the tag itself when CLDR does not name it.
pub fn native_name(tag: &str) -> String {
    let Ok(id) = icu_locale_core::LanguageIdentifier::try_from_str(&tag.replace('_', "-")) else {
        return tag.to_owned();
    };
    let own = icu_locale_core::Locale::from(icu_locale_core::LanguageIdentifier::from((id.language, None, None)));
    let options = DisplayNamesOptions::default();
    let name = LanguageDisplayNames::try_new_unstable(&Cldr, own.clone().into(), options)
        .ok()
        .and_then(|names| names.of(id.language).map(str::to_owned));
    let Some(name) = name else { return tag.to_owned() };
    // Menus capitalise a language's name where the language does (português → Português).
    let mut chars = name.chars();
    let mut shown: String = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    shown.extend(chars);
    let region = id.region.and_then(|region| {
        RegionDisplayNames::try_new_unstable(&Cldr, own.into(), options).ok()?.of(region).map(str::to_owned)
    });
    match region {
        Some(region) => format!("{shown} ({region})"),
        None => shown,
    }
}

/// What the page says in CLDR's words: country names for ISO codes and lengths of time.
pub struct Phrases {
    regions: Option<RegionDisplayNames>,
    years: Option<UnitsFormatter>,
    months: Option<UnitsFormatter>,
}

impl Phrases {
    /// The phrases of `lang` (each formatter that CLDR's data cannot make is left out, and
    /// what it would have said is not said).
    pub fn new(lang: Lang) -> Self {
        let locale: Option<icu_locale_core::Locale> = lang.tag().parse().ok();
        let units = |unit: &str| {
            let prefs = locale.clone()?.into();
            UnitsFormatter::try_new_unstable(&Cldr, prefs, unit, UnitsFormatterOptions::from(Width::Long)).ok()
        };
        Self {
            regions: locale.clone().and_then(|l| {
                RegionDisplayNames::try_new_unstable(&Cldr, l.into(), DisplayNamesOptions::default()).ok()
            }),
            years: units("year"),
            months: units("month"),
        }
    }

    /// The country an ISO 3166-1 code names (`CN` → `China`, `Chine`, `中国`), in any case;
    /// `None` for anything that is not such a code, which the page then shows as written.
    pub fn country(&self, code: &str) -> Option<String> {
        let code = code.trim();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let code = code.to_ascii_uppercase();
        // ISO leaves AA, QM–QZ, XA–XZ and ZZ to private use (CLDR's `ZZ` is "Unknown Region");
        // of those, only Kosovo's XK is in common use.
        let private = code == "AA"
            || code == "ZZ"
            || (code.as_str() >= "QM" && code.as_str() <= "QZ")
            || (code.starts_with('X') && code != "XK");
        if private {
            return None;
        }
        let region = Region::try_from_str(&code).ok()?;
        self.regions.as_ref()?.of(region).map(str::to_owned)
    }

    /// How long an entry ran, from `start` to `end` (to `today`'s month when it is ongoing), as
    /// [`Phrases::duration`] says it; none where a date names no month.
    pub fn length(&self, start: Option<&str>, end: Option<&str>, today: time::Date) -> Option<String> {
        let this_month = (today.year(), u8::from(today.month()));
        crate::text::months_between(start, end, this_month).and_then(|months| self.duration(months))
    }

    /// A length of time in whole months, as years and months: `2 years 3 months`, `1 Jahr`,
    /// `5 mois`, `2 年 3 か月`. Parts that are zero are left out; `None` for no time at all.
    pub fn duration(&self, total_months: u32) -> Option<String> {
        let (years, months) = (total_months / 12, total_months % 12);
        let part = |n: u32, unit: &Option<UnitsFormatter>| -> Option<String> {
            (n > 0).then(|| unit.as_ref().map(|f| f.format_fixed_decimal(&Decimal::from(n)).to_string()))?
        };
        let parts: Vec<String> = [part(years, &self.years), part(months, &self.months)].into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

const EN: Words = Words {
    resume: "Resume",
    skip: "Skip to content",
    about: "About",
    experience: "Experience",
    projects: "Projects",
    volunteering: "Volunteering",
    education: "Education",
    skills: "Skills",
    awards: "Awards",
    certificates: "Certificates",
    publications: "Publications",
    languages: "Languages",
    interests: "Interests",
    references: "References",
    present: "present",
    statistics: "Visit statistics",
    privacy: "Counted without cookies: no IP address or browser details are kept.",
    not_found: "Page not found",
    not_found_text: "There is nothing at this address.",
    contact: "Contact",
    courses: "Courses",
    language: "Language",
    back: "Back to the resume",
    view: "view",
    views: "views",
    visitor: "visitor",
    visitors: "visitors",
    unavailable: "The visit counter is unavailable right now",
    resume_of: "The resume of {name}",
    per_day: "Views and visitors per day, last 30 days (UTC)",
    views_bars: "Views (bars)",
    visitors_line: "Visitors (line with dots)",
    date: "Date",
    views_heading: "Views",
    visitors_heading: "Visitors",
    date_axis: "Date (UTC, month-day)",
    stats_unavailable: "The statistics are unavailable right now.",
    last_30_days: "last 30 days",
    plain_text: "Plain text",
    download_pdf: "Download PDF",
};

const DE: Words = Words {
    resume: "Lebenslauf",
    skip: "Zum Inhalt springen",
    about: "Über mich",
    experience: "Berufserfahrung",
    projects: "Projekte",
    volunteering: "Ehrenamt",
    education: "Ausbildung",
    skills: "Kenntnisse",
    awards: "Auszeichnungen",
    certificates: "Zertifikate",
    publications: "Veröffentlichungen",
    languages: "Sprachen",
    interests: "Interessen",
    references: "Referenzen",
    present: "heute",
    statistics: "Besuchsstatistik",
    privacy: "Gezählt ohne Cookies: keine IP-Adresse und keine Browserdaten werden gespeichert.",
    not_found: "Seite nicht gefunden",
    not_found_text: "Unter dieser Adresse gibt es nichts.",
    contact: "Kontakt",
    courses: "Kurse",
    language: "Sprache",
    back: "Zurück zum Lebenslauf",
    view: "Aufruf",
    views: "Aufrufe",
    visitor: "Besucher",
    visitors: "Besucher",
    unavailable: "Der Besuchszähler ist gerade nicht erreichbar",
    resume_of: "Der Lebenslauf von {name}",
    per_day: "Aufrufe und Besucher pro Tag, letzte 30 Tage (UTC)",
    views_bars: "Aufrufe (Balken)",
    visitors_line: "Besucher (Linie mit Punkten)",
    date: "Datum",
    views_heading: "Aufrufe",
    visitors_heading: "Besucher",
    date_axis: "Datum (UTC, Monat-Tag)",
    stats_unavailable: "Die Statistik ist gerade nicht verfügbar.",
    last_30_days: "letzte 30 Tage",
    plain_text: "Als Text",
    download_pdf: "PDF herunterladen",
};

const FR: Words = Words {
    resume: "CV",
    skip: "Aller au contenu",
    about: "À propos",
    experience: "Expérience",
    projects: "Projets",
    volunteering: "Bénévolat",
    education: "Formation",
    skills: "Compétences",
    awards: "Distinctions",
    certificates: "Certifications",
    publications: "Publications",
    languages: "Langues",
    interests: "Centres d'intérêt",
    references: "Références",
    present: "aujourd'hui",
    statistics: "Statistiques de visite",
    privacy: "Compté sans cookies : aucune adresse IP ni donnée du navigateur n'est conservée.",
    not_found: "Page introuvable",
    not_found_text: "Il n'y a rien à cette adresse.",
    contact: "Contact",
    courses: "Cours",
    language: "Langue",
    back: "Retour au CV",
    view: "vue",
    views: "vues",
    visitor: "visiteur",
    visitors: "visiteurs",
    unavailable: "Le compteur de visites est indisponible pour le moment",
    resume_of: "Le CV de {name}",
    per_day: "Vues et visiteurs par jour, 30 derniers jours (UTC)",
    views_bars: "Vues (barres)",
    visitors_line: "Visiteurs (ligne à points)",
    date: "Date",
    views_heading: "Vues",
    visitors_heading: "Visiteurs",
    date_axis: "Date (UTC, mois-jour)",
    stats_unavailable: "Les statistiques sont indisponibles pour le moment.",
    last_30_days: "30 derniers jours",
    plain_text: "Texte brut",
    download_pdf: "Télécharger le PDF",
};

const ES: Words = Words {
    resume: "Currículum",
    skip: "Ir al contenido",
    about: "Sobre mí",
    experience: "Experiencia",
    projects: "Proyectos",
    volunteering: "Voluntariado",
    education: "Formación",
    skills: "Habilidades",
    awards: "Premios",
    certificates: "Certificados",
    publications: "Publicaciones",
    languages: "Idiomas",
    interests: "Intereses",
    references: "Referencias",
    present: "actualidad",
    statistics: "Estadísticas de visitas",
    privacy: "Contado sin cookies: no se guarda ninguna dirección IP ni dato del navegador.",
    not_found: "Página no encontrada",
    not_found_text: "No hay nada en esta dirección.",
    contact: "Contacto",
    courses: "Cursos",
    language: "Idioma",
    back: "Volver al currículum",
    view: "visita",
    views: "visitas",
    visitor: "visitante",
    visitors: "visitantes",
    unavailable: "El contador de visitas no está disponible ahora",
    resume_of: "El currículum de {name}",
    per_day: "Visitas y visitantes por día, últimos 30 días (UTC)",
    views_bars: "Visitas (barras)",
    visitors_line: "Visitantes (línea con puntos)",
    date: "Fecha",
    views_heading: "Visitas",
    visitors_heading: "Visitantes",
    date_axis: "Fecha (UTC, mes-día)",
    stats_unavailable: "Las estadísticas no están disponibles ahora.",
    last_30_days: "últimos 30 días",
    plain_text: "Texto plano",
    download_pdf: "Descargar PDF",
};

const PT: Words = Words {
    resume: "Currículo",
    skip: "Ir para o conteúdo",
    about: "Sobre",
    experience: "Experiência",
    projects: "Projetos",
    volunteering: "Voluntariado",
    education: "Formação",
    skills: "Competências",
    awards: "Prémios",
    certificates: "Certificados",
    publications: "Publicações",
    languages: "Idiomas",
    interests: "Interesses",
    references: "Referências",
    present: "atual",
    statistics: "Estatísticas de visitas",
    privacy: "Contado sem cookies: nenhum endereço IP nem dado do navegador é guardado.",
    not_found: "Página não encontrada",
    not_found_text: "Não há nada neste endereço.",
    contact: "Contato",
    courses: "Disciplinas",
    language: "Idioma",
    back: "Voltar ao currículo",
    view: "visualização",
    views: "visualizações",
    visitor: "visitante",
    visitors: "visitantes",
    unavailable: "O contador de visitas está indisponível de momento",
    resume_of: "O currículo de {name}",
    per_day: "Visualizações e visitantes por dia, últimos 30 dias (UTC)",
    views_bars: "Visualizações (barras)",
    visitors_line: "Visitantes (linha com pontos)",
    date: "Data",
    views_heading: "Visualizações",
    visitors_heading: "Visitantes",
    date_axis: "Data (UTC, mês-dia)",
    stats_unavailable: "As estatísticas estão indisponíveis de momento.",
    last_30_days: "últimos 30 dias",
    plain_text: "Texto simples",
    download_pdf: "Baixar PDF",
};

const RU: Words = Words {
    resume: "Резюме",
    skip: "Перейти к содержанию",
    about: "О себе",
    experience: "Опыт работы",
    projects: "Проекты",
    volunteering: "Волонтёрство",
    education: "Образование",
    skills: "Навыки",
    awards: "Награды",
    certificates: "Сертификаты",
    publications: "Публикации",
    languages: "Языки",
    interests: "Интересы",
    references: "Рекомендации",
    present: "по настоящее время",
    statistics: "Статистика посещений",
    privacy: "Подсчёт без cookie: IP-адреса и данные браузера не сохраняются.",
    not_found: "Страница не найдена",
    not_found_text: "По этому адресу ничего нет.",
    contact: "Контакты",
    courses: "Курсы",
    language: "Язык",
    back: "Вернуться к резюме",
    view: "просмотр",
    views: "просмотров",
    visitor: "посетитель",
    visitors: "посетителей",
    unavailable: "Счётчик посещений сейчас недоступен",
    resume_of: "Резюме: {name}",
    per_day: "Просмотры и посетители по дням, последние 30 дней (UTC)",
    views_bars: "Просмотры (столбцы)",
    visitors_line: "Посетители (линия с точками)",
    date: "Дата",
    views_heading: "Просмотры",
    visitors_heading: "Посетители",
    date_axis: "Дата (UTC, месяц-день)",
    stats_unavailable: "Статистика сейчас недоступна.",
    last_30_days: "последние 30 дней",
    plain_text: "Простой текст",
    download_pdf: "Скачать PDF",
};

const ZH: Words = Words {
    resume: "简历",
    skip: "跳到正文",
    about: "关于我",
    experience: "工作经历",
    projects: "项目",
    volunteering: "志愿经历",
    education: "教育背景",
    skills: "技能",
    awards: "荣誉",
    certificates: "证书",
    publications: "出版物",
    languages: "语言",
    interests: "兴趣",
    references: "推荐",
    present: "至今",
    statistics: "访问统计",
    privacy: "不使用 Cookie 计数：不保存 IP 地址或浏览器信息。",
    not_found: "页面不存在",
    not_found_text: "此地址没有内容。",
    contact: "联系方式",
    courses: "课程",
    language: "语言",
    back: "返回简历",
    view: "次浏览",
    views: "次浏览",
    visitor: "位访客",
    visitors: "位访客",
    unavailable: "访问计数暂时不可用",
    resume_of: "{name}的简历",
    per_day: "每日浏览量和访客数，最近 30 天（UTC）",
    views_bars: "浏览量（柱形）",
    visitors_line: "访客（带点折线）",
    date: "日期",
    views_heading: "浏览量",
    visitors_heading: "访客",
    date_axis: "日期（UTC，月-日）",
    stats_unavailable: "统计数据暂时不可用。",
    last_30_days: "最近 30 天",
    plain_text: "纯文本",
    download_pdf: "下载 PDF",
};

const JA: Words = Words {
    resume: "履歴書",
    skip: "本文へ移動",
    about: "自己紹介",
    experience: "職歴",
    projects: "プロジェクト",
    volunteering: "ボランティア",
    education: "学歴",
    skills: "スキル",
    awards: "受賞歴",
    certificates: "資格",
    publications: "出版物",
    languages: "語学",
    interests: "興味",
    references: "推薦",
    present: "現在",
    statistics: "アクセス統計",
    privacy: "Cookie を使わずに数えています：IP アドレスやブラウザの情報は保存しません。",
    not_found: "ページが見つかりません",
    not_found_text: "このアドレスには何もありません。",
    contact: "連絡先",
    courses: "履修科目",
    language: "言語",
    back: "履歴書に戻る",
    view: "回閲覧",
    views: "回閲覧",
    visitor: "人の訪問者",
    visitors: "人の訪問者",
    unavailable: "アクセスカウンターは現在利用できません",
    resume_of: "{name}の履歴書",
    per_day: "1日ごとの閲覧数と訪問者数、過去30日間（UTC）",
    views_bars: "閲覧数（棒）",
    visitors_line: "訪問者数（点付きの線）",
    date: "日付",
    views_heading: "閲覧数",
    visitors_heading: "訪問者数",
    date_axis: "日付（UTC、月-日）",
    stats_unavailable: "統計は現在利用できません。",
    last_30_days: "過去30日間",
    plain_text: "テキスト版",
    download_pdf: "PDF をダウンロード",
};

const KO: Words = Words {
    resume: "이력서",
    skip: "본문으로 건너뛰기",
    about: "소개",
    experience: "경력",
    projects: "프로젝트",
    volunteering: "봉사 활동",
    education: "학력",
    skills: "기술",
    awards: "수상",
    certificates: "자격증",
    publications: "출판물",
    languages: "언어",
    interests: "관심사",
    references: "추천인",
    present: "현재",
    statistics: "방문 통계",
    privacy: "쿠키 없이 셉니다: IP 주소나 브라우저 정보는 저장하지 않습니다.",
    not_found: "페이지를 찾을 수 없습니다",
    not_found_text: "이 주소에는 아무것도 없습니다.",
    contact: "연락처",
    courses: "수강 과목",
    language: "언어",
    back: "이력서로 돌아가기",
    view: "회 조회",
    views: "회 조회",
    visitor: "명 방문",
    visitors: "명 방문",
    unavailable: "방문 카운터를 지금은 사용할 수 없습니다",
    resume_of: "{name}의 이력서",
    per_day: "일별 조회수와 방문자 수, 최근 30일(UTC)",
    views_bars: "조회수(막대)",
    visitors_line: "방문자 수(점이 있는 선)",
    date: "날짜",
    views_heading: "조회수",
    visitors_heading: "방문자 수",
    date_axis: "날짜(UTC, 월-일)",
    stats_unavailable: "지금은 통계를 볼 수 없습니다.",
    last_30_days: "최근 30일",
    plain_text: "텍스트 버전",
    download_pdf: "PDF 다운로드",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_in_themselves_and_only_languages_are_languages() {
        assert_eq!(native_name("de"), "Deutsch");
        assert_eq!(native_name("en"), "English");
        assert_eq!(native_name("pt-BR"), "Português (Brasil)");
        assert_eq!(native_name("fr"), "Français");
        assert_eq!(native_name("ja"), "日本語");
        assert_eq!(native_name("xx-yy-zz-qq"), "xx-yy-zz-qq");
        for known in ["de", "en", "pt", "it", "haw"] {
            assert!(is_known_language(known), "{known}");
        }
        for unknown in ["go", "js", "xx", "Go", ""] {
            assert!(!is_known_language(unknown), "{unknown}");
        }
    }

    #[test]
    fn tags_by_their_first_subtag() {
        assert_eq!(Lang::from_tag("de"), Some(Lang::De));
        assert_eq!(Lang::from_tag("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::from_tag("zh_Hans_CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("KO"), Some(Lang::Ko));
        assert_eq!(Lang::from_tag("tlh"), None);
    }

    #[test]
    fn months_as_each_language_writes_them() {
        let may = |l: Lang| l.month_year("2019", 5);
        assert_eq!(may(Lang::En), "May 2019");
        assert_eq!(may(Lang::De), "Mai 2019");
        assert_eq!(may(Lang::Fr), "mai 2019");
        assert_eq!(may(Lang::Es), "may 2019");
        assert_eq!(may(Lang::Ru), "май 2019");
        assert_eq!(may(Lang::Zh), "2019年5月");
        assert_eq!(may(Lang::Ja), "2019年5月");
        assert_eq!(may(Lang::Ko), "2019년 5월");
        assert_eq!(Lang::De.month_year("2019", 3), "Mär 2019");
    }

    #[test]
    fn countries_by_their_iso_code() {
        let china = |l: Lang| Phrases::new(l).country("CN");
        assert_eq!(china(Lang::En).as_deref(), Some("China"));
        assert_eq!(china(Lang::Fr).as_deref(), Some("Chine"));
        assert_eq!(china(Lang::Ru).as_deref(), Some("Китай"));
        assert_eq!(china(Lang::Ja).as_deref(), Some("中国"));
        assert_eq!(Phrases::new(Lang::De).country("us").as_deref(), Some("Vereinigte Staaten"));
        let en = Phrases::new(Lang::En);
        for not_a_code in ["", "C", "CHN", "156", "Germany", "X1", "ZZ"] {
            assert_eq!(en.country(not_a_code), None, "{not_a_code:?}");
        }
    }

    #[test]
    fn lengths_of_time_in_years_and_months() {
        let en = Phrases::new(Lang::En);
        assert_eq!(en.duration(27).as_deref(), Some("2 years 3 months"));
        assert_eq!(en.duration(12).as_deref(), Some("1 year"));
        assert_eq!(en.duration(1).as_deref(), Some("1 month"));
        assert_eq!(en.duration(0), None);
        assert_eq!(Phrases::new(Lang::De).duration(27).as_deref(), Some("2 Jahre 3 Monate"));
        assert_eq!(Phrases::new(Lang::Fr).duration(13).as_deref(), Some("1\u{a0}an 1\u{a0}mois"));
    }

    #[test]
    fn every_language_finds_its_cldr_data() {
        // site::cldr bakes its own five markers: a missing one leaves a formatter out, and the
        // page would show `DE` and no lengths of time. Russian has three plural forms of a year.
        for &lang in LANGS {
            let phrases = Phrases::new(lang);
            let germany = phrases.country("DE");
            assert!(germany.as_deref().is_some_and(|name| name != "DE"), "{lang:?}: {germany:?}");
            assert!(phrases.duration(14).is_some(), "{lang:?}");
        }
        let ru = Phrases::new(Lang::Ru);
        let years = [12, 24, 60].map(|months| ru.duration(months).unwrap());
        assert_eq!(years, ["1 год", "2 года", "5 лет"]);
        assert_eq!(Phrases::new(Lang::Ja).duration(27).as_deref(), Some("2 年 3 か月"));
    }
}
