//! Keystrokes that arrive faster than a person types are a paste. Terminals without
//! bracketed paste (Windows consoles: crossterm issue 737) deliver a paste as one key
//! event per character; taken as keys, the `q` in "Request failed" would quit.
//!
//! A bracketed paste whose text holds the terminal's own end marker (`ESC[201~`) ends
//! early, and the rest of it arrives as keys right behind the `Event::Paste` (F25):
//! Ctrl-D in it would submit the box, `q` quit. Keys in the same burst as a paste are
//! therefore taken as more of its text; Ctrl-D, Esc and arrows in it type nothing.
//!
//! `coalesce` is pure: timed events in, events out, with each burst of text keys folded
//! into one `Event::Paste`. The runtime stamps the events as it reads them.

use std::time::Duration;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Two text keys this close together belong to the same burst. People type at most
/// ~15 keys a second and two-key rollover is ~20 ms apart; a paste arrives at once.
pub const BURST_GAP: Duration = Duration::from_millis(8);

/// A burst needs at least this many text keys: one or two quick keys stay keys.
pub const MIN_BURST: usize = 3;

/// The text a key types if it is part of a paste: a character without Ctrl or Alt
/// (AltGr, reported as both, types text), Enter as a line break, Tab. Enter counts
/// whatever its modifiers: with bracketed paste enabled, Windows reports a pasted line
/// break as Ctrl-Enter (crossterm issue 962).
fn text_of(key: &KeyEvent) -> Option<char> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Enter => Some('\n'),
        KeyCode::Tab => Some('\t'),
        KeyCode::Char(c) if ctrl == alt => Some(c),
        _ => None,
    }
}

/// Fold bursts of text keys into pastes. `events` are stamped with when they were read
/// (any origin), in order. Key releases and repeats are dropped (Windows reports them,
/// and they would act twice). A run of one repeated character (a held key) stays keys.
pub fn coalesce(events: Vec<(Duration, Event)>) -> Vec<Event> {
    let mut out = Vec::new();
    let mut run: Vec<(Duration, KeyEvent, char)> = Vec::new();
    // When the last event was a terminal's paste (or a key folded into it): its time.
    let mut pasting: Option<Duration> = None;
    for (at, event) in events {
        if let Event::Key(key) = &event {
            if key.kind != KeyEventKind::Press {
                continue;
            }
            if let Some(last) = pasting
                && at.checked_sub(last).unwrap_or_default() <= BURST_GAP
                && let Some(Event::Paste(text)) = out.last_mut()
            {
                // The rest of a paste cut short by an `ESC[201~` inside it (F25).
                text.extend(text_of(key));
                pasting = Some(at);
                continue;
            }
            pasting = None;
            if let Some(c) = text_of(key) {
                let joins = run.last().is_none_or(|(last, _, _)| {
                    at.checked_sub(*last).unwrap_or_default() <= BURST_GAP
                });
                if !joins {
                    flush(&mut run, &mut out);
                }
                run.push((at, *key, c));
                continue;
            }
        }
        flush(&mut run, &mut out);
        pasting = matches!(event, Event::Paste(_)).then_some(at);
        out.push(event);
    }
    flush(&mut run, &mut out);
    out
}

fn flush(run: &mut Vec<(Duration, KeyEvent, char)>, out: &mut Vec<Event>) {
    let held_key = run.windows(2).all(|w| w[0].2 == w[1].2);
    if run.len() >= MIN_BURST && !held_key {
        out.push(Event::Paste(run.iter().map(|(_, _, c)| *c).collect()));
    } else {
        out.extend(run.iter().map(|(_, key, _)| Event::Key(*key)));
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// `text` typed with `gap` between keys, from time `from`.
    fn typed(text: &str, from: u64, gap: u64) -> Vec<(Duration, Event)> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                let code = if c == '\n' {
                    KeyCode::Enter
                } else {
                    KeyCode::Char(c)
                };
                (ms(from + i as u64 * gap), key(code))
            })
            .collect()
    }

    #[test]
    fn a_burst_is_one_paste_and_fires_no_shortcut() {
        let out = coalesce(typed("Request failed with status 401", 0, 0));
        assert_eq!(out, [Event::Paste("Request failed with status 401".into())]);
        let out = coalesce(typed("line one\nline two", 100, 1));
        assert_eq!(out, [Event::Paste("line one\nline two".into())]);
    }

    #[test]
    fn a_person_typing_stays_keys() {
        let events = typed("qrp", 0, 60);
        let out = coalesce(events.clone());
        assert_eq!(out, events.into_iter().map(|(_, e)| e).collect::<Vec<_>>());
    }

    #[test]
    fn two_quick_keys_are_not_a_paste() {
        let out = coalesce(typed("jk", 0, 1));
        assert_eq!(out, [key(KeyCode::Char('j')), key(KeyCode::Char('k'))]);
    }

    #[test]
    fn a_held_key_that_queued_up_stays_keys() {
        let out = coalesce(typed("jjjjj", 0, 0));
        assert_eq!(out.len(), 5);
        assert!(out.iter().all(|e| *e == key(KeyCode::Char('j'))));
    }

    #[test]
    fn a_pause_splits_bursts_and_other_keys_end_them() {
        let mut events = typed("abc", 0, 1);
        events.extend(typed("q", 500, 0));
        events.push((ms(501), key(KeyCode::Down)));
        events.extend(typed("xyz", 502, 2));
        let out = coalesce(events);
        assert_eq!(
            out,
            [
                Event::Paste("abc".into()),
                key(KeyCode::Char('q')),
                key(KeyCode::Down),
                Event::Paste("xyz".into()),
            ]
        );
    }

    #[test]
    fn releases_are_dropped_and_do_not_break_a_burst() {
        let mut events = Vec::new();
        for (i, c) in "abc".chars().enumerate() {
            let press = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            let mut release = press;
            release.kind = KeyEventKind::Release;
            events.push((ms(i as u64), Event::Key(press)));
            events.push((ms(i as u64), Event::Key(release)));
        }
        assert_eq!(coalesce(events), [Event::Paste("abc".into())]);
    }

    #[test]
    fn windows_line_breaks_and_altgr_characters_stay_in_the_paste() {
        let mut events = typed("ab", 0, 0);
        let ctrl_enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::CONTROL);
        events.push((ms(0), Event::Key(ctrl_enter)));
        let altgr_at = KeyEvent::new(
            KeyCode::Char('@'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        );
        events.push((ms(0), Event::Key(altgr_at)));
        assert_eq!(coalesce(events), [Event::Paste("ab\n@".into())]);
    }

    #[test]
    fn keys_right_behind_a_paste_are_more_of_its_text() {
        // `ESC[200~text ESC[201~ tail 1r ^D q ← ESC[201~`, as crossterm parses it.
        let mut events = vec![(ms(0), Event::Paste("text".into()))];
        events.extend(typed(" tail 1r", 0, 0));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        events.push((ms(1), Event::Key(ctrl_d)));
        events.extend(typed("q", 2, 0));
        events.push((ms(3), key(KeyCode::Esc)));
        events.push((ms(3), key(KeyCode::Left)));
        events.extend(typed("\n", 4, 0));
        assert_eq!(coalesce(events), [Event::Paste("text tail 1rq\n".into())]);
    }

    #[test]
    fn a_key_after_a_pause_or_another_event_acts_again() {
        let ctrl_d = Event::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL));
        let events = vec![
            (ms(0), Event::Paste("text".into())),
            (ms(0), Event::Resize(80, 24)),
            (ms(0), ctrl_d.clone()),
            (ms(100), Event::Paste("more".into())),
            (ms(200), ctrl_d.clone()),
        ];
        assert_eq!(
            coalesce(events),
            [
                Event::Paste("text".into()),
                Event::Resize(80, 24),
                ctrl_d.clone(),
                Event::Paste("more".into()),
                ctrl_d,
            ]
        );
    }

    #[test]
    fn ctrl_keys_are_never_text() {
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        let mut events = typed("ab", 0, 0);
        events.push((ms(0), ctrl_c.clone()));
        events.extend(typed("cd", 0, 0));
        let out = coalesce(events);
        assert_eq!(out.len(), 5, "{out:?}");
        assert_eq!(out[2], ctrl_c);
    }
}
