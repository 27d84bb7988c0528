//! The page's language: `<html lang>`, the theme's own words and the way dates read. Month names
//! come from the GNU C library's locale data (`pure-rust-locales`); the theme's words are ours.

use pure_rust_locales::{Locale, locale_match};
use serde::Serialize;

/// A language the built-in theme speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
    Pt,
    Ru,
    Zh,
    Ja,
    Ko,
}

/// Every language, in the order `--help` lists them.
pub const LANGS: &[Lang] = &[Lang::En, Lang::De, Lang::Fr, Lang::Es, Lang::Pt, Lang::Ru, Lang::Zh, Lang::Ja, Lang::Ko];

/// The theme's own words in one language.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Words {
    pub resume: &'static str,
    pub skip: &'static str,
    pub about: &'static str,
    pub experience: &'static str,
    pub projects: &'static str,
    pub volunteering: &'static str,
    pub education: &'static str,
    pub skills: &'static str,
    pub awards: &'static str,
    pub certificates: &'static str,
    pub publications: &'static str,
    pub languages: &'static str,
    pub interests: &'static str,
    pub references: &'static str,
    pub present: &'static str,
    pub statistics: &'static str,
    pub privacy: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub back: &'static str,
    /// The counter's words, for the page's script: one view, many views, …
    pub view: &'static str,
    pub views: &'static str,
    pub visitor: &'static str,
    pub visitors: &'static str,
    pub unavailable: &'static str,
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
    back: "Back to the resume",
    view: "view",
    views: "views",
    visitor: "visitor",
    visitors: "visitors",
    unavailable: "The visit counter is unavailable right now",
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
    back: "Zurück zum Lebenslauf",
    view: "Aufruf",
    views: "Aufrufe",
    visitor: "Besucher",
    visitors: "Besucher",
    unavailable: "Der Besuchszähler ist gerade nicht erreichbar",
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
    back: "Retour au CV",
    view: "vue",
    views: "vues",
    visitor: "visiteur",
    visitors: "visiteurs",
    unavailable: "Le compteur de visites est indisponible pour le moment",
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
    back: "Volver al currículum",
    view: "visita",
    views: "visitas",
    visitor: "visitante",
    visitors: "visitantes",
    unavailable: "El contador de visitas no está disponible ahora",
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
    back: "Voltar ao currículo",
    view: "visualização",
    views: "visualizações",
    visitor: "visitante",
    visitors: "visitantes",
    unavailable: "O contador de visitas está indisponível de momento",
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
    back: "Вернуться к резюме",
    view: "просмотр",
    views: "просмотров",
    visitor: "посетитель",
    visitors: "посетителей",
    unavailable: "Счётчик посещений сейчас недоступен",
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
    back: "返回简历",
    view: "次浏览",
    views: "次浏览",
    visitor: "位访客",
    visitors: "位访客",
    unavailable: "访问计数暂时不可用",
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
    back: "履歴書に戻る",
    view: "回閲覧",
    views: "回閲覧",
    visitor: "人の訪問者",
    visitors: "人の訪問者",
    unavailable: "アクセスカウンターは現在利用できません",
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
    back: "이력서로 돌아가기",
    view: "회 조회",
    views: "회 조회",
    visitor: "명 방문",
    visitors: "명 방문",
    unavailable: "방문 카운터를 지금은 사용할 수 없습니다",
};

#[cfg(test)]
mod tests {
    use super::*;

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
}
