//! The one SDK instance of the page: the core session plus the JS resources
//! it drives. Every entry point (an API call, a socket event, the timer)
//! feeds the session, then `drive` carries out its outputs and dispatches
//! queued events with no borrow held, so handlers may call the SDK again.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;

use crate::core::emitted::Emitted;
use crate::core::id_map::IdMap;
use crate::core::observability::Uploader;
use crate::core::phone::{Phone, PhoneOutput};
use crate::core::redact::redact;
use crate::core::{ErrorCode, Inbound, Output, SdkError, Session};
use crate::protocol::events::SdkErrorEvent;
use crate::web::emitter::Emitter;
use crate::web::socket::{Socket, SocketEvent};
use crate::web::timer::Timer;
use crate::web::{convert, error, log, observability, softphone};

/// A pending promise's settle functions.
struct Waiter {
    resolve: Function,
    reject: Function,
}

/// The page's SDK state.
pub struct Runtime {
    session: RefCell<Session>,
    emitter: Emitter,
    socket: RefCell<Option<Socket>>,
    generation: Cell<u32>,
    timer: RefCell<Option<Timer>>,
    waiters: RefCell<IdMap<Waiter>>,
    queue: RefCell<VecDeque<(String, JsValue)>>,
    dispatching: Cell<bool>,
    phone: RefCell<Phone>,
    sip_socket: RefCell<Option<Socket>>,
    sip_generation: Cell<u32>,
    stun_url: RefCell<String>,
    /// `setup({ observability: true })`: the SDK's own errors and notable
    /// events, batched to the gateway.
    uploader: RefCell<Uploader>,
    /// Called by `media.js` when a chosen audio device goes away; owned here
    /// for the page's lifetime, like the runtime itself.
    _fallback: Closure<dyn FnMut(JsValue)>,
    /// Called by `media.js` with a media problem to report (autoplay).
    _problem: Closure<dyn FnMut(JsValue)>,
}

thread_local! {
    static RUNTIME: Rc<Runtime> = Rc::new(Runtime::new());
}

/// Runs `f` with the page's runtime.
pub fn with<R>(f: impl FnOnce(&Runtime) -> R) -> R {
    RUNTIME.with(|rt| f(rt))
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

impl Runtime {
    fn new() -> Self {
        let seed = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
        let fallback = Closure::new(|payload: JsValue| with(|rt| rt.device_fallback(payload)));
        softphone::on_fallback(fallback.as_ref().unchecked_ref());
        let problem = Closure::new(|message: JsValue| {
            let message = message.as_string().unwrap_or_default();
            with(|rt| {
                rt.report(ErrorCode::MediaNotSupported, message);
                rt.dispatch();
            })
        });
        softphone::on_problem(problem.as_ref().unchecked_ref());
        Self {
            session: RefCell::new(Session::new(seed)),
            emitter: Emitter::default(),
            socket: RefCell::new(None),
            generation: Cell::new(0),
            timer: RefCell::new(None),
            waiters: RefCell::new(IdMap::new()),
            queue: RefCell::new(VecDeque::new()),
            dispatching: Cell::new(false),
            phone: RefCell::new(Phone::new(seed.rotate_left(17))),
            sip_socket: RefCell::new(None),
            sip_generation: Cell::new(0),
            stun_url: RefCell::new(String::new()),
            uploader: RefCell::new(Uploader::default()),
            _fallback: fallback,
            _problem: problem,
        }
    }

    /// The session, for a short synchronous call.
    pub fn session(&self) -> std::cell::RefMut<'_, Session> {
        self.session.borrow_mut()
    }

    /// The listeners.
    pub fn emitter(&self) -> &Emitter {
        &self.emitter
    }

    /// Runs `start` (which registers a request in the session) and returns
    /// a promise settled by the request's response or local error.
    pub fn request(&self, start: impl FnOnce(&mut Session, u64) -> Result<u64, SdkError>) -> Promise {
        let started = start(&mut self.session.borrow_mut(), now());
        let id = match started {
            Ok(id) => id,
            Err(err) => return Promise::reject(&error::to_js(&err)),
        };
        let mut waiter = None;
        let promise = Promise::new(&mut |resolve, reject| waiter = Some(Waiter { resolve, reject }));
        if let Some(waiter) = waiter {
            self.waiters.borrow_mut().insert(id, waiter);
        }
        self.drive();
        promise
    }

    /// Carries out everything the session asked for, re-arms the timer and
    /// dispatches queued events.
    pub fn drive(&self) {
        loop {
            let output = self.session.borrow_mut().poll_output();
            match output {
                None => break,
                Some(Output::Connect(url)) => self.connect(&url),
                Some(Output::Send(text)) => self.send(&text),
                Some(Output::Close) => {
                    // Dropped outside the borrow: its Drop detaches listeners.
                    let old = self.socket.borrow_mut().take();
                    drop(old);
                }
                Some(Output::Reject { id, error }) => {
                    let waiter = self.waiters.borrow_mut().remove(id);
                    if let Some(waiter) = waiter {
                        let _ = waiter.reject.call1(&JsValue::UNDEFINED, &error::to_js(&error));
                    }
                }
                Some(Output::Emit(event)) => self.queue_sdk_event(&event),
            }
        }
        // The softphone lives as long as the agent session.
        if !self.session.borrow().is_logged_in() && self.phone.borrow().is_started() {
            self.phone.borrow_mut().stop(now());
        }
        self.drive_phone();
        self.arm_timer();
        self.dispatch();
    }

    fn drive_phone(&self) {
        loop {
            let output = self.phone.borrow_mut().poll_output();
            match output {
                None => break,
                Some(PhoneOutput::Connect(url)) => self.connect_sip(&url),
                Some(PhoneOutput::Send(text)) => {
                    let result = self.sip_socket.borrow().as_ref().map(|s| s.send(&text));
                    if let Some(Err(cause)) = result {
                        log::error("SIP send failed", &cause);
                    }
                }
                Some(PhoneOutput::Close) => {
                    let old = self.sip_socket.borrow_mut().take();
                    drop(old);
                }
                Some(PhoneOutput::Ring(on)) => softphone::ring(on),
                Some(PhoneOutput::Answer(offer)) => {
                    softphone::answer_media(offer, self.stun_url.borrow().clone(), false)
                }
                Some(PhoneOutput::Renegotiate(offer)) => softphone::answer_media(offer, String::new(), true),
                Some(PhoneOutput::EndMedia) => softphone::end_media(),
                Some(PhoneOutput::ReadStats) => softphone::read_stats(),
                Some(PhoneOutput::Stats(stats)) => {
                    self.queue.borrow_mut().push_back(("webrtcStats".into(), softphone::stats_event(&stats)))
                }
                Some(PhoneOutput::Warning(change)) => {
                    self.queue.borrow_mut().push_back(("qualityWarning".into(), softphone::warning_event(&change)))
                }
                Some(PhoneOutput::Emit(event)) => self.queue_sdk_event(&event),
            }
        }
    }

    fn connect_sip(&self, url: &str) {
        let old = self.sip_socket.borrow_mut().take();
        drop(old);
        let generation = self.sip_generation.get().wrapping_add(1);
        self.sip_generation.set(generation);
        log::debug(&format!("connecting the softphone to {url}"));
        match Socket::open(url, Some("sip"), generation, on_sip_socket_event) {
            Ok(socket) => *self.sip_socket.borrow_mut() = Some(socket),
            Err(cause) => {
                log::error(&format!("cannot open the SIP WebSocket to {url}"), &cause);
                self.phone.borrow_mut().socket_closed(1006, now());
            }
        }
    }

    fn on_sip_socket(&self, generation: u32, event: SocketEvent) {
        if generation != self.sip_generation.get() {
            return;
        }
        match event {
            SocketEvent::Open => self.phone.borrow_mut().socket_opened(now()),
            SocketEvent::Closed(code) => {
                self.sip_socket.borrow_mut().take();
                self.phone.borrow_mut().socket_closed(code, now());
            }
            SocketEvent::Text(text) => {
                let text = String::from(text);
                if log::debug_enabled() {
                    log::debug(&format!("SIP <- {}", redact(&text)));
                }
                self.phone.borrow_mut().frame(&text, now());
            }
            SocketEvent::Binary => {}
        }
        self.drive();
    }

    /// The media layer finished an SDP answer (or could not make one).
    pub fn media_done(&self, result: Result<String, JsValue>) {
        match result {
            Ok(sdp) => self.phone.borrow_mut().media_answered(sdp, now()),
            Err(cause) => {
                let message = describe(&cause);
                log::error("the softphone could not answer", &cause);
                self.phone.borrow_mut().media_failed(message, now());
            }
        }
        self.drive();
    }

    /// The media layer read the call's statistics (`None`: it had none).
    pub fn stats_done(&self, sample: Option<crate::core::quality::RawSample>) {
        self.phone.borrow_mut().stats_read(sample, now());
        self.drive();
    }

    /// A chosen audio device went away and the default one took over.
    fn device_fallback(&self, payload: JsValue) {
        self.queue.borrow_mut().push_back(("audioDeviceFallback".into(), payload));
        self.dispatch();
    }

    /// Runs a softphone operation (`sipLink`, `sipUnlink`): it resolves
    /// like a server answer and is emitted as `<action>Resp`.
    pub fn phone_operation(&self, action: &str, run: impl FnOnce(&mut Phone, u64) -> Result<(), SdkError>) -> Promise {
        if self.session.borrow().config().is_none() {
            return Promise::reject(&error::to_js(&SdkError::not_initialized(action)));
        }
        let result = run(&mut self.phone.borrow_mut(), now());
        let promise = match result {
            Ok(()) => {
                let response = convert::json_to_js(&format!(r#"{{"action":"{action}Resp","code":0,"message":"ok"}}"#));
                self.queue.borrow_mut().push_back((format!("{action}Resp"), response.clone()));
                Promise::resolve(&response)
            }
            Err(err) => Promise::reject(&error::to_js(&err)),
        };
        self.drive();
        promise
    }

    fn connect(&self, url: &str) {
        let old = self.socket.borrow_mut().take();
        drop(old);
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        log::debug(&format!("connecting to {url}"));
        match Socket::open(url, None, generation, on_socket_event) {
            Ok(socket) => *self.socket.borrow_mut() = Some(socket),
            Err(cause) => {
                log::error(&format!("cannot open a WebSocket to {url}"), &cause);
                self.session.borrow_mut().socket_closed(1006, now());
            }
        }
    }

    fn send(&self, text: &str) {
        if log::debug_enabled() {
            log::debug(&format!("-> {}", redact(text)));
        }
        let result = self.socket.borrow().as_ref().map(|s| s.send(text));
        if let Some(Err(cause)) = result {
            // The close event that follows lets the session recover.
            log::error("send failed", &cause);
        }
    }

    fn arm_timer(&self) {
        let session = self.session.borrow().poll_timeout();
        let phone = self.phone.borrow().poll_timeout();
        let upload = self.uploader.borrow().poll_timeout();
        let deadline = session.into_iter().chain(phone).chain(upload).min();
        let mut timer = self.timer.borrow_mut();
        match deadline {
            Some(at) => timer.get_or_insert_with(|| Timer::new(|| with(Runtime::on_timer))).arm_at(at, now),
            None => {
                if let Some(t) = timer.as_mut() {
                    t.disarm();
                }
            }
        }
    }

    fn on_timer(&self) {
        if let Some(timer) = self.timer.borrow_mut().as_mut() {
            timer.fired();
        }
        self.session.borrow_mut().handle_timeout(now());
        self.phone.borrow_mut().handle_timeout(now());
        self.upload_due();
        self.drive();
    }

    /// Sends the observability batch that is due, if any. Uploads need the
    /// session's token; without a session the records wait for one.
    fn upload_due(&self) {
        let session = self.session.borrow();
        let (Some(config), Some(token)) = (session.config(), session.token()) else {
            self.uploader.borrow_mut().postpone(now());
            return;
        };
        let batch = self.uploader.borrow_mut().handle_timeout(now());
        if let Some(body) = batch {
            observability::send(&config.base_url, token, &body);
        }
    }

    /// An observability upload finished.
    pub fn upload_done(&self, accepted: bool) {
        if !accepted {
            log::debug("the observability upload failed; it will be retried");
        }
        self.uploader.borrow_mut().upload_done(accepted, now());
        self.arm_timer();
    }

    fn on_socket(&self, generation: u32, event: SocketEvent) {
        if generation != self.generation.get() {
            return;
        }
        match event {
            SocketEvent::Open => self.session.borrow_mut().socket_opened(now()),
            SocketEvent::Closed(code) => {
                log::debug(&format!("socket closed with code {code}"));
                self.socket.borrow_mut().take();
                self.session.borrow_mut().socket_closed(code, now());
            }
            SocketEvent::Text(text) => self.on_text(&text),
            SocketEvent::Binary => self.report(ErrorCode::BadFrame, "the gateway sent a binary frame".into()),
        }
        self.drive();
    }

    fn on_text(&self, text: &JsString) {
        if log::debug_enabled() {
            log::debug(&format!("<- {}", redact(&String::from(text))));
        }
        let Some(obj) = convert::parse_frame(text) else {
            return self.report(ErrorCode::BadFrame, "the gateway sent a frame that is not a JSON object".into());
        };
        let inbound = self.session.borrow_mut().handle_frame(convert::frame_head(&obj), now());
        match inbound {
            Inbound::Response { id, action, strip_token } => {
                if strip_token {
                    let _ = Reflect::delete_property(&obj, &"token".into());
                    self.start_phone(&obj);
                }
                let waiter = self.waiters.borrow_mut().remove(id);
                if let Some(waiter) = waiter {
                    let _ = waiter.resolve.call1(&JsValue::UNDEFINED, &obj);
                }
                self.queue.borrow_mut().push_back((action, obj.into()));
            }
            Inbound::Push { event_type } => {
                // The phone only needs the agent's state while it runs.
                if event_type == "agentStatus" && self.phone.borrow().is_started() {
                    if let Some(state) = convert::agent_state(&obj) {
                        self.phone.borrow_mut().set_agent_state(&state);
                    }
                }
                self.queue.borrow_mut().push_back((event_type, obj.into()));
            }
            Inbound::GatewayError { code } => {
                let message = convert::string_field(&obj, "message").unwrap_or_default();
                self.report(ErrorCode::BadFrame, format!("the gateway rejected a frame: {code}: {message}"));
            }
            Inbound::Bad(why) => self.report(ErrorCode::BadFrame, format!("unreadable frame from the gateway: {why}")),
            Inbound::Consumed => {}
        }
    }

    /// A softphone login (endpointType 3 with the gateway's softphone
    /// fields) starts the phone, unless `setup({ webrtc: false })`.
    fn start_phone(&self, login_response: &JsValue) {
        let Some(config) = self.session.borrow().config().cloned() else { return };
        if config.webrtc == Some(false) {
            return;
        }
        if let Some((login, stun)) = softphone::login_of(login_response) {
            if let Err(invalid) = config.check_socket_url("webrtcSocketUrl", &login.socket_url) {
                self.report(ErrorCode::SipNotAvailable, format!("the softphone did not start: {invalid}"));
                return;
            }
            *self.stun_url.borrow_mut() = stun;
            let stats = self.session.borrow().config().is_some_and(|c| c.webrtc_stats == Some(true));
            self.phone.borrow_mut().set_stats(stats);
            self.phone.borrow_mut().start(login);
        }
    }

    /// Reports a problem that belongs to no promise, as `sdkError`.
    pub fn report(&self, code: ErrorCode, message: String) {
        log::error(&message, &JsValue::UNDEFINED);
        self.queue_sdk_event(&Emitted::SdkError(SdkErrorEvent { code: code.as_str().into(), message }));
    }

    fn queue_sdk_event(&self, event: &Emitted) {
        let mut payload = convert::ObjectMembers::default();
        event.write(&mut payload);
        self.queue.borrow_mut().push_back((event.name().to_string(), payload.0.into()));
    }

    /// Delivers queued events in order. A nested call (a handler calling the
    /// SDK) only queues; the outermost loop delivers, so handlers never run
    /// inside another handler's SDK call and order is kept.
    fn dispatch(&self) {
        if self.dispatching.replace(true) {
            return;
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some((name, payload)) = next else { break };
            self.observe(&name, &payload);
            let Some(listeners) = self.emitter.snapshot(&name) else { continue };
            for listener in listeners.iter() {
                if listener.once && !self.emitter.take_once(&name, &listener.handler) {
                    continue;
                }
                if let Err(thrown) = listener.handler.call1(&JsValue::UNDEFINED, &payload) {
                    log::error(&format!("a '{name}' handler threw; other handlers still run"), &thrown);
                    // A throwing sdkError handler is only logged: reporting it
                    // as sdkError again could loop forever.
                    if name != "sdkError" {
                        let message = format!("a '{name}' handler threw: {}", describe(&thrown));
                        self.queue_sdk_event(&Emitted::SdkError(SdkErrorEvent {
                            code: ErrorCode::HandlerError.as_str().into(),
                            message,
                        }));
                    }
                }
            }
        }
        self.dispatching.set(false);
    }
}

impl Runtime {
    /// Queues a delivered event for upload when `observability` is on (the
    /// uploader keeps only the kinds it uploads).
    fn observe(&self, name: &str, payload: &JsValue) {
        let on = self.session.borrow().config().is_some_and(|c| c.observability == Some(true));
        if !on || !crate::core::observability::UPLOADED_EVENTS.contains(&name) {
            return;
        }
        let json = JSON::stringify(payload).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "null".into());
        self.uploader.borrow_mut().record(name, &json, now());
        // The first record sets the upload's deadline.
        self.arm_timer();
    }
}

fn describe(thrown: &JsValue) -> String {
    convert::string_field(thrown, "message")
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "a non-Error value".into())
}

fn on_socket_event(generation: u32, event: SocketEvent) {
    with(|rt| rt.on_socket(generation, event));
}

fn on_sip_socket_event(generation: u32, event: SocketEvent) {
    with(|rt| rt.on_sip_socket(generation, event));
}
