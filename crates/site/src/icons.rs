//! Inline SVG icons for contact lines and profiles, from the icon crates: Lucide's outlines (light,
//! and a few hundred bytes each), and Simple Icons for the networks Lucide draws none of. Drawn
//! in the text's colour, hidden from screen readers (the words beside them say it), nothing
//! fetched.

use icondata_core::IconData;
use minijinja::Value;

/// `icon("email")`: the icon of a contact line (`email`, `phone`, `web`, `location`, `text`,
/// `pdf`, `stats`, `languages`, `link`); an unknown name is the link icon.
pub(crate) fn icon(name: String) -> Value {
    use icondata_lu as lu;
    let data = match name.as_str() {
        "email" => lu::LuMail,
        "phone" => lu::LuPhone,
        "web" => lu::LuGlobe,
        "location" => lu::LuMapPin,
        "text" => lu::LuFileText,
        "pdf" => lu::LuFileDown,
        "stats" => lu::LuChartNoAxesColumn,
        "languages" => lu::LuLanguages,
        _ => lu::LuLink,
    };
    svg(data)
}

/// The icon of a profile, by its network's name, else by its address's host; a network with no
/// icon of its own gets the link icon.
pub(crate) fn profile_icon(network: Option<String>, url: Option<String>) -> Value {
    let key = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let by_name = network.as_deref().map(key).and_then(|n| network_icon(&n));
    let by_host = || {
        let url = url.as_deref()?;
        let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
        let host = host.trim_start_matches("www.").to_ascii_lowercase();
        let label = host.rsplit('.').nth(1).unwrap_or(&host);
        network_icon(&key(label))
    };
    svg(by_name.or_else(by_host).unwrap_or(icondata_lu::LuLink))
}

fn network_icon(key: &str) -> Option<&'static IconData> {
    use icondata_lu as lu;
    use icondata_si as si;
    Some(match key {
        "github" => lu::LuGithub,
        "gitlab" => lu::LuGitlab,
        "linkedin" => lu::LuLinkedin,
        "twitter" => lu::LuTwitter,
        "youtube" => lu::LuYoutube,
        "instagram" => lu::LuInstagram,
        "facebook" => lu::LuFacebook,
        "dribbble" => lu::LuDribbble,
        "codepen" => lu::LuCodepen,
        "figma" => lu::LuFigma,
        "twitch" => lu::LuTwitch,
        "slack" => lu::LuSlack,
        "blog" | "rss" => lu::LuRss,
        "x" | "xcom" => si::SiX,
        "mastodon" => si::SiMastodon,
        "stackoverflow" | "stackexchange" => si::SiStackoverflow,
        "medium" => si::SiMedium,
        "behance" => si::SiBehance,
        "threads" => si::SiThreads,
        "telegram" => si::SiTelegram,
        "substack" => si::SiSubstack,
        "discord" => si::SiDiscord,
        "reddit" => si::SiReddit,
        "bluesky" | "bsky" => si::SiBluesky,
        "wordpress" => si::SiWordpress,
        "orcid" => si::SiOrcid,
        "googlescholar" | "scholar" => si::SiGooglescholar,
        "researchgate" => si::SiResearchgate,
        "kaggle" => si::SiKaggle,
        "leetcode" => si::SiLeetcode,
        "hackerrank" => si::SiHackerrank,
        "devto" | "dev" => si::SiDevdotto,
        "npm" | "npmjs" => si::SiNpm,
        "huggingface" => si::SiHuggingface,
        "keybase" => si::SiKeybase,
        "xing" => si::SiXing,
        _ => return None,
    })
}

/// The icon as an inline `<svg>` sized by CSS (`.i`, 1em by default), in `currentColor`: filled,
/// or stroked as its set draws it.
fn svg(data: &IconData) -> Value {
    let view_box = data.view_box.unwrap_or("0 0 24 24");
    let paint = match data.stroke {
        Some(_) => format!(
            r#"fill="none" stroke="currentColor" stroke-width="{}" stroke-linecap="round" stroke-linejoin="round""#,
            data.stroke_width.unwrap_or("2")
        ),
        None => r#"fill="currentColor""#.to_owned(),
    };
    // The sets write each element on its own line, with ` />`: a few bytes fewer per icon.
    let body: String = data.data.lines().map(str::trim).collect::<String>().replace(" />", "/>");
    Value::from_safe_string(format!(
        r#"<svg class="i" viewBox="{view_box}" {paint} aria-hidden="true" focusable="false">{body}</svg>"#
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_find_their_icon_by_name_or_address() {
        let named = |n: &str| profile_icon(Some(n.into()), None).to_string();
        let at = |u: &str| profile_icon(None, Some(u.into())).to_string();
        let link = svg(icondata_lu::LuLink).to_string();
        assert_eq!(named("GitHub"), svg(icondata_lu::LuGithub).to_string());
        assert_eq!(named("Stack Overflow"), svg(icondata_si::SiStackoverflow).to_string());
        assert_eq!(named("Google Scholar"), svg(icondata_si::SiGooglescholar).to_string());
        assert_eq!(at("https://www.linkedin.com/in/ada"), svg(icondata_lu::LuLinkedin).to_string());
        assert_eq!(at("https://orcid.org/0000-0002"), svg(icondata_si::SiOrcid).to_string());
        assert_eq!(named("My blog"), link);
        assert_eq!(profile_icon(None, None).to_string(), link);
        assert!(named("GitHub").starts_with("<svg class=\"i\" viewBox=\"0 0 24 24\" fill=\"none\" stroke="));
        assert!(named("ORCID").contains("fill=\"currentColor\""));
        assert!(named("GitHub").contains("aria-hidden=\"true\""));
    }
}
