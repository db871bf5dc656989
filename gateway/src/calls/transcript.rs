//! A scripted transcription of each conversation between an agent and a
//! customer, for tenants with `transcript` on: the sentences of a short
//! support dialogue, agent and customer in turn, each growing word by word
//! (`intermediateResult`, about one word per [`WORD_MS`]) and then closed
//! (`sentenceEnd` with the engine timestamps), with a pause between
//! sentences. Times are measured from when the conversation began, like a
//! recording. The feed goes to the call's agent and to supervisors
//! monitoring the call; it pauses while the customer is held, in an IVR or
//! away in a consult.

use agent_sdk::protocol::events::TranscriptEvent;
use agent_sdk::protocol::Event;

use crate::calls::call::{Call, LegState, Phase};
use crate::calls::engine::Engine;
use crate::calls::{AgentKey, Agents};

/// About one spoken word.
pub const WORD_MS: u64 = 350;
/// Silence between two sentences.
pub const GAP_MS: u64 = 900;
/// How long a recogniser takes to settle a finished sentence.
pub const SETTLE_MS: u64 = 150;

/// The dialogue: role (1 agent, 2 customer) and sentence, spoken in turn
/// and started over when it runs out.
const SCRIPT: &[(i64, &str)] = &[
    (1, "Thank you for calling, how can I help you today?"),
    (2, "Hi, I was charged twice for my last order."),
    (1, "I am sorry to hear that, let me look at your account."),
    (2, "Sure, the order number is four two seven one."),
    (1, "I can see both charges, I will refund the second one now."),
    (2, "Great, how long will the refund take?"),
    (1, "It should reach your card within three working days."),
    (2, "Perfect, thank you for your help."),
];

/// Where a call's transcription stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// When the next update is due.
    pub next_at: u64,
    /// When the conversation (the recording) began.
    started_at: u64,
    /// Sentences finished so far: the index of the current one.
    sentence: usize,
    /// Words of the current sentence recognised so far.
    words: usize,
    /// When the current sentence began.
    sentence_began: u64,
}

/// One step of a feed: the event fields that depend on the script.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// 1 agent, 2 customer.
    pub role: i64,
    /// The text so far.
    pub text: String,
    /// Sentence index.
    pub index: usize,
    /// The sentence is complete.
    pub finished: bool,
    /// Sentence begin, ms since the conversation began.
    pub begin: u64,
    /// Now, ms since the conversation began.
    pub end: u64,
    /// When the sentence began (gateway ms).
    pub began_at: u64,
}

impl Feed {
    /// A feed whose conversation began at `now`; the first words come a
    /// word's time later.
    pub fn start(now: u64) -> Self {
        Self { next_at: now + WORD_MS, started_at: now, sentence: 0, words: 0, sentence_began: now }
    }

    /// The update due at `now`: one more word, or the end of the sentence.
    pub fn step(&mut self, now: u64) -> Step {
        let (role, line) = SCRIPT[self.sentence % SCRIPT.len()];
        let all: Vec<&str> = line.split(' ').collect();
        self.words = (self.words + 1).min(all.len());
        let finished = self.words == all.len();
        let step = Step {
            role,
            text: all[..self.words].join(" "),
            index: self.sentence,
            finished,
            begin: self.sentence_began - self.started_at,
            end: now.saturating_sub(self.started_at),
            began_at: self.sentence_began,
        };
        if finished {
            self.sentence += 1;
            self.words = 0;
            self.next_at = now + GAP_MS;
            self.sentence_began = self.next_at;
        } else {
            self.next_at = now + if self.words + 1 == all.len() { WORD_MS + SETTLE_MS } else { WORD_MS };
        }
        step
    }

    /// Waits until `now + GAP_MS` without speaking (the customer is away).
    pub fn pause(&mut self, now: u64) {
        self.next_at = now + GAP_MS;
        if self.words == 0 {
            self.sentence_began = self.next_at;
        }
    }
}

/// Whether the agent and the customer talk with each other now.
fn talking(call: &Call) -> bool {
    let up = |i: Option<usize>| i.and_then(|i| call.legs.get(i)).is_some_and(|l| l.state == LegState::Up);
    let held = call.customer.and_then(|i| call.legs.get(i)).is_some_and(|l| l.held);
    let consulting = call.consult.as_ref().is_some_and(|c| !c.threeway);
    call.phase == Phase::Connected && up(call.customer) && up(call.owner) && !held && !consulting && call.ivr.is_none()
}

impl Engine {
    /// Starts the feed of every conversation that began, in tenants with
    /// transcription on.
    pub(super) fn start_transcripts(&mut self, now: u64) {
        for i in 0..self.calls.len() {
            let call = &self.calls[i];
            if call.transcript.is_some() || !talking(call) || !self.settings(&call.tenant_id).transcript {
                continue;
            }
            self.calls[i].transcript = Some(Feed::start(now));
        }
    }

    /// The feed's update is due: push it to the agent and the supervisors
    /// monitoring the call.
    pub(super) fn transcript_step(&mut self, _ag: &mut dyn Agents, call: &mut Call, now: u64) {
        let live = talking(call);
        let Some(feed) = call.transcript.as_mut() else { return };
        if !live {
            return feed.pause(now);
        }
        let step = feed.step(now);
        let epoch = |ms: u64| (self.epoch_ms(ms)) as f64;
        let event = TranscriptEvent {
            text: step.text,
            role: step.role,
            transcript_time: epoch(now),
            begin_time: step.begin as f64,
            end_time: step.end as f64,
            finished: i64::from(step.finished),
            sentence_index: step.index as i64,
            sentence_type: if step.finished { "sentenceEnd" } else { "intermediateResult" }.to_string(),
            main_unique_id: call.main_unique_id.clone(),
            sentence_begin_timestamp: step.finished.then(|| epoch(step.began_at)),
            sentence_end_timestamp: step.finished.then(|| epoch(now)),
        };
        let owner = call.owner.and_then(|o| call.agent_of(o));
        let monitors =
            (call.monitor_legs()).filter(|(_, l)| l.state == LegState::Up).filter_map(|(_, l)| l.party.agent_no());
        let to: Vec<AgentKey> =
            owner.into_iter().chain(monitors).map(|no| AgentKey::new(&call.tenant_id, no)).collect();
        for key in to {
            self.push(&key, Event::TranscriptEvent(event.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_grows_word_by_word_then_ends_and_the_other_side_speaks() {
        let mut feed = Feed::start(1_000);
        let mut steps = Vec::new();
        while steps.iter().filter(|s: &&Step| s.finished).count() < 2 {
            let at = feed.next_at;
            steps.push(feed.step(at));
        }
        let first: Vec<&Step> = steps.iter().filter(|s| s.index == 0).collect();
        assert_eq!(first[0].text, "Thank");
        assert!(!first[0].finished);
        assert_eq!(first.last().unwrap().text, SCRIPT[0].1);
        assert!(first.last().unwrap().finished);
        assert!(first.iter().all(|s| s.role == 1 && s.begin == 0));
        assert!(first.windows(2).all(|w| w[0].end < w[1].end), "end time grows");
        let second: Vec<&Step> = steps.iter().filter(|s| s.index == 1).collect();
        assert!(second.iter().all(|s| s.role == 2));
        let gap = second[0].begin - first.last().unwrap().end;
        assert_eq!(gap, GAP_MS);
    }

    #[test]
    fn a_pause_holds_the_sentence_back() {
        let mut feed = Feed::start(0);
        feed.pause(WORD_MS);
        assert_eq!(feed.next_at, WORD_MS + GAP_MS);
        let step = feed.step(feed.next_at);
        assert_eq!(step.begin, WORD_MS + GAP_MS, "the sentence began after the pause");
        assert_eq!(step.text, "Thank");
    }
}
